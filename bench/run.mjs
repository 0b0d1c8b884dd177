// @ts-check
/**
 * `npm run bench`: renders the shared songs and a held chord with our native, wasm and JavaScript
 * backends, rustysynth, spessasynth_core and FluidSynth, each render in a process of its own, the
 * engines alternated within every round, and prints the medians against the project's targets.
 * See README.md.
 *
 * Usage: node bench/run.mjs [--runs N] [--json]
 */
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import os from "node:os";
import { fileURLToPath } from "node:url";
import { engineBuilt, loadEngine } from "./engine.mjs";
import { fluidsynthVersion, makeScratch, runFluidsynth } from "./fluidsynth.mjs";
import { rustyrenderCommand, runRustysynth } from "./rustysynth.mjs";
import { BLOCK_SIZE, FIXTURES, MIDI_SONGS, POLYPHONY, SAMPLE_RATE, SONGS, TARGET_SONG, missingFixtures, songById } from "./songs.mjs";
import { median, printReport } from "./report.mjs";

const BLOCK_SIZES = [64, 256, 1024];
/** Our backends, each measured on every line and setting. */
const OUR_BACKENDS = /** @type {Engine[]} */ (["native", "wasm", "js"]);
/** Written separately; when present, its last line of output is one JSON object of figures. */
const KERNEL_BENCHMARK = new URL("kernels.mjs", import.meta.url);
const USAGE = "usage: npm run bench -- [--runs N] [--json]";

const options = parseArguments(process.argv.slice(2));
const emit = options.json ? (/** @type {object} */ record) => console.log(JSON.stringify(record)) : () => {};
/** A one-line progress display on a terminal; nothing when stderr is a file or a pipe. */
const progress = (/** @type {string} */ text) => {
  if (process.stderr.isTTY) process.stderr.write(`\r\x1b[K${text}`);
};

const missing = missingFixtures();
if (missing) {
  const message = existsSync(FIXTURES)
    ? `bench: skipped, the shared fixtures folder ${FIXTURES} lacks ${missing.join(", ")}`
    : `bench: skipped, the shared fixtures folder (../shared/fixtures from the repository root, here ${FIXTURES}) is absent`;
  if (options.json) emit({ type: "skipped", reason: message });
  else console.log(message);
  process.exit(0);
}
if (!engineBuilt()) {
  console.error("bench: the package is not built; run `npm install` (or `npx tsc -p .`) first");
  process.exit(1);
}

const { nativeBackendStatus, wasmBackendStatus } = await loadEngine();
const native = nativeBackendStatus();
const wasm = wasmBackendStatus();
const spessasynthVersion = packageVersion("spessasynth_core");
const fluidsynth = fluidsynthVersion();
const rustyrender = rustyrenderCommand();

/** @typedef {"native" | "wasm" | "js" | "rustysynth" | "spessasynth" | "fluidsynth"} Engine */
/**
 * `unavailable`: why an engine is left out altogether; `failures`: why some of its runs failed
 * (say, the addon being rebuilt meanwhile), which leaves those runs out.
 * @type {Record<Engine, { label: string, unavailable: string | null, failures: string[] }>}
 */
const engines = {
  native: { label: "native", unavailable: native.available ? null : (native.reason ?? "unavailable"), failures: [] },
  wasm: { label: "wasm", unavailable: wasm.available ? null : (wasm.reason ?? "unavailable"), failures: [] },
  js: { label: "JS", unavailable: null, failures: [] },
  rustysynth: { label: "rustysynth", unavailable: rustyrender.unavailable, failures: [] },
  spessasynth: {
    label: `spessasynth_core ${spessasynthVersion ?? ""}`.trim(),
    unavailable: spessasynthVersion ? null : "spessasynth_core is not installed (npm install)",
    failures: [],
  },
  fluidsynth: {
    label: `FluidSynth ${fluidsynth ?? ""}`.trim(),
    unavailable: fluidsynth ? null : "no `fluidsynth` on the PATH (Debian: apt-get install fluidsynth)",
    failures: [],
  },
};

const machine = {
  type: "machine",
  cpu: cpuModel(),
  cpuSimd: cpuSimd(),
  cores: os.availableParallelism(),
  platform: `${process.platform}-${process.arch}`,
  node: process.version,
  nativeInstructionSet: native.instructionSet ?? null,
  nativeUnavailable: engines.native.unavailable,
  wasmInstructionSet: wasm.instructionSet ?? null,
  wasmUnavailable: engines.wasm.unavailable,
  rustysynthUnavailable: engines.rustysynth.unavailable,
  spessasynthCore: spessasynthVersion,
  fluidsynth,
  loadAverageAtStart: os.loadavg()[0],
  runs: options.runs,
  sampleRate: SAMPLE_RATE,
  blockSize: BLOCK_SIZE,
  polyphony: POLYPHONY,
};
emit(machine);

