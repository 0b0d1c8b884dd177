// @ts-check
/**
 * What every render child does alike: time one stretch of work by CPU time (user + system of
 * the whole process, so V8's compiler and GC threads count) and by wall time, and hand its
 * result to run.mjs as one JSON line, the last line of its output.
 */
import { peakRssKiB } from "./peakMemory.mjs";

/**
 * @template T
 * @param {() => T} work
 * @returns {{ value: T, cpuMs: number, wallMs: number }}
 */
export function timed(work) {
  const cpuStart = process.cpuUsage();
  const wallStart = performance.now();
  const value = work();
  const wallMs = performance.now() - wallStart;
  const cpu = process.cpuUsage(cpuStart);
  return { value, cpuMs: (cpu.user + cpu.system) / 1000, wallMs };
}

/** The child's result, with its peak memory, which is only known at the end. */
export function printResult(/** @type {Record<string, unknown>} */ fields) {
  console.log(JSON.stringify({ ...fields, maxRssKiB: peakRssKiB() }));
}

/** An engine that cannot run here is a result too: run.mjs reports the reason and goes on. */
export function exitUnavailable(/** @type {string} */ reason) {
  console.log(JSON.stringify({ error: reason }));
  process.exit(0);
}
