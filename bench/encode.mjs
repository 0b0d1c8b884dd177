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
 * Each figure is the fastest of `--runs` (default 3) runs, since the machine may be shared; the
 * load average is printed with the table. The ratio is the time of `renderToFile` over the
 * render alone at the same rate.
 *
 * Options: --json for one JSON object per format; --runs N.
 */
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
const font = fixtures ? new io.SoundFont(readFileSync(FONT)) : io.builtinSoundFont();
const songs = fixtures
  ? SONGS.flatMap((song) => (song.file === null ? [] : [{ name: song.label, midi: new io.MidiFile(readFileSync(song.file)) }]))
  : [{ name: "the built-in demo song", midi: new io.MidiFile(io.generateDemoSong()) }];
const fontName = fixtures ? "TimGM6mb.sf2" : "the built-in font";
const chunk = 16384;
const base = { backend: "auto", tail: 2 };
const dir = mkdtempSync(path.join(tmpdir(), "meltysynth-bench-encode-"));

/** The fastest wall-clock seconds of `runs` runs of `run`. */
async function fastest(run) {
  let best = Infinity;
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    await run();
    best = Math.min(best, (performance.now() - start) / 1000);
  }
  return best;
}

/** The render alone at the rate `format` renders at, frames thrown away. */
function renderAlone(midi, format) {
  const render = new SongRender(midi, font, { ...base, format });
  while (!render.done) render.render(chunk);
  return render;
}

/** Render and encoder in this thread, one after the other. */
async function encodeInThread(midi, format) {
  const render = new SongRender(midi, font, { ...base, format });
  const encoder = await createEncoder(render.encoderSetup);
  while (!render.done) {
    const { channels, frames } = render.render(chunk);
    encoder.encode(channels, frames);
  }
  encoder.finish(render.framesRendered);
}

const results = [];
for (const { name, midi } of songs) {
  const probe = renderAlone(midi, "s16");
  const seconds = probe.framesRendered / probe.sampleRate;
  const alone = { 44100: await fastest(() => renderAlone(midi, "s16")), 48000: await fastest(() => renderAlone(midi, "opus")) };
  for (const format of ["s16", "s24", "f32", "flac", "flac24", "mp3", "opus"]) {
    const rate = format === "opus" ? 48000 : 44100;
    const oneThread = await fastest(() => encodeInThread(midi, format));
    const file = path.join(dir, `song.${format}`);
    let bytes = 0;
    const beside = await fastest(async () => {
      bytes = (await io.renderToFile(midi, font, file, { ...base, format })).bytes;
    });
    results.push({ song: name, seconds, backend: probe.backend, format, rate, alone: alone[rate], oneThread, beside, ratio: beside / alone[rate], bytes });
  }
}
rmSync(dir, { recursive: true, force: true });

const load = loadavg().map((x) => x.toFixed(2)).join(", ");
if (json) {
  for (const result of results) console.log(JSON.stringify({ font: fontName, load, ...result }));
} else {
  console.log(`Encode cost: ${fontName}, ${results[0].backend} backend, stereo`);
  console.log(`(wall-clock seconds, fastest of ${runs}; ${availableParallelism()} cores; load average at the end ${load})`);
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
