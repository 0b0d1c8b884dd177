// Renders a few blocks with the raw addon on plain typed arrays, in whatever thread imports it:
// the worker_threads test runs it in workers and on the main thread and compares the results.
// Plain JavaScript (no TypeScript, no dist/), so a worker can load it directly.
import { createRequire } from "node:module";
import { parentPort, workerData } from "node:worker_threads";

/** Renders `blocks` blocks of 16 looping, filtered voices with two renderers; returns both outputs. */
export function renderWithAddon(addon, seed, blocks) {
  let s = seed >>> 0 || 1;
  const random = () => ((s = (s * 1664525 + 1013904223) >>> 0) / 4294967296);
  const blockSize = 64;
  const capacity = 16;
  const waveData = Int16Array.from({ length: 4096 }, () => Math.floor(random() * 65536) - 32768);
  const outputs = [];
  const renderers = [];
  for (let r = 0; r < 2; r++) {
    const table = new ArrayBuffer(capacity * 128);
    const f64 = new Float64Array(table);
    const i32 = new Int32Array(table);
    const f32 = new Float32Array(table);
    for (let v = 0; v < capacity; v++) {
      const w = v * 32;
      f64[v * 16] = Math.floor(random() * 1000) * 16777216;
      f64[v * 16 + 1] = Math.floor((0.5 + random()) * 16777216);
      i32[w + 4] = 3; // looping, filter active
      i32[w + 5] = 4000;
      i32[w + 6] = 1000 + Math.floor(random() * 1000);
      i32[w + 7] = 3000 + Math.floor(random() * 1000);
      f32.set([0.02, 0.04, 0.02, -1.6, 0.7], w + 8);
      f32.set([0.1, 0.1, 0.2, 0.05], w + 17);
    }
    const left = new Float32Array(blockSize);
    const right = new Float32Array(blockSize);
    const order = Int32Array.from({ length: capacity }, (_, i) => i);
    renderers.push({ renderer: new addon.Renderer({ blockSize, waveData, table, order, left, right, reverb: null, chorus: null }), left, right });
    outputs.push([]);
  }
  for (let block = 0; block < blocks; block++) {
    renderers.forEach(({ renderer, left }, r) => {
      renderer.render(capacity - r, 1);
      outputs[r].push(...left);
    });
  }
  return outputs;
}

if (parentPort !== null && workerData?.addonPath) {
  const require = createRequire(import.meta.url);
  const addon = require(workerData.addonPath);
  parentPort.postMessage({ instructionSet: addon.instructionSet(), outputs: renderWithAddon(addon, workerData.seed, workerData.blocks) });
}