/**
 * @typedef {{ engine: Engine, song: string, blockSize: number, run: number, audioSeconds: number,
 *   cpuMs: number, wallMs: number, loadMs: number | null, loadCpuMs: number | null,
 *   maxRssKiB: number | null }} Render
 * @typedef {{ run: number, frames: number, cpuMs: number, wallMs: number, maxRssKiB: number | null }} FluidRun
 */
/** @type {Render[]} */
const renders = [];
/** @type {{ song: string, run: number, raw: FluidRun }[]} */
const fluidRuns = [];
/** @type {{ withFont: FluidRun[], withoutFont: FluidRun[] }} */
const fluidBaseline = { withFont: [], withoutFont: [] };
/** @type {number[]} */
const nodeAloneKiB = [];

const scratch = fluidsynth ? makeScratch() : null;
const started = performance.now();
try {
  for (let run = 1; run <= options.runs; run++) {
    const order = rotate(/** @type {Engine[]} */ (["native", "wasm", "js", "rustysynth", "spessasynth", "fluidsynth"]), run - 1);
    if (scratch && !engines.fluidsynth.unavailable) {
      progress(`round ${run}/${options.runs}: FluidSynth startup`);
      recordBaseline(runFluidsynth(scratch.dir, scratch.empty, true), fluidBaseline.withFont, run, true);
      recordBaseline(runFluidsynth(scratch.dir, scratch.empty, false), fluidBaseline.withoutFont, run, false);
    }
    nodeAloneKiB.push(nodeAlone());
    for (const song of SONGS) {
      for (const engine of order) {
        if (engines[engine].unavailable || (engine === "fluidsynth" && song.file === null)) continue;
        progress(`round ${run}/${options.runs}: ${song.label}, ${engines[engine].label}`);
        measure(engine, song.id, BLOCK_SIZE, run);
      }
    }
    for (const blockSize of rotate(BLOCK_SIZES.filter((size) => size !== BLOCK_SIZE), run - 1)) {
      for (const engine of rotate(OUR_BACKENDS, run - 1)) {
        if (engines[engine].unavailable) continue;
        progress(`round ${run}/${options.runs}: block size ${blockSize}, ${engines[engine].label}`);
        measure(engine, TARGET_SONG, blockSize, run);
      }
    }
    // What sample-accurate events cost: every song again with eventTiming 'sample'.
    for (const songId of MIDI_SONGS) {
      for (const engine of rotate(OUR_BACKENDS, run - 1)) {
        if (engines[engine].unavailable) continue;
        progress(`round ${run}/${options.runs}: ${songId}, ${engines[engine].label}, 'sample' timing`);
        measure(engine, songId, BLOCK_SIZE, run, "sample");
      }
    }
    // What the full profile (modulators, every controller) costs: every song again with it.
    for (const songId of MIDI_SONGS) {
      for (const engine of rotate(OUR_BACKENDS, run - 1)) {
        if (engines[engine].unavailable) continue;
        progress(`round ${run}/${options.runs}: ${songId}, ${engines[engine].label}, 'full' profile`);
        measure(engine, songId, BLOCK_SIZE, run, "block", "full");
      }
    }
    // What cubic and sinc interpolation cost: every song again with each.
    for (const interpolation of ["cubic", "sinc"]) {
      for (const songId of MIDI_SONGS) {
        for (const engine of rotate(OUR_BACKENDS, run - 1)) {
          if (engines[engine].unavailable) continue;
          progress(`round ${run}/${options.runs}: ${songId}, ${engines[engine].label}, ${interpolation} interpolation`);
          measure(engine, songId, BLOCK_SIZE, run, "block", "meltysynth", interpolation);
        }
      }
    }
    // What a larger voice bank costs when the same song plays: every song again at polyphony 256.
    for (const songId of MIDI_SONGS) {
      for (const engine of rotate(OUR_BACKENDS, run - 1)) {
        if (engines[engine].unavailable) continue;
        progress(`round ${run}/${options.runs}: ${songId}, ${engines[engine].label}, polyphony 256`);
        measure(engine, songId, BLOCK_SIZE, run, "block", "meltysynth", "linear", 256);
      }
    }
  }
} finally {
  scratch?.dispose();
}

progress("allocation check");
const allocations = [];
for (const backend of OUR_BACKENDS) {
  if (engines[backend].unavailable) continue;
  for (const scenario of ["synth", "song"]) {
    const result = child(["--expose-gc", "allocationChild.mjs", backend, scenario]);
    const record = { type: "allocation", engine: backend, scenario, ...result };
    allocations.push(record);
    emit(record);
  }
}

