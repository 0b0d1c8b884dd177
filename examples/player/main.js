// The page's logic: files in, the player's transport, its events shown per channel, Web MIDI in.
import { generateBuiltinSoundFont, generateDemoSong } from "../../dist/index.js";
import { connectMidiInput, createPlayer } from "../../dist/player/index.js";

const $ = (id) => document.getElementById(id);
const selfTest = new URLSearchParams(location.search).has("selftest");

let context = null;
let player = null;
let fontBytes = null; // null: the built-in SoundFont
let songBytes = null; // null: the demo song
let fontChanged = true;
const disconnectInputs = [];

// One row per channel: its program, a meter of the notes it holds, mute and solo.
const channels = Array.from({ length: 16 }, (_, channel) => {
  const row = document.createElement("tr");
  row.innerHTML = `<td>${channel + 1}${channel === 9 ? " (drums)" : ""}</td><td class="program">-</td>
    <td><span class="meter" style="width: 0"></span> <output class="held">0</output></td>
    <td><input type="checkbox" class="mute" /></td><td><input type="checkbox" class="solo" /></td>
    <td><input type="range" class="volume" min="0" max="1" step="0.05" value="1" /></td>`;
  $("channels").append(row);
  row.querySelector(".mute").addEventListener("change", (event) => player?.setMuted(channel, event.target.checked));
  row.querySelector(".solo").addEventListener("change", (event) => player?.setSolo(channel, event.target.checked));
  row.querySelector(".volume").addEventListener("input", (event) => player?.setVolume(channel, Number(event.target.value)));
  return { row, held: new Set(), program: row.querySelector(".program"), meter: row.querySelector(".meter"), count: row.querySelector(".held") };
});

function showChannel(channel) {
  const { held, meter, count } = channels[channel];
  meter.style.width = `${Math.min(100, held.size * 12)}px`;
  count.textContent = String(held.size);
}

function clearChannels() {
  channels.forEach((channel, i) => {
    channel.held.clear();
    showChannel(i);
  });
}

