import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { availableBackends } from "../backends.js";
import "../built.js";

const script = fileURLToPath(new URL("./manySynthesizers.mjs", import.meta.url));
const MB = 1e6;

interface Report {
  warm?: NodeJS.MemoryUsage;
  end: NodeJS.MemoryUsage;
  mostArrayBuffers: number;
}

function run(backend: string, mode: "forced" | "natural"): Report {
  const child = spawnSync(process.execPath, ["--expose-gc", script, backend, mode], { encoding: "utf8", timeout: 300_000 });
  expect(child.status, child.stderr).toBe(0);
  return JSON.parse(child.stdout.trim().split("\n").pop()!) as Report;
}

const figures = (bytes: number): string => `${(bytes / MB).toFixed(1)} MB`;

/**
 * A server makes thousands of synthesizers: what one holds must go when it is dropped or
 * disposed. Each child process makes 1,000 (half disposed, half only dropped), each rendering
 * 0.1 s of a chord.
 */
describe.each(availableBackends())("1,000 synthesizers, one after another, on the %s backend", (backend) => {
  it("leave memory where it was after the first 500, once collected", () => {
    const { warm, end } = run(backend, "forced");
    console.log(
      `${backend}, after full collections: RSS ${figures(warm!.rss)} at 500, ${figures(end.rss)} at 1,000; ` +
        `V8's heap ${figures(warm!.heapTotal)} and ${figures(end.heapTotal)}; ` +
        `ArrayBuffers ${figures(warm!.arrayBuffers)} and ${figures(end.arrayBuffers)}`,
    );
    // RSS outside V8's own heap: the heap's committed pages follow the collector's sizing (they
    // moved by up to 9 MB between the two points, with nothing kept), and what JavaScript keeps
    // shows in heapUsed below. Each wasm synthesizer has a WebAssembly memory of its own, whose
    // pages V8 keeps pooled and maps in steps of about 16 MB however many instances there were;
    // RSS can take one such step after 500 and then stays flat for thousands more. A leak of the
    // instances themselves would keep at least 1 MB each (500 MB here).
    const outsideHeap = (memory: NodeJS.MemoryUsage): number => memory.rss - memory.heapTotal;
    expect(outsideHeap(end) - outsideHeap(warm!)).toBeLessThan((backend === "wasm" ? 24 : 8) * MB);
    expect(end.heapUsed - warm!.heapUsed).toBeLessThan(2 * MB);
    expect(end.arrayBuffers - warm!.arrayBuffers).toBeLessThan(2 * MB);
    expect(end.external - warm!.external).toBeLessThan(2 * MB);
  });

  it("are collected by V8 on its own, in a synchronous loop that never lets a finalizer run", () => {
    const { end, mostArrayBuffers } = run(backend, "natural");
    console.log(`${backend}, no forced collection: ArrayBuffers at most ${figures(mostArrayBuffers)}; RSS at the end ${figures(end.rss)}`);
    // Each synthesizer holds about 0.3 MB of buffers: 1,000 kept alive would be 300 MB.
    expect(mostArrayBuffers).toBeLessThan(100 * MB);
    expect(end.rss).toBeLessThan(250 * MB);
  });
});
