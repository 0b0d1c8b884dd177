// The cases the player's tests run in Chromium, one per page load: ?case=NAME&backend=js|wasm
// and the case's own parameters. Each posts JSON to /result, or its error to /error.
import { MidiFile, generateBuiltinSoundFont, generateDemoSong } from "../../dist/index.js";
import { createPlayer } from "../../dist/player/index.js";

const params = new URLSearchParams(location.search);
const backend = params.get("backend") ?? "js";
const sampleRate = 44100;

async function offlinePlayer(seconds, options = {}) {
  const context = new OfflineAudioContext(2, Math.round(seconds * sampleRate), sampleRate);
  const player = await createPlayer(context, { soundFont: generateBuiltinSoundFont(), backend, ...options });
  player.node.connect(context.destination);
  return { context, player };
}

function interleave(buffer) {
  const left = buffer.getChannelData(0);
  const right = buffer.getChannelData(1);
  const out = new Float32Array(2 * left.length);
  for (let i = 0; i < left.length; i++) {
    out[2 * i] = left[i];
    out[2 * i + 1] = right[i];
  }
  return Array.from(new Uint8Array(out.buffer), (byte) => String.fromCharCode(byte)).join("");
}

// Events the audio thread sent while rendering arrive after startRendering resolves: wait for
// the last quantum's batch (the 'ended' event, or a quiet moment).
function settled(ms = 300) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

