// @ts-check
/**
 * Turns the runs into medians, ratios and the target lines, and prints them as tables (or, with
 * --json, as one summary object per line after the raw measurements).
 */
import { BLOCK_SIZE, MIDI_SONGS, SONGS, TARGET_SONG } from "./songs.mjs";

const ENGINES = /** @type {const} */ (["native", "wasm", "js", "rustysynth", "spessasynth", "fluidsynth"]);
/** Our backends, fastest first. */
const OURS = ["native", "wasm", "js"];

/** The ratio columns of the main table, each one engine's realtime factor over another's. */
const RATIOS = [
  { label: "native/rusty", key: "nativeOverRustysynth", over: "native", under: "rustysynth" },
  { label: "native/Fluid", key: "nativeOverFluidsynth", over: "native", under: "fluidsynth" },
  { label: "JS/spessa", key: "jsOverSpessasynth", over: "js", under: "spessasynth" },
  { label: "native/JS", key: "nativeOverJs", over: "native", under: "js" },
  { label: "wasm/JS", key: "wasmOverJs", over: "wasm", under: "js" },
  { label: "wasm/spessa", key: "wasmOverSpessasynth", over: "wasm", under: "spessasynth" },
  { label: "native/wasm", key: "nativeOverWasm", over: "native", under: "wasm" },
];

/**
 * The project's speed targets, at block 64: `over` must be at least `goal` times as fast as
 * `under` on every one of `lines`.
 */
const TARGETS = [
  { name: "native >= 3x rustysynth on slow_neasy", over: "native", under: "rustysynth", goal: 3, lines: [TARGET_SONG] },
  { name: "native >= 3x FluidSynth on slow_neasy", over: "native", under: "fluidsynth", goal: 3, lines: [TARGET_SONG] },
  { name: "native >= 2.5x rustysynth on every song", over: "native", under: "rustysynth", goal: 2.5, lines: MIDI_SONGS },
  { name: "native >= rustysynth, chord, effects on", over: "native", under: "rustysynth", goal: 1, lines: ["chord30"] },
  { name: "native >= rustysynth, chord, effects off", over: "native", under: "rustysynth", goal: 1, lines: ["chord30_dry"] },
  { name: "JS >= 2x spessasynth_core on every song", over: "js", under: "spessasynth", goal: 2, lines: MIDI_SONGS },
  { name: "native >= 4x JS on slow_neasy", over: "native", under: "js", goal: 4, lines: [TARGET_SONG] },
  { name: "wasm >= 3x JS on every song", over: "wasm", under: "js", goal: 3, lines: MIDI_SONGS },
  { name: "wasm >= 4x spessasynth_core on every song", over: "wasm", under: "spessasynth", goal: 4, lines: MIDI_SONGS },
];

/** What each engine's SoundFont load time covers. */
const LOAD_METHODS = {
  native: "Ours: new SoundFont(bytes), the file already read",
  wasm: "Ours: new SoundFont(bytes), the file already read",
  js: "Ours: new SoundFont(bytes), the file already read",
  rustysynth: "rustysynth: reading and parsing the file, as it reports it",
  spessasynth: "spessasynth_core: SoundBankLoader.fromArrayBuffer",
  fluidsynth: "FluidSynth: CPU time of a run on an empty MIDI file with the font less one without any",
};

/** The backends the allocation target covers: each must be measured for it to count as met. */
const ALLOCATION_BACKENDS = OURS;

/** @param {number[]} values */
export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/**
 * @param {any} report what run.mjs gathered
 * @param {((record: object) => void) | null} emit set with --json: print records, not tables
 */
