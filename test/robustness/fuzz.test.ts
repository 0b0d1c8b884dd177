import { describe, expect, it } from "vitest";
import { SoundFont } from "../../lib/index.js";
import { hasFixtures, readFixture } from "../fixtures.js";
import { tinySoundFont } from "../tinySoundFont.js";
import { runFuzz, runInput, type FuzzPlan } from "./fuzz/runFuzz.js";
import { formatFailure, formatSummary } from "./fuzz/summary.js";
import { fuzzTargets } from "./fuzz/targets.js";
import { Watchdog } from "./fuzz/Watchdog.js";
import { backends } from "./loadBackends.js";

/**
 * The fuzzer: mutated SoundFonts and songs either load and render finite samples on every
 * backend, or are refused with SoundFontError or MidiFileError. Anything else fails, with the
 * seed and the mutation. `npm run fuzz -- --seconds N` runs the same thing for longer
 * (bench/fuzz.mjs); these variables are how it talks to this file:
 *   FUZZ_SEED     the run's seed (default 1, so that CI is repeatable)
 *   FUZZ_SECONDS  run for this long instead of the fixed counts below
 *   FUZZ_REPLAY   'target#index': run that one input and show what it does
 */
const seed = Number(process.env.FUZZ_SEED ?? 1);
const seconds = process.env.FUZZ_SECONDS === undefined ? undefined : Number(process.env.FUZZ_SECONDS);
const replay = process.env.FUZZ_REPLAY;
/** FUZZ_TARGETS: comma-separated parts of target names, to fuzz only those. */
const only = process.env.FUZZ_TARGETS?.split(",").filter((part) => part.length > 0);
const maxFailures = Number(process.env.FUZZ_MAX_FAILURES ?? 20);

// Inputs per target in CI: thousands per format in well under a minute on two cores; and how
// many of them load and render with seed 1, the rest being refused.
const ciCounts: Record<string, { inputs: number; loadedWithSeed1: number }> = hasFixtures
  ? {
      "TimGM6mb.sf2": { inputs: 1000, loadedWithSeed1: 435 },
      "TimGM6mb.sf3": { inputs: 250, loadedWithSeed1: 57 },
      "TimGM6mb.sf3 (Ogg checksums repaired)": { inputs: 150, loadedWithSeed1: 16 },
      "tiny.sf2 (code-built)": { inputs: 1500, loadedWithSeed1: 584 },
      "tiny.dls (tiny.sf2 written by spessasynth_core)": { inputs: 1000, loadedWithSeed1: 267 },
      "small.dls (code-built, DLS 1 and 2)": { inputs: 1000, loadedWithSeed1: 276 },
      "5432gone_redfarn.mid": { inputs: 200, loadedWithSeed1: 65 },
      "slow_neasy_redfarn.mid": { inputs: 200, loadedWithSeed1: 67 },
      "boogi_marabi_redfarn.mid": { inputs: 200, loadedWithSeed1: 61 },
      "generated.mid (code-built)": { inputs: 1500, loadedWithSeed1: 605 },
      "generated.rmi (code-built, carrying tiny.sf2)": { inputs: 300, loadedWithSeed1: 55 },
      "generated.rmi (code-built, carrying small.dls)": { inputs: 600, loadedWithSeed1: 103 },
    }
  : {
      "tiny.sf2 (code-built)": { inputs: 2500, loadedWithSeed1: 1067 },
      "tiny.dls (tiny.sf2 written by spessasynth_core)": { inputs: 1000, loadedWithSeed1: 268 },
      "small.dls (code-built, DLS 1 and 2)": { inputs: 1000, loadedWithSeed1: 276 },
      "generated.mid (code-built)": { inputs: 2500, loadedWithSeed1: 1043 },
      "generated.rmi (code-built, carrying tiny.sf2)": { inputs: 600, loadedWithSeed1: 167 },
      "generated.rmi (code-built, carrying small.dls)": { inputs: 600, loadedWithSeed1: 104 },
    };

