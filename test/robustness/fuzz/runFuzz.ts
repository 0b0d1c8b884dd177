import type { Backend, SoundFont } from "../../../lib/index.js";
import { exerciseMidi, exerciseSoundFont, stage, type Outcome } from "./exercise.js";
import { applyMutation, mutationFor, type Target } from "./mutate.js";
import { Prng, inputSeed } from "./Prng.js";
import type { Watchdog } from "./Watchdog.js";

export interface FuzzPlan {
  readonly seed: number;
  /** Every file; each is mutated and also lends its bytes to the others' splices. */
  readonly targets: readonly Target[];
  /** Inputs per target. With `seconds`, only their proportions count. */
  readonly counts: ReadonlyMap<string, number>;
  /** Run for this long instead of for `counts`. */
  readonly seconds?: number;
  readonly backends: readonly Backend[];
  /** The SoundFont the mutated songs play on. */
  readonly midiFont: SoundFont;
  /** An input that takes longer than this fails, as a near-hang. */
  readonly inputBudgetMs: number;
  readonly watchdog?: Watchdog;
  /** Stop after this many failures. */
  readonly maxFailures: number;
}

export interface TargetStats {
  readonly name: string;
  readonly format: "sf2" | "midi";
  tried: number;
  loaded: number;
  refused: number;
  failed: number;
  /** Time spent on this target's inputs. */
  ms: number;
}

export interface FuzzFailureRecord {
  readonly target: string;
  readonly index: number;
  readonly mutation: string;
  readonly stage: string;
  readonly error: string;
}

export interface FuzzReport {
  readonly seed: number;
  readonly backends: readonly Backend[];
  readonly seconds: number;
  readonly stats: readonly TargetStats[];
  /** Per format, how many inputs each kind of error refused. */
  readonly errorKinds: ReadonlyMap<string, ReadonlyMap<string, number>>;
  readonly failures: readonly FuzzFailureRecord[];
  readonly slowest: { readonly ms: number; readonly input: string };
}

/** The outcome of one input, or the failure it shows. */
export interface InputResult {
  readonly description: string;
  readonly outcome?: Outcome;
  readonly failure?: FuzzFailureRecord;
  readonly ms: number;
}

/**
 * Builds input `index` of `target` from the seed alone, runs it, and undoes the mutation in
 * `work` (the target's bytes, which the mutation changes in place where it can).
 */
export function runInput(plan: FuzzPlan, target: Target, index: number, work: Uint8Array): InputResult {
  const prng = new Prng(inputSeed(plan.seed, target.name, index));
  const mutation = mutationFor(target, index, prng, plan.targets);
  const description = `${target.name}#${index}: ${mutation.description}`;
  plan.watchdog?.beat(`seed ${plan.seed}, ${description}`);
  const { bytes, restore } = applyMutation(work, mutation.ops);
  target.repair?.(bytes);
  const start = performance.now();
  let outcome: Outcome | undefined;
  let failure: FuzzFailureRecord | undefined;
  const fail = (where: string, error: string): FuzzFailureRecord => ({ target: target.name, index, mutation: mutation.description, stage: where, error });
  try {
    outcome =
      target.format === "sf2"
        ? exerciseSoundFont(bytes, prng, mutation.focus, plan.backends)
        : exerciseMidi(bytes, prng, plan.midiFont, plan.backends);
  } catch (error) {
    failure = fail(stage, error instanceof Error ? (error.stack ?? `${error.name}: ${error.message}`) : `thrown non-error: ${String(error)}`);
  } finally {
    restore();
    target.repair?.(work);
  }
  const ms = performance.now() - start;
  if (failure === undefined && ms > plan.inputBudgetMs) {
    failure = fail("time budget", `took ${ms.toFixed(0)} ms, over the budget of ${plan.inputBudgetMs} ms per input`);
  }
  return { description, outcome, failure, ms };
}

/** Runs the plan: input after input, the target furthest behind its share going next. */
export async function runFuzz(plan: FuzzPlan): Promise<FuzzReport> {
  const started = performance.now();
  const deadline = plan.seconds === undefined ? Infinity : started + plan.seconds * 1000;
  const targets = plan.targets.filter((t) => (plan.counts.get(t.name) ?? 0) > 0);
  const stats = new Map<string, TargetStats>(targets.map((t) => [t.name, { name: t.name, format: t.format, tried: 0, loaded: 0, refused: 0, failed: 0, ms: 0 }]));
  const work = new Map(targets.map((t) => [t.name, t.bytes.slice()]));
  const errorKinds = new Map<string, Map<string, number>>();
  const failures: FuzzFailureRecord[] = [];
  let slowest = { ms: 0, input: "" };
  let lastYield = performance.now();

  for (;;) {
    let next: Target | undefined;
    let behind = Infinity;
    for (const target of targets) {
      const count = plan.counts.get(target.name) ?? 0;
      const tried = stats.get(target.name)!.tried;
      if (plan.seconds === undefined && tried >= count) continue;
      if (tried / count < behind) {
        behind = tried / count;
        next = target;
      }
    }
    if (next === undefined || performance.now() > deadline || failures.length >= plan.maxFailures) break;

    const stat = stats.get(next.name)!;
    const result = runInput(plan, next, stat.tried, work.get(next.name)!);
    stat.tried++;
    stat.ms += result.ms;
    if (result.ms > slowest.ms) slowest = { ms: result.ms, input: result.description };
    if (result.failure !== undefined) {
      stat.failed++;
      failures.push(result.failure);
    } else if (result.outcome?.loaded === true) {
      stat.loaded++;
    } else if (result.outcome !== undefined) {
      stat.refused++;
      let kinds = errorKinds.get(next.format);
      if (kinds === undefined) errorKinds.set(next.format, (kinds = new Map()));
      const kind = errorKind(result.outcome.error);
      kinds.set(kind, (kinds.get(kind) ?? 0) + 1);
    }

    // Let the test runner's own messages through now and then.
    if (performance.now() - lastYield > 250) {
      plan.watchdog?.idle();
      await new Promise((resolve) => setImmediate(resolve));
      lastYield = performance.now();
    }
  }
  plan.watchdog?.idle();
  return {
    seed: plan.seed,
    backends: plan.backends,
    seconds: (performance.now() - started) / 1000,
    stats: [...stats.values()],
    errorKinds,
    failures,
    slowest,
  };
}

// The chunk ids of SoundFont 2 files; any other id in a message is damage, shown as "????".
const chunkIds = new Set("RIFF LIST INFO sdta pdta smpl sm24 phdr pbag pmod pgen inst ibag imod igen shdr ifil isng INAM irom iver ICRD IENG IPRD ICOP ICMT ISFT".split(" "));

/** An error's class and message with the numbers and names taken out, so that alike errors count together. */
export function errorKind(error: Error): string {
  return `${error.name}: ${error.message}`
    .replace(/\bthe (.{4}) chunk\b/gs, (whole, id: string) => (chunkIds.has(id) ? whole : "the ???? chunk"))
    .replace(/'[^']*'/g, "'…'")
    .replace(/\bbytes( [0-9A-F]{2})+/g, "bytes …")
    .replace(/0x[0-9A-Fa-f]+/g, "HEX")
    .replace(/-?\d+(\.\d+)?/g, "N")
    .replace(/HEX/g, "0x…");
}