progress("kernel microbenchmark");
const kernels = kernelMicrobenchmark();
emit({ type: "kernels", ...kernels });
progress("browser line: slow_neasy in headless Chromium");
const browser = browserLine(options.runs);
emit({ type: "browser", ...browser });
progress("");

const report = {
  machine: { ...machine, loadAverageAtEnd: os.loadavg()[0], minutes: (performance.now() - started) / 60000 },
  engines,
  renders: [...renders, ...fluidRenders()],
  fluidLoad: fluidLoadTime(),
  nodeAloneKiB: median(nodeAloneKiB),
  allocations,
  kernels,
  browser,
  blockSizes: BLOCK_SIZES,
};
printReport(report, options.json ? emit : null);

/**
 * Runs one render in a process of its own and records it. Renders with 'sample' event timing
 * are recorded under the engine name with ":sample" added, with the 'full' profile with ":full",
 * with cubic or sinc interpolation with ":cubic" or ":sinc", and at another polyphony than the bench's with ":poly" and it.
 */
function measure(/** @type {Engine} */ engine, /** @type {string} */ songId, /** @type {number} */ blockSize, /** @type {number} */ run, eventTiming = "block", profile = "meltysynth", interpolation = "linear", polyphony = POLYPHONY) {
  const song = songById(songId);
  if (engine === "fluidsynth") {
    if (!scratch || song.file === null) return;
    const raw = runFluidsynth(scratch.dir, song.file, true);
    if ("error" in raw) return failed(engine, raw.error);
    fluidRuns.push({ song: songId, run, raw: { run, ...raw } });
    emit({ type: "fluidsynth-process", song: songId, run, ...raw });
    return;
  }
  /** @type {Record<string, any>} */
  let result;
  if (engine === "rustysynth") result = { ...runRustysynth(/** @type {string} */ (rustyrender.path), song), loadCpuMs: null, maxRssKiB: null };
  else if (engine === "spessasynth") result = child(["spessasynthChild.mjs", songId]);
  else result = child(["meltysynthChild.mjs", engine, songId, String(blockSize), eventTiming, profile, interpolation, String(polyphony)]);
  if ("error" in result) return failed(engine, String(result.error));
  const variant =
    eventTiming !== "block" ? eventTiming
    : profile !== "meltysynth" ? profile
    : interpolation !== "linear" ? interpolation
    : polyphony !== POLYPHONY ? `poly${polyphony}`
    : null;
  const name = variant === null ? engine : `${engine}:${variant}`;
  const record = /** @type {Render} */ ({ engine: name, song: songId, blockSize, run, ...result });
  renders.push(record);
  emit({ type: "render", ...record, realtimeCpu: record.audioSeconds / (record.cpuMs / 1000), realtimeWall: record.audioSeconds / (record.wallMs / 1000) });
}

/** A failed run is left out of the medians; the report says how many failed and why. */
function failed(/** @type {Engine} */ engine, /** @type {string} */ reason) {
  engines[engine].failures.push(reason);
  emit({ type: "failed", engine, reason });
}

/** @returns {Record<string, any>} the child's last line of output, parsed, or an error */
function child(/** @type {string[]} */ args) {
  const script = args.findIndex((arg) => arg.endsWith(".mjs"));
  args[script] = fileURLToPath(new URL(args[script], import.meta.url));
  const result = spawnSync(process.execPath, args, { encoding: "utf8", maxBuffer: 1 << 24 });
  const last = result.stdout.trim().split("\n").at(-1) ?? "";
  if (result.status !== 0 || !last.startsWith("{")) {
    return { error: `child ${args.join(" ")} failed (status ${result.status}): ${result.stderr.trim().split("\n").slice(-3).join(" ")}` };
  }
  return JSON.parse(last);
}

/**
 * The kernel microbenchmark's figures (ns per voice-sample, per instruction set), or why there
 * are none. It is a separate program so that it can change with the kernels it measures.
 */
function kernelMicrobenchmark() {
  if (!existsSync(fileURLToPath(KERNEL_BENCHMARK))) return { unavailable: "bench/kernels.mjs absent" };
  const result = child(["kernels.mjs"]);
  if ("error" in result) return { unavailable: String(result.error) };
  return { figures: result };
}

/**
 * The browser line's figures (realtime factors of the wasm and JS backends in headless Chromium),
 * or why there are none: Chromium absent, or a render that failed.
 */
function browserLine(/** @type {number} */ runs) {
  const result = child(["browser.mjs", String(runs)]);
  if ("error" in result) return { unavailable: String(result.error) };
  if ("unavailable" in result) return { unavailable: String(result.unavailable) };
  return { figures: result };
}