/** Seed 1 at the counts above, as CI runs it: the same inputs every time. */
const ciRun = seed === 1 && seconds === undefined;

/**
 * The share of a target's inputs that must load and render, so that a parser refusing what it
 * should accept fails rather than passing on refusals alone. In the CI run, what was reached
 * less 2 points of share. With another seed or for a set time, half the share seed 1 reaches:
 * sampling moves it by a few points (seed 2 gives 44.2% for TimGM6mb.sf2 against 43.3%, 15.3%
 * for the repaired SF3 against 10.7%), and 100 inputs are the least it is judged on.
 */
function loadedFloor(name: string): number {
  const counts = ciCounts[name];
  if (counts === undefined) throw new Error(`no share of loaded inputs is known for the fuzz target ${name}`);
  const reached = counts.loadedWithSeed1 / counts.inputs;
  return ciRun ? reached - 0.02 : reached / 2;
}

const inputBudgetMs = 5000;
const watchdogMs = 60_000;

function plan(watchdog?: Watchdog): FuzzPlan {
  if (!Number.isInteger(seed) || seed < 0) throw new RangeError(`FUZZ_SEED must be a non-negative integer, got ${process.env.FUZZ_SEED}`);
  if (seconds !== undefined && !(seconds > 0)) throw new RangeError(`FUZZ_SECONDS must be a positive number, got ${process.env.FUZZ_SECONDS}`);
  return {
    seed,
    targets: fuzzTargets(),
    counts: new Map(
      Object.entries(ciCounts)
        .filter(([name]) => only === undefined || only.some((part) => name.includes(part)))
        .map(([name, { inputs }]) => [name, inputs]),
    ),
    seconds,
    backends,
    midiFont: hasFixtures ? new SoundFont(readFixture("soundfonts", "TimGM6mb.sf2")) : tinySoundFont(),
    inputBudgetMs,
    watchdog,
    maxFailures,
  };
}

describe.runIf(replay === undefined)("fuzzing SoundFonts and MIDI files", () => {
  if (!hasFixtures) console.warn("Fuzzing only the code-built SoundFont and song: the shared fixtures are absent.");

  it(
    "loads and renders finite samples on every backend, or refuses with SoundFontError / MidiFileError, and a known share loads",
    async () => {
      const watchdog = new Watchdog(watchdogMs);
      try {
        const report = await runFuzz(plan(watchdog));
        console.log(formatSummary(report));
        if (report.failures.length > 0) {
          expect.fail(`${report.failures.length} fuzz failures:\n\n${report.failures.map((f) => formatFailure(seed, f)).join("\n\n")}`);
        }
        for (const { name, tried, loaded } of report.stats) {
          if (tried === 0 || (!ciRun && tried < 100)) continue;
          expect(loaded / tried, `${name}: ${loaded} of ${tried} inputs loaded and rendered`).toBeGreaterThanOrEqual(loadedFloor(name));
        }
      } finally {
        await watchdog.stop();
      }
    },
    ((seconds ?? 0) + 300) * 1000,
  );
});

describe.runIf(replay !== undefined)("replaying one fuzz input", () => {
  it(`replays ${replay}`, () => {
    const p = plan();
    const hash = replay!.lastIndexOf("#");
    const name = replay!.slice(0, hash);
    const index = Number(replay!.slice(hash + 1));
    const target = p.targets.find((t) => t.name === name);
    if (target === undefined || !Number.isInteger(index) || index < 0) {
      throw new Error(`FUZZ_REPLAY must be 'target#index' with one of: ${p.targets.map((t) => t.name).join(", ")}`);
    }
    const result = runInput(p, target, index, target.bytes.slice());
    console.log(`seed ${seed}, ${result.description}: ${result.ms.toFixed(0)} ms`);
    if (result.failure !== undefined) expect.fail(formatFailure(seed, result.failure));
    console.log(result.outcome?.loaded === true ? "loaded and rendered" : `refused: ${result.outcome?.loaded === false ? result.outcome.error.message : "?"}`);
  });
});