export function printReport(report, emit) {
  const { machine, engines, renders } = report;
  const available = ENGINES.filter((engine) => renders.some((/** @type {any} */ r) => r.engine === engine));

  const runsOf = (/** @type {string} */ engine, /** @type {string} */ song, /** @type {number} */ blockSize) =>
    renders.filter((/** @type {any} */ r) => r.engine === engine && r.song === song && r.blockSize === blockSize);
  /** Median realtime factor (audio s per CPU s) of one engine on one line at one block size. */
  const realtime = (/** @type {string} */ engine, /** @type {string} */ song, blockSize = BLOCK_SIZE) => {
    const runs = runsOf(engine, song, blockSize);
    return runs.length === 0 ? null : median(runs.map((/** @type {any} */ r) => r.audioSeconds / (r.cpuMs / 1000)));
  };
  const realtimeWall = (/** @type {string} */ engine, /** @type {string} */ song, blockSize = BLOCK_SIZE) => {
    const runs = runsOf(engine, song, blockSize);
    return runs.length === 0 ? null : median(runs.map((/** @type {any} */ r) => r.audioSeconds / (r.wallMs / 1000)));
  };
  const ratio = (/** @type {string} */ over, /** @type {string} */ under, /** @type {string} */ song, blockSize = BLOCK_SIZE) => {
    const a = realtime(over, song, blockSize);
    const b = realtime(under, song, blockSize);
    return a === null || b === null ? null : a / b;
  };

  const targets = TARGETS.map((t) => {
    const ratios = t.lines.map((song) => ({ song, value: ratio(t.over, t.under, song) }));
    const missing = ratios.find((r) => r.value === null);
    const lowest = missing ? null : ratios.reduce((low, r) => (/** @type {number} */ (r.value) < /** @type {number} */ (low.value) ? r : low));
    return {
      name: t.name,
      value: lowest?.value ?? null,
      lowestOn: t.lines.length > 1 && lowest ? lowest.song : null,
      goal: t.goal,
      met: lowest ? /** @type {number} */ (lowest.value) >= t.goal : null,
      why: missing ? whyMissing(engines[realtime(t.over, missing.song) === null ? t.over : t.under]) : null,
    };
  });
  const blockRatios = report.blockSizes.map((/** @type {number} */ size) => ratio("native", "js", TARGET_SONG, size));
  const blocksMissing = blockRatios.some((/** @type {number | null} */ r) => r === null);
  targets.push({
    name: `native faster than JS at block ${report.blockSizes.join(", ")}`,
    value: blocksMissing ? null : Math.min(...blockRatios),
    lowestOn: null,
    goal: 1,
    met: blocksMissing ? null : blockRatios.every((/** @type {number} */ r) => r > 1),
    why: blocksMissing ? whyMissing(engines.native) : null,
  });
  const browser = report.browser;
  targets.push({
    name: "wasm >= 2.5x JS in Chromium on slow_neasy",
    value: browser.figures?.wasmOverJs ?? null,
    lowestOn: null,
    goal: 2.5,
    met: browser.figures ? browser.figures.wasmOverJs >= 2.5 : null,
    why: browser.unavailable ?? null,
  });
  const measuredAllocations = report.allocations.filter((/** @type {any} */ a) => !a.error);
  const unmeasuredBackend = ALLOCATION_BACKENDS.find((engine) => !measuredAllocations.some((/** @type {any} */ a) => a.engine === engine));
  targets.push({
    name: "0 bytes per block once running, every backend",
    value: measuredAllocations.length === 0 ? null : Math.max(...measuredAllocations.map((/** @type {any} */ a) => a.bytesPerBlock ?? Infinity)),
    lowestOn: null,
    goal: 0,
    met: unmeasuredBackend ? null : report.allocations.every((/** @type {any} */ a) => !a.error && !a.allocates),
    why: unmeasuredBackend ? `${unmeasuredBackend}: ${whyMissing(engines[unmeasuredBackend]) ?? report.allocations.find((/** @type {any} */ a) => a.engine === unmeasuredBackend)?.error ?? "no result"}` : null,
  });

  const memory = (/** @type {string} */ engine) => {
    const perSong = SONGS.map((song) => runsOf(engine, song.id, BLOCK_SIZE).filter((/** @type {any} */ r) => r.maxRssKiB))
      .filter((runs) => runs.length > 0)
      .map((runs) => median(runs.map((/** @type {any} */ r) => r.maxRssKiB)));
    return perSong.length === 0 ? null : Math.max(...perSong) / 1024;
  };
  const load = (/** @type {string} */ engine) => {
    if (engine === "fluidsynth") return report.fluidLoad;
    const runs = renders.filter((/** @type {any} */ r) => r.engine === engine);
    const medianOf = (/** @type {string} */ field) => {
      const values = runs.map((/** @type {any} */ r) => r[field]).filter((/** @type {number | null} */ v) => v !== null);
      return values.length === 0 ? null : median(values);
    };
    return { cpuMs: medianOf("loadCpuMs"), wallMs: medianOf("loadMs"), createMs: medianOf("createMs") };
  };

  if (emit) {
    for (const song of SONGS) {
      for (const engine of available) {
        if (runsOf(engine, song.id, BLOCK_SIZE).length > 0) emit({ type: "median", engine, song: song.id, blockSize: BLOCK_SIZE, realtimeCpu: realtime(engine, song.id), realtimeWall: realtimeWall(engine, song.id) });
      }
      emit({ type: "ratios", song: song.id, ...Object.fromEntries(RATIOS.map((r) => [r.key, ratio(r.over, r.under, song.id)])) });
    }
    for (const size of report.blockSizes.filter((/** @type {number} */ size) => size !== BLOCK_SIZE)) {
      for (const engine of OURS) emit({ type: "median", engine, song: TARGET_SONG, blockSize: size, realtimeCpu: realtime(engine, TARGET_SONG, size), realtimeWall: realtimeWall(engine, TARGET_SONG, size) });
    }
    for (const engine of available) emit({ type: "resources", engine, soundFontLoad: load(engine), peakRssMiB: memory(engine) });
    emit({ type: "resources", engine: "node alone", peakRssMiB: report.nodeAloneKiB / 1024 });
    for (const target of targets) emit({ type: "target", ...target });
    emit({ type: "end", loadAverageAtEnd: machine.loadAverageAtEnd, minutes: machine.minutes });
    return;
  }

  const out = (/** @type {string} */ line = "") => console.log(line);
  const fixed = (/** @type {number | null | undefined} */ value, digits = 1) => (value === null || value === undefined || !Number.isFinite(value) ? "-" : value.toFixed(digits));
  const times = (/** @type {number | null} */ value) => (value === null ? "-" : `${value.toFixed(2)}x`);

  out(`meltysynth-native benchmark: ${machine.sampleRate} Hz, block ${machine.blockSize}, polyphony ${machine.polyphony}, reverb and chorus on except on the effects-off chord, TimGM6mb.sf2`);
  out(`Machine: ${machine.cpu}${machine.cpuSimd ? ` (${machine.cpuSimd})` : ""}, ${machine.cores} cores, ${machine.platform}, Node ${machine.node}; native kernels: ${machine.nativeInstructionSet ?? `unavailable (${machine.nativeUnavailable})`}; wasm kernels: ${machine.wasmInstructionSet ?? `unavailable (${machine.wasmUnavailable})`}`);
  out(`Load average (1 min): ${machine.loadAverageAtStart.toFixed(2)} at start, ${machine.loadAverageAtEnd.toFixed(2)} at end; other work on the machine inflates every figure. Took ${machine.minutes.toFixed(1)} min.`);
  out(`Median of ${machine.runs} runs; each render in a process of its own, engines alternated within each round.`);
  for (const engine of ENGINES) {
    const { label, unavailable, failures } = engines[engine];
    if (unavailable) out(`Not measured: ${label}: ${unavailable}`);
    else if (failures.length > 0) out(`${label}: ${failures.length} run(s) failed and are left out; the last: ${failures.at(-1)}`);
  }
  out();

  out("Realtime factor: audio seconds per CPU second of the render loop (higher is faster)");
  const header = ["line", ...available.map((e) => engines[e].label), ...RATIOS.map((r) => r.label)];
  const rows = SONGS.map((song) => [
    song.label,
    ...available.map((engine) => fixed(realtime(engine, song.id))),
    ...RATIOS.map((r) => times(ratio(r.over, r.under, song.id))),
  ]);
  table(header, rows).forEach((line) => out(line));
  if (available.includes("fluidsynth")) out("FluidSynth: (song run - empty-file run) per process; it plays the MIDI files only.");
  out();

  out(`Block size, ${songLabel(TARGET_SONG)} (realtime factor, CPU)`);
  table(
    ["block", "native", "wasm", "JS", "native/JS", "wasm/JS"],
    report.blockSizes.map((/** @type {number} */ size, /** @type {number} */ i) => [
      String(size),
      ...OURS.map((engine) => fixed(realtime(engine, TARGET_SONG, size))),
      times(blockRatios[i]),
      times(ratio("wasm", "js", TARGET_SONG, size)),
    ]),
  ).forEach((line) => out(line));
  out();

  // Each song rendered again with one setting changed, against the default: the extra time.
  const variantCost = (/** @type {string} */ title, /** @type {string} */ variant, /** @type {string[]} */ columns) => {
    out(title);
    table(
      ["song", ...columns.flatMap((c) => [c, `${c} ${variant}`, "cost"])],
      MIDI_SONGS.map((id) => {
        const cells = OURS.flatMap((engine) => {
          const r = ratio(engine, `${engine}:${variant}`, id);
          return [fixed(realtime(engine, id)), fixed(realtime(`${engine}:${variant}`, id)), r === null ? "-" : `${((r - 1) * 100).toFixed(1)} %`];
        });
        return [songLabel(id), ...cells];
      }),
    ).forEach((line) => out(line));
    out();
  };
  variantCost("Event timing: 'sample' against 'block' (realtime factor, CPU, block 64; aim: under 10 % slower)", "sample", ["native", "wasm", "JS"]);
  variantCost("Profile: 'full' against 'meltysynth' (realtime factor, CPU, block 64; aim: at most 15 % more time)", "full", ["native", "wasm", "JS"]);
  variantCost("Interpolation: 'cubic' against 'linear' (realtime factor, CPU, block 64; aim: at most 25 % more time on native)", "cubic", ["native", "wasm", "JS"]);
  variantCost("Interpolation: 'sinc' against 'linear' (realtime factor, CPU, block 64)", "sinc", ["native", "wasm", "JS"]);
  variantCost("Polyphony: 256 against 64 (realtime factor, CPU, block 64; aim: at most 5 % more time)", "poly256", ["native", "wasm", "JS"]);

  out("SoundFont load (TimGM6mb.sf2, 6 MB), a new synthesizer, and peak memory (max RSS, the largest of the per-line medians)");
  table(
    ["engine", "load CPU ms", "load wall ms", "synthesizer ms", "peak RSS MiB"],
    [
      // FluidSynth's load is a difference of two whole processes: only its CPU time is steady enough.
      ...available.map((engine) => [
        engines[engine].label,
        fixed(load(engine)?.cpuMs),
        engine === "fluidsynth" ? "-" : fixed(load(engine)?.wallMs),
        OURS.includes(engine) ? fixed(load(engine)?.createMs) : "-",
        fixed(memory(engine)),
      ]),
      ["Node doing nothing", "", "", "", fixed(report.nodeAloneKiB / 1024)],
    ],
  ).forEach((line) => out(line));
  const loadMethods = [...new Set(available.map((engine) => LOAD_METHODS[engine]))];
  out(`${loadMethods.join("; ")}. A new synthesizer: its wall time, the first of its process (a wasm one copies the font's samples into its instance). Node engines' memory includes Node itself.`);
  out();

  out("Allocation once running (50 s rendered after 10 s of warm-up and a full GC; heap growth, GCs meanwhile)");
  for (const backend of ALLOCATION_BACKENDS) {
    const measured = report.allocations.filter((/** @type {any} */ a) => a.engine === backend);
    if (measured.length === 0) out(`  ${backend.padEnd(6)} not measured (${whyMissing(engines[backend]) ?? "no result"})`);
    for (const a of measured) {
      const scenario = (a.scenario === "song" ? "sequencer, slow_neasy" : "synthesizer, held chord").padEnd(24);
      if (a.error) out(`  ${a.engine.padEnd(6)} ${scenario} not measured (${a.error})`);
      else out(`  ${a.engine.padEnd(6)} ${scenario} heap +${(a.heapGrowthBytes / 1024).toFixed(0)} KiB over ${a.blocks} blocks = ${fixed(a.bytesPerBlock)} B/block, ArrayBuffers ${a.arrayBufferGrowthBytes >= 0 ? "+" : ""}${a.arrayBufferGrowthBytes} B, ${a.collections} GCs: ${a.allocates ? "allocates" : "no allocation"}`);
    }
  }
  out();

  out("Kernel microbenchmark (ns per voice-sample, oscillator + filter + mix, 256 voices)");
  const kernels = report.kernels;
  if (kernels.unavailable) out(`  not measured: ${kernels.unavailable}`);
  else {
    const rows = kernels.figures.results.map((/** @type {KernelResult} */ r) => [r.set, ...[r.nsPerVoiceSample, r.bestNsPerVoiceSample, r.rampingNsPerVoiceSample, r.rampingBestNsPerVoiceSample].map((v) => v.toFixed(2))]);
    for (const line of table(["kernels", "median", "best", "ramping median", "ramping best"], rows)) out(`  ${line}`);
    out(`  ${kernels.figures.cpu}, ${kernels.figures.rounds} rounds; ramping: gains gliding through the block`);
  }
  out();

  out(`Browser: ${songLabel(TARGET_SONG)} in headless Chromium, each render in a fresh browser (realtime factor, wall time of the render loop: a page has no CPU clock)`);
  if (browser.unavailable) out(`  not measured: ${browser.unavailable}`);
  else {
    const f = browser.figures;
    out(`  ${f.browser}, median of ${f.runs}: wasm ${fixed(f.wasm)}, JS ${fixed(f.js)}, wasm/JS ${times(f.wasmOverJs)}`);
  }
  out();

  out(`Targets (block ${BLOCK_SIZE} unless stated)`);
  for (const t of targets) {
    let value;
    if (t.name.startsWith("0 bytes")) value = t.value === null ? "-" : `${fixed(t.value)} B/block at most`;
    else if (t.name.startsWith("native faster")) value = report.blockSizes.map((/** @type {number} */ s, /** @type {number} */ i) => `${s}: ${times(blockRatios[i])}`).join(", ");
    else value = t.lowestOn ? `${times(t.value)} (lowest, ${songLabel(t.lowestOn)})` : times(t.value);
    const verdict = t.met === null ? `not measured${t.why ? ` (${t.why})` : ""}` : t.met ? "met" : "MISSED";
    out(`  ${t.name.padEnd(48)} ${value.padEnd(44)} ${verdict}`);
  }
}

/** @param {{ unavailable: string | null, failures: string[] }} engine */
function whyMissing(engine) {
  return engine.unavailable ?? engine.failures.at(-1) ?? null;
}

function songLabel(/** @type {string} */ id) {
  return SONGS.find((song) => song.id === id)?.label ?? id;
}

/**
 * One instruction set's line of the kernel benchmark (bench/kernels.mjs), ns per voice-sample.
 * @typedef {{ set: string, nsPerVoiceSample: number, bestNsPerVoiceSample: number, rampingNsPerVoiceSample: number, rampingBestNsPerVoiceSample: number }} KernelResult
 */

/** Left-aligns the first column, right-aligns the others. */
function table(/** @type {string[]} */ header, /** @type {string[][]} */ rows) {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i].length)));
  const line = (/** @type {string[]} */ cells) => cells.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]) : cell.padStart(widths[i]))).join("  ");
  return [line(header), ...rows.map(line)];
}
