// @ts-check
/**
 * `npm run bench:encode`: how fast each output format is written, against how fast the native
 * backend renders. Renders one song once (slow_neasy_redfarn.mid with TimGM6mb.sf2 from the
 * fixtures folder, else the built-in demo song and font), then feeds the same float frames to
 * each format's encoder in chunks of 16384 frames, as a render to a file does, and prints
 * seconds of audio per CPU second for the render and for each encoder. An encoder that is
 * faster than the render adds less than the render's own time to a render to a file.
 *
 * Options: --json for one JSON object per measurement.
 */
import { existsSync, readFileSync } from "node:fs";
import { FIXTURES } from "./songs.mjs";

const json = process.argv.includes("--json");
const io = await import(new URL("../dist/io/index.js", import.meta.url).href);
const { createEncoder } = await import(new URL("../dist/io/createEncoder.js", import.meta.url).href);
const { SongRender } = await import(new URL("../dist/io/SongRender.js", import.meta.url).href);

const fontPath = `${FIXTURES}soundfonts/TimGM6mb.sf2`;
const songPath = `${FIXTURES}midi/slow_neasy_redfarn.mid`;
const fixtures = existsSync(fontPath) && existsSync(songPath);
const font = fixtures ? new io.SoundFont(readFileSync(fontPath)) : io.builtinSoundFont();
const midi = new io.MidiFile(fixtures ? readFileSync(songPath) : io.generateDemoSong());
const songName = fixtures ? "slow_neasy_redfarn.mid on TimGM6mb.sf2" : "the built-in demo song and font";
const chunk = 16384;

/** CPU seconds of this thread's process spent in `run`. */
function cpuSeconds(run) {
  const start = process.cpuUsage();
  run();
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1e6;
}

// The render, kept as float chunks for the encoders.
const render = new SongRender(midi, font, { backend: "auto", tail: 2 });
/** @type {Float32Array[][]} */
const chunks = [];
const renderCpu = cpuSeconds(() => {
  while (!render.done) {
    const { channels } = render.render(chunk);
    chunks.push(channels.map((channel) => channel.slice()));
  }
});
const seconds = render.framesRendered / render.sampleRate;

const results = [{ what: `render (${render.backend} backend)`, speed: seconds / renderCpu, bytes: 0 }];
for (const format of ["s16", "s24", "f32", "flac", "flac24", "mp3"]) {
  const encoder = await createEncoder({ format, sampleRate: render.sampleRate, channels: 2, frames: render.framesRendered, dither: false });
  let bytes = 0;
  const cpu = cpuSeconds(() => {
    for (const channels of chunks) bytes += encoder.encode(channels, channels[0].length).length;
    bytes += encoder.finish(render.framesRendered).length;
  });
  results.push({ what: `encode ${format}`, speed: seconds / cpu, bytes });
}

if (json) {
  for (const result of results) console.log(JSON.stringify({ song: songName, seconds, ...result }));
} else {
  console.log(`Encode speed: ${songName}, ${seconds.toFixed(1)} s of stereo audio at ${render.sampleRate} Hz`);
  console.log("(seconds of audio per CPU second; higher is faster)\n");
  for (const { what, speed, bytes } of results) {
    console.log(`${what.padEnd(28)} ${speed.toFixed(1).padStart(7)}x${bytes ? `  ${(bytes / 1e6).toFixed(1).padStart(6)} MB` : ""}`);
  }
}
