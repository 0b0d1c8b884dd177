import { Worker } from "node:worker_threads";

// The watchdog runs in its own thread, so it still runs when the fuzzer's thread is stuck in a
// loop that never returns. Plain JavaScript, evaluated: no build step needed.
const watchdogSource = `
const { workerData } = require("node:worker_threads");
const { writeSync } = require("node:fs");
const state = new Int32Array(workerData.shared, 0, 3);
const text = new Uint8Array(workerData.shared, 12);
let seen = -1;
let since = Date.now();
setInterval(() => {
  const beat = Atomics.load(state, 0);
  if (beat !== seen || Atomics.load(state, 2) === 0) {
    seen = beat;
    since = Date.now();
    return;
  }
  if (Date.now() - since < workerData.limitMs) return;
  const description = Buffer.from(text.subarray(0, Atomics.load(state, 1))).toString("utf8");
  writeSync(2, "\\n[fuzz watchdog] FAIL: no progress for " + workerData.limitMs + " ms; this input hangs:\\n" + description + "\\n");
  process.kill(process.pid, "SIGKILL");
}, 200);
`;

/**
 * Kills the process, after printing the input being tried, when one input runs for longer than
 * `limitMs`: a loop that never returns cannot be interrupted from inside its own thread, and a
 * test run that hangs until CI gives up says nothing about which input did it.
 */
export class Watchdog {
  private readonly state: Int32Array;
  private readonly text: Uint8Array;
  private readonly worker: Worker;
  private readonly encoder = new TextEncoder();

  constructor(limitMs: number) {
    const shared = new SharedArrayBuffer(12 + 4096);
    this.state = new Int32Array(shared, 0, 3);
    this.text = new Uint8Array(shared, 12);
    this.worker = new Worker(watchdogSource, { eval: true, workerData: { shared, limitMs } });
    this.worker.unref();
  }

  /** Records that the input `description` starts now. */
  beat(description: string): void {
    const { written } = this.encoder.encodeInto(description, this.text);
    Atomics.store(this.state, 1, written);
    Atomics.add(this.state, 0, 1);
    Atomics.store(this.state, 2, 1);
  }

  /** Nothing is being tried: do not count the time. */
  idle(): void {
    Atomics.store(this.state, 2, 0);
  }

  async stop(): Promise<void> {
    this.idle();
    await this.worker.terminate();
  }
}