/** Peak memory of a Node process that does nothing: what every Node engine's figure includes. */
function nodeAlone() {
  const script = `import { peakRssKiB } from ${JSON.stringify(new URL("peakMemory.mjs", import.meta.url).href)}; console.log(peakRssKiB());`;
  const result = spawnSync(process.execPath, ["--input-type=module", "-e", script], { encoding: "utf8" });
  return Number(result.stdout.trim());
}

function recordBaseline(/** @type {ReturnType<typeof runFluidsynth>} */ raw, /** @type {FluidRun[]} */ into, /** @type {number} */ run, /** @type {boolean} */ withFont) {
  if ("error" in raw) return failed("fluidsynth", raw.error);
  into.push({ run, ...raw });
  emit({ type: "fluidsynth-process", song: withFont ? "empty" : "empty, no SoundFont", run, ...raw });
}

/** FluidSynth's renders: each song's run less the median empty-file run (startup and load). */
function fluidRenders() {
  if (fluidBaseline.withFont.length === 0) return [];
  const baseFrames = median(fluidBaseline.withFont.map((r) => r.frames));
  const baseCpu = median(fluidBaseline.withFont.map((r) => r.cpuMs));
  const baseWall = median(fluidBaseline.withFont.map((r) => r.wallMs));
  return fluidRuns.map(({ song, run, raw }) => {
    /** @type {Render} */
    const record = {
      engine: "fluidsynth",
      song,
      blockSize: BLOCK_SIZE,
      run,
      audioSeconds: (raw.frames - baseFrames) / SAMPLE_RATE,
      cpuMs: raw.cpuMs - baseCpu,
      wallMs: raw.wallMs - baseWall,
      loadMs: null,
      loadCpuMs: null,
      maxRssKiB: raw.maxRssKiB,
    };
    emit({ type: "render", ...record, realtimeCpu: record.audioSeconds / (record.cpuMs / 1000), realtimeWall: record.audioSeconds / (record.wallMs / 1000) });
    return record;
  });
}

/** FluidSynth's SoundFont load: the empty file's run with the font less that without any. */
function fluidLoadTime() {
  const { withFont, withoutFont } = fluidBaseline;
  if (withFont.length === 0 || withoutFont.length === 0) return null;
  return {
    cpuMs: median(withFont.map((r) => r.cpuMs)) - median(withoutFont.map((r) => r.cpuMs)),
    wallMs: median(withFont.map((r) => r.wallMs)) - median(withoutFont.map((r) => r.wallMs)),
  };
}

function parseArguments(/** @type {string[]} */ args) {
  const parsed = { runs: 5, json: false };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === "--json") parsed.json = true;
    else if (arg === "--runs" || arg.startsWith("--runs=")) {
      const value = Number(arg.includes("=") ? arg.slice("--runs=".length) : args[++i]);
      if (!Number.isInteger(value) || value < 1) fail(`--runs takes a whole number of at least 1`);
      parsed.runs = value;
    } else if (arg === "--help" || arg === "-h") {
      console.log(USAGE);
      process.exit(0);
    } else fail(`unknown argument '${arg}'`);
  }
  return parsed;
}

function fail(/** @type {string} */ message) {
  console.error(`bench: ${message}\n${USAGE}`);
  process.exit(2);
}

function cpuModel() {
  try {
    const line = readFileSync("/proc/cpuinfo", "utf8").split("\n").find((l) => l.startsWith("model name"));
    if (line) return line.split(":")[1].trim();
  } catch {
    // Not Linux: os.cpus() knows the model too.
  }
  return os.cpus()[0]?.model ?? "unknown CPU";
}

/** The SIMD extensions /proc/cpuinfo lists that our kernel sets care about. */
function cpuSimd() {
  try {
    const flags = readFileSync("/proc/cpuinfo", "utf8").split("\n").find((l) => /^(flags|Features)\s*:/.test(l)) ?? "";
    const wanted = ["sse2", "sse4_2", "avx", "avx2", "fma", "avx512f", "asimd"];
    return flags.split(":")[1].trim().split(/\s+/).filter((flag) => wanted.includes(flag)).join(" ");
  } catch {
    return null;
  }
}

function packageVersion(/** @type {string} */ name) {
  try {
    const json = readFileSync(new URL(`../node_modules/${name}/package.json`, import.meta.url), "utf8");
    return /** @type {string} */ (JSON.parse(json).version);
  } catch {
    return null;
  }
}

/** @template T @param {T[]} items @param {number} by */
function rotate(items, by) {
  const shift = by % items.length;
  return [...items.slice(shift), ...items.slice(0, shift)];
}