const cases = {
  // A song rendered offline from `start` seconds: the demo song with the built-in font, or the
  // files at ?song= and ?font=.
  async song() {
    const seconds = Number(params.get("seconds"));
    const start = Number(params.get("start") ?? 0);
    const fetched = async (name) => new Uint8Array(await (await fetch(params.get(name))).arrayBuffer());
    const font = params.has("font") ? { soundFont: await fetched("font") } : {};
    // ?reverb= (JSON) as the player's option, ?chorus= (JSON) through setChorus before the song,
    // ?interpolation= as the player's option.
    const reverb = params.has("reverb") ? { reverb: JSON.parse(params.get("reverb")) } : {};
    const interpolation = params.has("interpolation") ? { interpolation: params.get("interpolation") } : {};
    const { context, player } = await offlinePlayer(seconds, { ...font, ...reverb, ...interpolation });
    if (params.has("chorus")) await player.setChorus(JSON.parse(params.get("chorus")));
    if (params.has("volume")) {
      const [channel, scale] = params.get("volume").split(":").map(Number);
      await player.setVolume(channel, scale);
    }
    await player.play(params.has("song") ? await fetched("song") : generateDemoSong(), { start });
    return { backend: player.backend, samples: btoa(interleave(await context.startRendering())) };
  },

  // Live notes at the given context frames: each alone in a render of its own (for its onset),
  // then all of them in one render.
  async live() {
    const frames = params.get("frames").split(",").map(Number);
    const seconds = Number(params.get("seconds"));
    const alone = [];
    for (const frame of frames) {
      const { context, player } = await offlinePlayer(seconds);
      await player.noteOn(0, 60, 100, frame / sampleRate);
      alone.push(btoa(interleave(await context.startRendering())));
    }
    const { context, player } = await offlinePlayer(seconds);
    for (const [i, frame] of frames.entries()) {
      await player.noteOn(i % 16 === 9 ? 0 : i % 16, 48 + i, 100, frame / sampleRate);
      await player.noteOff(i % 16 === 9 ? 0 : i % 16, 48 + i, frame / sampleRate + 0.05);
    }
    await player.send([0xb0, 7, 30], frames[0] / sampleRate);
    return { backend: player.backend, alone, together: btoa(interleave(await context.startRendering())) };
  },

  // The demo song paused at ?pause= and resumed at ?resume= (context seconds, on quantum
  // boundaries), with the positions the player reported at both moments.
  async transport() {
    const seconds = Number(params.get("seconds"));
    const pause = Number(params.get("pause"));
    const resume = Number(params.get("resume"));
    const { context, player } = await offlinePlayer(seconds);
    await player.play(generateDemoSong());
    const positions = {};
    if (params.has("seekAt")) {
      context.suspend(Number(params.get("seekAt"))).then(async () => {
        await player.seek(Number(params.get("seekTo")));
        positions.afterSeek = player.position;
        await context.resume();
      });
    }
    context.suspend(pause).then(async () => {
      await player.pause();
      positions.paused = player.position;
      await context.resume();
    });
    context.suspend(resume).then(async () => {
      positions.beforeResume = player.position;
      await player.resume();
      await context.resume();
    });
    const samples = btoa(interleave(await context.startRendering()));
    return { backend: player.backend, samples, positions, stats: await player.stats() };
  },

  // A song (?song=) with a font (?font=) in a real-time AudioContext for ?seconds=, while other
  // players load other fonts. Posts every player's stats, and the first's before its song.
  async realtime() {
    const bytes = async (url) => new Uint8Array(await (await fetch(url)).arrayBuffer());
    const seconds = Number(params.get("seconds"));
    const context = new AudioContext({ sampleRate });
    await context.resume();
    const player = await createPlayer(context, { soundFont: await bytes(params.get("font")), backend, polyphony: 64 });
    player.node.connect(context.destination);
    await player.play(await bytes(params.get("song")));
    const started = context.currentTime;
    // What its own load and the song's arrival cost, before anything played.
    const before = await player.stats();
    const wait = (s) => new Promise((resolve) => setTimeout(resolve, 1000 * s));
    // The other fonts (?load=, comma-separated) load one after another while the song plays,
    // each its own player on the same audio thread, spread over the middle of the run.
    const others = (params.get("load") ?? "").split(",").filter((url) => url !== "");
    const loads = [];
    for (const url of others) {
      await wait(seconds / (others.length + 1));
      const font = await bytes(url);
      const began = performance.now();
      loads.push({ player: await createPlayer(context, { soundFont: font, backend }), url, seconds: (performance.now() - began) / 1000 });
    }
    await wait(Math.max(0, seconds - (context.currentTime - started)));
    const stats = await player.stats();
    const played = context.currentTime - started;
    const loaded = [];
    for (const load of loads) {
      loaded.push({ url: load.url, seconds: load.seconds, stats: await load.player.stats() });
      load.player.dispose();
    }
    await context.close();
    return { backend: player.backend, before, stats, played, loaded };
  },

  // The transport in a running AudioContext: what `position` says against what is audible, the
  // song's start being known from its first note-on event.
  async runningTransport() {
    const wait = (s) => new Promise((resolve) => setTimeout(resolve, 1000 * s));
    const context = new AudioContext({ sampleRate });
    await context.resume();
    const player = await createPlayer(context, { soundFont: generateBuiltinSoundFont(), backend });
    player.node.connect(context.destination);
    const song = generateDemoSong();
    const firstNote = [...new MidiFile(song).events()].find((e) => e.type === "message" && (e.status & 0xf0) === 0x90 && e.data2 > 0);
    let songStart = null;
    player.addEventListener("noteon", (event) => (songStart ??= event.time - firstNote.time));
    const audible = () => context.getOutputTimestamp().contextTime;
    const sample = () => ({ position: player.position, audible: audible() });
    await player.play(song);
    await wait(1.5);
    const playing = sample();
    await player.pause();
    await wait(0.3);
    const paused = [sample()];
    await wait(0.5);
    paused.push(sample());
    await player.resume();
    await wait(0.8);
    const resumed = sample();
    await player.seek(10);
    await wait(0.8);
    const sought = sample();
    await player.stop();
    await wait(0.2);
    const stopped = await player.stats();
    await context.close();
    return { backend: player.backend, songStart, playing, paused, resumed, sought, voicesAfterStop: stopped.voices, underruns: stopped.underruns };
  },

  // A note, then a universal master volume message at context frame ?frame=, on the 'full'
  // profile (which acts on it).
  async sysex() {
    const frame = Number(params.get("frame"));
    const { context, player } = await offlinePlayer(Number(params.get("seconds")), { profile: "full" });
    await player.noteOn(0, 60, 100, 0);
    await player.send([0xf0, 0x7f, 0x7f, 0x04, 0x01, 0x00, 0x20, 0xf7], frame / sampleRate);
    return { backend: player.backend, samples: btoa(interleave(await context.startRendering())) };
  },

  // What the player says while it plays a song (the demo, or the file at ?song=).
  async events() {
    const seconds = Number(params.get("seconds"));
    const song = params.has("song") ? new Uint8Array(await (await fetch(params.get("song"))).arrayBuffer()) : generateDemoSong();
    const { context, player } = await offlinePlayer(seconds);
    const events = [];
    for (const type of ["noteon", "noteoff", "program", "controller", "lyric", "text", "tempo", "position", "ended", "loop"]) {
      player.addEventListener(type, (event) => events.push(event));
    }
    const loop = params.has("loop") ? Number(params.get("loop")) : false;
    await player.play(song, { loop });
    if (params.has("mute")) await player.setMuted(Number(params.get("mute")), true);
    if (params.has("transpose")) await player.setTranspose(Number(params.get("transpose")));
    await context.startRendering();
    await settled();
    return { backend: player.backend, events };
  },
};

try {
  const result = await cases[params.get("case")]();
  await fetch("/result", { method: "POST", body: JSON.stringify(result) });
} catch (error) {
  await fetch("/error", { method: "POST", body: String(error?.stack ?? error) });
}
