// @ts-check
/**
 * Turns the runs into medians, ratios and the target lines, and prints them as tables (or, with
 * --json, as one summary object per line after the raw measurements).
 */
import { BLOCK_SIZE, SONGS, TARGET_SONG } from "./songs.mjs";

const ENGINES = /** @type {const} */ (["native", "js", "spessasynth", "fluidsynth"]);

/** The targets, on slow_neasy_redfarn.mid at block 64 (see the project's brief). */
const TARGETS = [
  { name: "native >= 4x JS", over: "native", under: "js", goal: 4 },
  { name: "native >= 2x FluidSynth", over: "native", under: "fluidsynth", goal: 2 },
  { name: "JS >= 1.5x spessasynth_core", over: "js", under: "spessasynth", goal: 1.5 },
];

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

  /** Median realtime factor (audio s per CPU s) of one engine on one song at one block size. */
  const realtime = (/** @type {string} */ engine, /** @type {string} */ song, blockSize = BLOCK_SIZE) => {
    const runs = renders.filter((/** @type {any} */ r) => r.engine === engine && r.song === song && r.blockSize === blockSize);
    return runs.length === 0 ? null : median(runs.map((/** @type {any} */ r) => r.audioSeconds / (r.cpuMs / 1000)));
  };
  const realtimeWall = (/** @type {string} */ engine, /** @type {string} */ song, blockSize = BLOCK_SIZE) => {
    const runs = renders.filter((/** @type {any} */ r) => r.engine === engine && r.song === song && r.blockSize === blockSize);
    return runs.length === 0 ? null : median(runs.map((/** @type {any} */ r) => r.audioSeconds / (r.wallMs / 1000)));
  };
  const ratio = (/** @type {number | null} */ a, /** @type {number | null} */ b) => (a === null || b === null ? null : a / b);

  const targets = TARGETS.map((t) => {
    const value = ratio(realtime(t.over, TARGET_SONG), realtime(t.under, TARGET_SONG));
    const missing = [t.over, t.under].find((engine) => realtime(engine, TARGET_SONG) === null);
    return { name: t.name, value, goal: t.goal, met: value === null ? null : value >= t.goal, why: missing ? whyMissing(engines[missing]) : null };
  });
  const blockRatios = report.blockSizes.map((/** @type {number} */ size) => ratio(realtime("native", TARGET_SONG, size), realtime("js", TARGET_SONG, size)));
  targets.push({
    name: `native faster than JS at block ${report.blockSizes.join(", ")}`,
    value: blockRatios.some((/** @type {number | null} */ r) => r === null) ? null : Math.min(...blockRatios),
    goal: 1,
    met: blockRatios.some((/** @type {number | null} */ r) => r === null) ? null : blockRatios.every((/** @type {number} */ r) => r > 1),
    why: whyMissing(engines.native),
  });
  targets.push({
    name: "no allocation per block once running",
    value: report.allocations.length === 0 ? null : Math.max(...report.allocations.map((/** @type {any} */ a) => a.bytesPerBlock ?? Infinity)),
    goal: 0,
    met: report.allocations.length === 0 ? null : report.allocations.every((/** @type {any} */ a) => !a.allocates && !a.error),
    why: null,
  });

  const memory = (/** @type {string} */ engine) => {
    const perSong = SONGS.map((song) => renders.filter((/** @type {any} */ r) => r.engine === engine && r.song === song.id && r.blockSize === BLOCK_SIZE && r.maxRssKiB))
      .filter((runs) => runs.length > 0)
      .map((runs) => median(runs.map((/** @type {any} */ r) => r.maxRssKiB)));
    return perSong.length === 0 ? null : Math.max(...perSong) / 1024;
  };
  const load = (/** @type {string} */ engine) => {
    if (engine === "fluidsynth") return report.fluidLoad;
    const runs = renders.filter((/** @type {any} */ r) => r.engine === engine && r.loadCpuMs !== null);
    if (runs.length === 0) return null;
    return { cpuMs: median(runs.map((/** @type {any} */ r) => r.loadCpuMs)), wallMs: median(runs.map((/** @type {any} */ r) => r.loadMs)) };
  };

  if (emit) {
    for (const song of SONGS) {
      for (const engine of available) emit({ type: "median", engine, song: song.id, blockSize: BLOCK_SIZE, realtimeCpu: realtime(engine, song.id), realtimeWall: realtimeWall(engine, song.id) });
      emit({ type: "ratios", song: song.id, nativeOverJs: ratio(realtime("native", song.id), realtime("js", song.id)), nativeOverFluidsynth: ratio(realtime("native", song.id), realtime("fluidsynth", song.id)), jsOverSpessasynth: ratio(realtime("js", song.id), realtime("spessasynth", song.id)) });
    }
    for (const size of report.blockSizes.filter((/** @type {number} */ size) => size !== BLOCK_SIZE)) {
      for (const engine of ["native", "js"]) emit({ type: "median", engine, song: TARGET_SONG, blockSize: size, realtimeCpu: realtime(engine, TARGET_SONG, size), realtimeWall: realtimeWall(engine, TARGET_SONG, size) });
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
  out(`Machine: ${machine.cpu}${machine.cpuSimd ? ` (${machine.cpuSimd})` : ""}, ${machine.cores} cores, ${machine.platform}, Node ${machine.node}; native kernels: ${machine.nativeInstructionSet ?? `unavailable (${machine.nativeUnavailable})`}`);
  out(`Load average (1 min): ${machine.loadAverageAtStart.toFixed(2)} at start, ${machine.loadAverageAtEnd.toFixed(2)} at end; other work on the machine inflates every figure. Took ${machine.minutes.toFixed(1)} min.`);
  out(`Median of ${machine.runs} runs; each render in a process of its own, engines alternated within each round.`);
  for (const engine of ENGINES) {
    const { label, unavailable, failures } = engines[engine];
    if (unavailable) out(`Not measured: ${label}: ${unavailable}`);
    else if (failures.length > 0) out(`${label}: ${failures.length} run(s) failed and are left out; the last: ${failures.at(-1)}`);
  }
  out();

  out("Realtime factor: audio seconds per CPU second of the render loop (higher is faster)");
  const header = ["line", ...available.map((e) => engines[e].label), "native/JS", "native/Fluid", "JS/spessa"];
  const rows = SONGS.map((song) => [
    song.label,
    ...available.map((engine) => fixed(realtime(engine, song.id))),
    times(ratio(realtime("native", song.id), realtime("js", song.id))),
    times(ratio(realtime("native", song.id), realtime("fluidsynth", song.id))),
    times(ratio(realtime("js", song.id), realtime("spessasynth", song.id))),
  ]);
  table(header, rows).forEach((line) => out(line));
  if (available.includes("fluidsynth")) out("FluidSynth: (song run - empty-file run) per process; it plays the MIDI files only.");
  out();

  out(`Block size, ${songLabel(TARGET_SONG)} (realtime factor, CPU)`);
  table(
    ["block", "native", "JS", "native/JS"],
    report.blockSizes.map((/** @type {number} */ size, /** @type {number} */ i) => [String(size), fixed(realtime("native", TARGET_SONG, size)), fixed(realtime("js", TARGET_SONG, size)), times(blockRatios[i])]),
  ).forEach((line) => out(line));
  out();

  out("SoundFont load (TimGM6mb.sf2, 6 MB) and peak memory (max RSS, the largest of the per-line medians)");
  table(
    ["engine", "load CPU ms", "load wall ms", "peak RSS MiB"],
    [
      // FluidSynth's load is a difference of two whole processes: only its CPU time is steady enough.
      ...available.map((engine) => [engines[engine].label, fixed(load(engine)?.cpuMs), engine === "fluidsynth" ? "-" : fixed(load(engine)?.wallMs), fixed(memory(engine))]),
      ["Node doing nothing", "", "", fixed(report.nodeAloneKiB / 1024)],
    ],
  ).forEach((line) => out(line));
  out("Ours: new SoundFont(bytes); spessasynth_core: SoundBankLoader.fromArrayBuffer; FluidSynth: CPU time of a run on an empty MIDI file with the font less one without any. Node engines' memory includes Node itself.");
  out();

  out("Allocation once running (50 s rendered after 10 s of warm-up and a full GC; heap growth, GCs meanwhile)");
  for (const a of report.allocations) {
    if (a.error) out(`  ${a.engine} ${a.scenario}: ${a.error}`);
    else out(`  ${a.engine.padEnd(6)} ${(a.scenario === "song" ? "sequencer, slow_neasy" : "synthesizer, held chord").padEnd(24)} heap +${(a.heapGrowthBytes / 1024).toFixed(0)} KiB over ${a.blocks} blocks = ${fixed(a.bytesPerBlock)} B/block, ArrayBuffers ${a.arrayBufferGrowthBytes >= 0 ? "+" : ""}${a.arrayBufferGrowthBytes} B, ${a.collections} GCs: ${a.allocates ? "allocates" : "no allocation"}`);
  }
  out();

  out(`Targets (${songLabel(TARGET_SONG)}, block ${BLOCK_SIZE} unless stated)`);
  for (const t of targets) {
    const value = t.name.startsWith("no allocation") ? (t.value === null ? "-" : `${fixed(t.value)} B/block at most`) : t.name.startsWith("native faster") ? `${report.blockSizes.map((/** @type {number} */ s, /** @type {number} */ i) => `${s}: ${times(blockRatios[i])}`).join(", ")}` : times(t.value);
    const verdict = t.met === null ? `not measured${t.why ? ` (${t.why})` : ""}` : t.met ? "met" : "MISSED";
    out(`  ${t.name.padEnd(44)} ${value.padEnd(34)} ${verdict}`);
  }
}

/** @param {{ unavailable: string | null, failures: string[] }} engine */
function whyMissing(engine) {
  return engine.unavailable ?? engine.failures.at(-1) ?? null;
}

function songLabel(/** @type {string} */ id) {
  return SONGS.find((song) => song.id === id)?.label ?? id;
}

/** Left-aligns the first column, right-aligns the others. */
function table(/** @type {string[]} */ header, /** @type {string[][]} */ rows) {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i].length)));
  const line = (/** @type {string[]} */ cells) => cells.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]) : cell.padStart(widths[i]))).join("  ");
  return [line(header), ...rows.map(line)];
}
