// @ts-check
/**
 * `npm run bench:encode`: what each output format adds to a render. Renders the three songs of
 * the benchmark with TimGM6mb.sf2 from the fixtures folder (else the built-in demo song and font)
 * on the native backend, and measures for each wall-clock seconds of:
 *
 * - the render alone (float chunks of 16384 frames, thrown away), at 44.1 kHz and at 48 kHz (the
 *   rate an Opus render runs at);
 * - the render and the encoder in one thread, one after the other, chunk by chunk (how files were
 *   written before the encoder moved beside the render);
 * - `renderToFile`, which encodes the compressed formats in a worker thread beside the render.
 *
 * Each measurement runs in a process of its own, as a command-line render does: the encoder's
 * WebAssembly is compiled anew each time, in the render's thread or in its worker alike. Each
 * figure is the fastest of `--runs` (default 3) runs, since the machine may be shared; the load
 * average is printed with the table. The ratio is the time of `renderToFile` over the render
 * alone at the same rate.
 *
 * Options: --json for one JSON object per format; --runs N.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { availableParallelism, loadavg, tmpdir } from "node:os";
import path from "node:path";
import { FONT, missingFixtures, SONGS } from "./songs.mjs";

const json = process.argv.includes("--json");
const runsAt = process.argv.indexOf("--runs");
const runs = runsAt > 0 ? Number(process.argv[runsAt + 1]) : 3;
if (!(Number.isInteger(runs) && runs >= 1)) throw new Error(`--runs takes a whole number of at least 1, got ${process.argv[runsAt + 1]}`);

const io = await import(new URL("../dist/io/index.js", import.meta.url).href);
const { createEncoder } = await import(new URL("../dist/io/createEncoder.js", import.meta.url).href);
const { SongRender } = await import(new URL("../dist/io/SongRender.js", import.meta.url).href);

const fixtures = missingFixtures() === null;
const songs = fixtures
  ? SONGS.flatMap((song) => (song.file === null ? [] : [{ name: song.label, file: song.file }]))
  : [{ name: "the built-in demo song", file: null }];
const fontName = fixtures ? "TimGM6mb.sf2" : "the built-in font";
const chunk = 16384;
const base = { backend: "auto", tail: 2 };

/** The render alone, frames thrown away. */
function renderAlone(midi, font, format) {
  const render = new SongRender(midi, font, { ...base, format });
  while (!render.done) render.render(chunk);
  return { frames: render.framesRendered, sampleRate: render.sampleRate, backend: render.backend, bytes: 0 };
}

/** Render and encoder in this thread, one after the other. */
async function encodeInThread(midi, font, format) {
  const render = new SongRender(midi, font, { ...base, format });
  const encoder = await createEncoder(render.encoderSetup);
  let bytes = 0;
  while (!render.done) {
    const { channels, frames } = render.render(chunk);
    bytes += encoder.encode(channels, frames).length;
  }
  bytes += encoder.finish(render.framesRendered).length;
  return { frames: render.framesRendered, sampleRate: render.sampleRate, backend: render.backend, bytes };
}

/** One measurement, in this process: `--measure SONG FORMAT alone|one|beside`; prints its figures as JSON. */
async function measure(songIndex, format, mode) {
  const file = songs[songIndex].file;
  const font = fixtures ? new io.SoundFont(readFileSync(FONT)) : io.builtinSoundFont();
  const midi = new io.MidiFile(file === null ? io.generateDemoSong() : readFileSync(file));
  const dir = mkdtempSync(path.join(tmpdir(), "meltysynth-bench-encode-"));
  try {
    const start = performance.now();
    let result;
    if (mode === "alone") result = renderAlone(midi, font, format);
    else if (mode === "one") result = await encodeInThread(midi, font, format);
    else {
      const summary = await io.renderToFile(midi, font, path.join(dir, "song"), { ...base, format });
      result = { frames: summary.frames, sampleRate: summary.sampleRate, backend: summary.backend, bytes: summary.bytes };
    }
    console.log(JSON.stringify({ ...result, seconds: (performance.now() - start) / 1000 }));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The fastest of `runs` measurements, each in a new process. */
function fastest(songIndex, format, mode) {
  let best;
  for (let i = 0; i < runs; i++) {
    const output = execFileSync(process.execPath, [new URL(import.meta.url).pathname, "--measure", String(songIndex), format, mode], { encoding: "utf8" });
    const result = JSON.parse(output.trim().split("\n").pop());
    if (best === undefined || result.seconds < best.seconds) best = result;
  }
  return best;
}

const measureAt = process.argv.indexOf("--measure");
if (measureAt > 0) {
  const [songIndex, format, mode] = process.argv.slice(measureAt + 1);
  await measure(Number(songIndex), format, mode);
  process.exit(0);
}

const results = [];
for (const [songIndex, { name }] of songs.entries()) {
  const alone = { 44100: fastest(songIndex, "s16", "alone"), 48000: fastest(songIndex, "opus", "alone") };
  for (const format of ["s16", "s24", "f32", "flac", "flac24", "mp3", "opus"]) {
    const reference = alone[format === "opus" ? 48000 : 44100];
    const oneThread = fastest(songIndex, format, "one");
    const beside = fastest(songIndex, format, "beside");
    results.push({
      song: name,
      seconds: reference.frames / reference.sampleRate,
      backend: reference.backend,
      format,
      rate: reference.sampleRate,
      alone: reference.seconds,
      oneThread: oneThread.seconds,
      beside: beside.seconds,
      ratio: beside.seconds / reference.seconds,
      bytes: beside.bytes,
    });
  }
}

const load = loadavg().map((x) => x.toFixed(2)).join(", ");
if (json) {
  for (const result of results) console.log(JSON.stringify({ font: fontName, load, ...result }));
} else {
  console.log(`Encode cost: ${fontName}, ${results[0].backend} backend, stereo`);
  console.log(`(wall-clock seconds, fastest of ${runs}, each in a new process; ${availableParallelism()} cores; load average at the end ${load})`);
  for (const { name } of songs) {
    const rows = results.filter((r) => r.song === name);
    console.log(`\n${name}, ${rows[0].seconds.toFixed(1)} s`);
    console.log("format   rate    render alone   one thread   renderToFile   ratio      size");
    for (const r of rows) {
      console.log(
        `${r.format.padEnd(8)} ${String(r.rate).padEnd(7)} ${r.alone.toFixed(2).padStart(10)} s ${r.oneThread.toFixed(2).padStart(10)} s ` +
          `${r.beside.toFixed(2).padStart(12)} s ${r.ratio.toFixed(2).padStart(6)}x ${(r.bytes / 1e6).toFixed(1).padStart(7)} MB`,
      );
    }
  }
}
