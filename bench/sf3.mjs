// @ts-check
/**
 * SF3 side by side: opening an SF3 font, and opening it plus rendering a song, here, in
 * spessasynth_core and in FluidSynth (when `fluidsynth` is on the PATH). Each measurement runs in
 * a process of its own; medians of `--runs N` (default 3).
 *
 * - Open: ours is `SoundFont.fromFile` (the Vorbis decoder's compile included: it is the first
 *   SF3 of the process); spessasynth_core's is `SoundBankLoader.fromArrayBuffer` of the bytes
 *   read beforehand; FluidSynth's is its run on an empty MIDI file with the font less that run
 *   without a font (the whole process either way).
 * - Load + render: the whole song to 44.1 kHz float (ours: native backend when it loads, reverb
 *   and chorus on, 2 s of tail, into a reused buffer), from opening the font to the last frame; FluidSynth's documented
 *   fast render (`-F out.wav -O float`), the whole process's wall time less that of a run on an
 *   empty song without a font (its start-up).
 * - Peak memory: the process's peak resident set (VmHWM), and for ours the decoded size of the
 *   samples the song played.
 *
 * Usage: node bench/sf3.mjs [--runs N] [--json] [font.sf3 ...]
 * Default fonts: ../shared/fixtures/soundfonts/TimGM6mb.sf3 and Debian's
 * /usr/share/sounds/sf3/MuseScore_General_Lite.sf3 (musescore-general-soundfont-small), where present.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { peakRssKiB } from "./peakMemory.mjs";

const root = fileURLToPath(new URL("../", import.meta.url));
const SONG = join(root, "../shared/fixtures/midi/slow_neasy_redfarn.mid");
const DEFAULT_FONTS = [join(root, "../shared/fixtures/soundfonts/TimGM6mb.sf3"), "/usr/share/sounds/sf3/MuseScore_General_Lite.sf3"];

const [mode, ...rest] = process.argv.slice(2);
if (mode === "--child-ours") await childOurs(rest[0], rest[1] === "render");
else if (mode === "--child-spessasynth") await childSpessasynth(rest[0]);
else await main(process.argv.slice(2));

/** One measurement of ours, printed as JSON. */
async function childOurs(/** @type {string} */ font, /** @type {boolean} */ render) {
  const start = performance.now();
  const cpu = process.cpuUsage();
  const io = await import(join(root, "dist/io/index.js"));
  const importMs = performance.now() - start;
  const openStart = performance.now();
  const soundFont = io.SoundFont.fromFile(font);
  const openMs = performance.now() - openStart;
  const openPeak = peakRssKiB();
  /** @type {Record<string, unknown>} */
  const result = { openMs, importMs, openPeakKiB: openPeak, samples: soundFont.sampleHeaders.length, decodedBytes: 2 * soundFont.waveData.length };
  if (render) {
    // Into a reused buffer, as the main benchmark renders: the figure is the engine's, not a WAV's.
    const midi = io.MidiFile.fromFile(SONG);
    const synthesizer = new io.Synthesizer(soundFont, { sampleRate: 44100 });
    const sequencer = new io.MidiFileSequencer(synthesizer);
    sequencer.play(midi, false);
    const frames = Math.ceil((midi.length + 2) * 44100);
    const chunk = new Float32Array(2 * 8192);
    for (let done = 0; done < frames; done += 8192) {
      sequencer.renderInterleaved(frames - done >= 8192 ? chunk : chunk.subarray(0, 2 * (frames - done)));
    }
    const total = performance.now() - openStart;
    // Before counting the samples played: reading the untouched spans maps pages too.
    const peakKiB = peakRssKiB();
    let playedBytes = 0;
    for (const header of soundFont.sampleHeaders) {
      // A decoded sample's span is not all zeros.
      const span = soundFont.waveData.subarray(header.start, header.end);
      if (span.some((/** @type {number} */ x) => x !== 0)) playedBytes += 2 * span.length;
    }
    Object.assign(result, {
      loadRenderMs: total,
      frames,
      decodedSamples: soundFont.decodedSampleCount,
      playedBytes,
      peakKiB,
      backend: synthesizer.backend,
      cpuMs: (process.cpuUsage(cpu).user + process.cpuUsage(cpu).system) / 1000,
    });
  }
  console.log(JSON.stringify(result));
}

async function childSpessasynth(/** @type {string} */ font) {
  const { SoundBankLoader, SpessaLog } = await import("spessasynth_core");
  SpessaLog.setLogLevel(false, false, false);
  const bytes = readFileSync(font);
  const buffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
  const start = performance.now();
  SoundBankLoader.fromArrayBuffer(buffer);
  console.log(JSON.stringify({ openMs: performance.now() - start, openPeakKiB: peakRssKiB() }));
}

function run(/** @type {string[]} */ args) {
  const result = spawnSync(process.execPath, [fileURLToPath(import.meta.url), ...args], { encoding: "utf8" });
  if (result.status !== 0) throw new Error(`${args.join(" ")}: ${result.stderr}`);
  return JSON.parse(result.stdout.trim().split("\n").at(-1) ?? "{}");
}