function minutes(seconds) {
  const s = Math.floor(seconds);
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, "0")}`;
}

function takeFile(file) {
  if (/\.sf[23]$/i.test(file.name)) {
    file.arrayBuffer().then((bytes) => {
      fontBytes = bytes;
      fontChanged = true;
      $("fontName").textContent = file.name;
    });
  } else if (/\.(mid|midi|kar|smf)$/i.test(file.name)) {
    file.arrayBuffer().then((bytes) => {
      songBytes = bytes;
      $("songName").textContent = file.name;
    });
  } else {
    $("status").textContent = `${file.name}: neither a SoundFont (.sf2, .sf3) nor a MIDI file (.mid, .midi, .kar).`;
  }
}

$("soundfont").addEventListener("change", (event) => event.target.files[0] && takeFile(event.target.files[0]));
$("song").addEventListener("change", (event) => event.target.files[0] && takeFile(event.target.files[0]));
$("drop").addEventListener("dragover", (event) => {
  event.preventDefault();
  $("drop").classList.add("over");
});
$("drop").addEventListener("dragleave", () => $("drop").classList.remove("over"));
$("drop").addEventListener("drop", (event) => {
  event.preventDefault();
  $("drop").classList.remove("over");
  for (const file of event.dataTransfer.files) takeFile(file);
});
$("backend").addEventListener("change", () => (fontChanged = true));

// A new player for a new font or backend; otherwise the one there is.
async function ensurePlayer() {
  // Made on a click: browsers start audio only after a user gesture.
  context ??= new AudioContext();
  await context.resume();
  if (player !== null && !fontChanged) return player;
  player?.dispose();
  disconnectInputs.splice(0).forEach((disconnect) => disconnect());
  $("status").textContent = "Loading the SoundFont…";
  // The font's buffer is transferred to the audio thread: hand over a copy, keep ours.
  const soundFont = fontBytes === null ? generateBuiltinSoundFont() : fontBytes.slice(0);
  player = await createPlayer(context, { soundFont, backend: $("backend").value });
  fontChanged = false;
  player.node.connect(context.destination);
  listen(player);
  await connectWebMidi(player);
  return player;
}

function listen(player) {
  player.addEventListener("noteon", ({ channel, key }) => {
    channels[channel].held.add(key);
    showChannel(channel);
  });
  player.addEventListener("noteoff", ({ channel, key }) => {
    channels[channel].held.delete(key);
    showChannel(channel);
  });
  player.addEventListener("program", ({ channel, program }) => (channels[channel].program.textContent = String(program + 1)));
  player.addEventListener("lyric", ({ text }) => ($("lyrics").textContent = ($("lyrics").textContent + text).slice(-80)));
  player.addEventListener("text", ({ text }) => {
    if (!text.startsWith("@")) $("lyrics").textContent = ($("lyrics").textContent + text.replace(/[\\/]/g, " ")).slice(-80);
  });
  player.addEventListener("ended", () => {
    $("status").textContent = "The song has ended.";
    $("pause").disabled = true;
  });
  player.addEventListener("loop", () => clearChannels());
}

async function connectWebMidi(player) {
  if (!navigator.requestMIDIAccess) return;
  try {
    const access = await navigator.requestMIDIAccess({ sysex: false });
    for (const input of access.inputs.values()) disconnectInputs.push(connectMidiInput(player, input));
  } catch {
    // No permission or no MIDI service: the page plays files without live input.
  }
}

$("play").addEventListener("click", async () => {
  try {
    const p = await ensurePlayer();
    clearChannels();
    $("lyrics").textContent = "";
    const song = songBytes === null ? generateDemoSong() : new Uint8Array(songBytes);
    await p.play(song, { loop: $("loop").checked });
    p.playbackRate = Number($("rate").value);
    p.transpose = Number($("transpose").value);
    $("seek").max = String(p.duration);
    $("pause").disabled = false;
    $("pause").textContent = "Pause";
    $("stop").disabled = false;
    $("status").textContent = "Playing.";
  } catch (error) {
    $("status").textContent = `Could not play: ${error.message}`;
  }
});

$("pause").addEventListener("click", async () => {
  if ($("pause").textContent === "Pause") {
    await player.pause();
    $("pause").textContent = "Resume";
    $("status").textContent = "Paused.";
  } else {
    await player.resume();
    $("pause").textContent = "Pause";
    $("status").textContent = "Playing.";
  }
});

$("stop").addEventListener("click", async () => {
  await player.stop();
  clearChannels();
  $("pause").disabled = true;
  $("stop").disabled = true;
  $("status").textContent = "Stopped.";
});

$("seek").addEventListener("change", async () => {
  await player?.seek(Number($("seek").value));
  clearChannels();
});
$("rate").addEventListener("change", () => player && (player.playbackRate = Number($("rate").value)));
$("transpose").addEventListener("change", () => player && (player.transpose = Number($("transpose").value)));

// The clock, the slider and the engine's load, a few times a second.
setInterval(async () => {
  if (player === null) return;
  $("time").textContent = `${minutes(player.position)} / ${minutes(player.duration)}`;
  if (document.activeElement !== $("seek")) $("seek").value = String(player.position);
  const stats = await player.stats();
  $("engine").textContent = `Backend: ${player.backend}; ${context.sampleRate} Hz; voices: ${stats.voices}; ` +
    `audio thread load: ${(100 * stats.cpuLoad).toFixed(1)}%; underruns: ${stats.underruns}`;
}, 250);

// The page's own check (test/player/examplePage.test.ts): play the defaults for a while, then
// post what the page shows.
if (selfTest) {
  $("play").click();
  setTimeout(async () => {
    const shown = {
      status: $("status").textContent,
      engine: $("engine").textContent,
      time: $("time").textContent,
      notesHeld: channels.map(({ count }) => Number(count.textContent)),
      programs: channels.map(({ program }) => program.textContent),
      position: player?.position ?? null,
    };
    await fetch("/result", { method: "POST", body: JSON.stringify(shown) });
  }, 2500);
}