/** FluidSynth's whole process: wall ms and peak KiB. */
function fluidsynth(/** @type {string | null} */ font, /** @type {string} */ midi, /** @type {string} */ dir) {
  const out = join(dir, "out.wav");
  const memory = join(dir, "memory.txt");
  const args = ["-ni", "-q", "-F", out, "-r", "44100", "-O", "float", ...(font ? [font] : ["-o", "synth.default-soundfont="]), midi];
  const command = existsSync("/usr/bin/time") ? ["/usr/bin/time", "-f", "%M", "-o", memory, "fluidsynth", ...args] : ["fluidsynth", ...args];
  const start = performance.now();
  const result = spawnSync(command[0], command.slice(1), { encoding: "utf8" });
  const wallMs = performance.now() - start;
  if (result.status !== 0) throw new Error(`fluidsynth failed: ${result.stderr}`);
  const peakKiB = existsSync(memory) ? Number(readFileSync(memory, "utf8").trim().split("\n").at(-1)) : null;
  return { wallMs, peakKiB };
}

function median(/** @type {number[]} */ values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

async function main(/** @type {string[]} */ args) {
  let runs = 3;
  let json = false;
  /** @type {string[]} */
  const fonts = [];
  for (let i = 0; i < args.length; i++) {
    if (args[i] === "--runs") runs = Number(args[++i]);
    else if (args[i] === "--json") json = true;
    else fonts.push(args[i]);
  }
  const chosen = (fonts.length > 0 ? fonts : DEFAULT_FONTS).filter((font) => {
    if (existsSync(font)) return true;
    console.error(`skipping ${font}: absent`);
    return false;
  });
  const hasFluidsynth = spawnSync("fluidsynth", ["--version"]).status === 0;
  if (!hasFluidsynth) console.error("FluidSynth is not on the PATH: its columns are left out (apt-get install fluidsynth)");
  if (!existsSync(SONG)) throw new Error(`${SONG} is absent: the shared fixtures are not beside the clone`);
  const dir = mkdtempSync(join(existsSync("/dev/shm") ? "/dev/shm" : tmpdir(), "meltysynth-sf3-"));
  const empty = join(dir, "empty.mid");
  // Format 0, one track holding only its end.
  writeFileSync(empty, Buffer.from([0x4d, 0x54, 0x68, 0x64, 0, 0, 0, 6, 0, 0, 0, 1, 1, 0xe0, 0x4d, 0x54, 0x72, 0x6b, 0, 0, 0, 4, 0, 0xff, 0x2f, 0]));
  try {
    for (const font of chosen) {
      const open = Array.from({ length: runs }, () => run(["--child-ours", font]));
      const render = Array.from({ length: runs }, () => run(["--child-ours", font, "render"]));
      /** @type {any} */
      let spessa = null;
      try {
        spessa = Array.from({ length: runs }, () => run(["--child-spessasynth", font]));
      } catch (error) {
        console.error(`spessasynth_core: ${String(error).split("\n")[0]}`);
      }
      /** @type {any} */
      let fluid = null;
      if (hasFluidsynth) {
        const bare = Array.from({ length: runs }, () => fluidsynth(null, empty, dir));
        const loaded = Array.from({ length: runs }, () => fluidsynth(font, empty, dir));
        const song = Array.from({ length: runs }, () => fluidsynth(font, SONG, dir));
        const startup = median(bare.map((r) => r.wallMs));
        fluid = {
          openMs: median(loaded.map((r) => r.wallMs)) - startup,
          openPeakKiB: median(loaded.map((r) => r.peakKiB ?? 0)),
          loadRenderMs: median(song.map((r) => r.wallMs)) - startup,
          peakKiB: median(song.map((r) => r.peakKiB ?? 0)),
        };
      }
      const ours = {
        openMs: median(open.map((r) => r.openMs)),
        openPeakKiB: median(open.map((r) => r.openPeakKiB)),
        loadRenderMs: median(render.map((r) => r.loadRenderMs)),
        peakKiB: median(render.map((r) => r.peakKiB)),
        playedBytes: render[0].playedBytes,
        decodedSamples: render[0].decodedSamples,
        samples: render[0].samples,
        decodedBytes: render[0].decodedBytes,
        backend: render[0].backend,
      };
      const spessasynth = spessa && { openMs: median(spessa.map((/** @type {any} */ r) => r.openMs)), openPeakKiB: median(spessa.map((/** @type {any} */ r) => r.openPeakKiB)) };
      const name = font.split("/").at(-1);
      const fileBytes = readFileSync(font).length;
      if (json) {
        console.log(JSON.stringify({ font: name, fileBytes, ours, spessasynth, fluidsynth: fluid }));
        continue;
      }
      const mib = (/** @type {number} */ kib) => `${(kib / 1024).toFixed(0)} MiB`;
      console.log(`${name} (${(fileBytes / 1048576).toFixed(1)} MiB; ${ours.samples} samples, ${(ours.decodedBytes / 1048576).toFixed(1)} MiB decoded)`);
      console.log(`  open:           ours ${ours.openMs.toFixed(0)} ms (peak ${mib(ours.openPeakKiB)})` +
        (spessasynth ? `, spessasynth_core ${spessasynth.openMs.toFixed(0)} ms (peak ${mib(spessasynth.openPeakKiB)})` : "") +
        (fluid ? `, FluidSynth ${fluid.openMs.toFixed(0)} ms (peak ${mib(fluid.openPeakKiB)})` : ""));
      console.log(`  open + render slow_neasy_redfarn.mid: ours ${(ours.loadRenderMs / 1000).toFixed(2)} s [${ours.backend}] (peak ${mib(ours.peakKiB)}; ` +
        `${ours.decodedSamples} samples decoded, ${(ours.playedBytes / 1048576).toFixed(1)} MiB)` +
        (fluid ? `, FluidSynth ${(fluid.loadRenderMs / 1000).toFixed(2)} s (peak ${mib(fluid.peakKiB)})` : ""));
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
