// Makes 1,000 synthesizers one after another, as a server does, and reports memory as JSON on
// stdout. Each plays a chord for 0.1 s; every other one is disposed, the rest only dropped.
// Plain JavaScript over dist/, run with --expose-gc by test/memory/manySynthesizers.test.ts.
//
//   node --expose-gc manySynthesizers.mjs BACKEND forced|natural
//
// forced: memory after full collections at synthesizer 500 (past warm-up, which on the wasm
// backend can last a few hundred) and at 1,000.
// natural: one synchronous loop, with no forced collection and no turn of the event loop (so no
// finalizer runs); the most ArrayBuffer memory seen shows whether V8 collects dropped
// synthesizers on its own.
import { builtinSoundFont, Synthesizer } from "../../dist/io/index.js";

const [backend, mode] = process.argv.slice(2);
const total = 1000;
const warm = 500;
const font = builtinSoundFont();
const left = new Float32Array(4410);
const right = new Float32Array(4410);
const turn = () => new Promise((resolve) => setImmediate(resolve));

async function settled() {
  for (let i = 0; i < 3; i++) {
    globalThis.gc();
    await turn(); // finalizers of collected objects run on a later turn of the event loop
  }
  return process.memoryUsage();
}

let warmMemory;
let mostArrayBuffers = 0;
for (let i = 1; i <= total; i++) {
  const synthesizer = new Synthesizer(font, { backend });
  for (const key of [48, 60, 64, 67]) synthesizer.noteOn(0, key, 100);
  synthesizer.noteOn(9, 36, 100);
  synthesizer.render(left, right);
  if (i % 2 === 0) synthesizer.dispose();
  // A server returns to the event loop between requests; a script rendering in a loop may not.
  if (mode === "forced" && i % 50 === 0) await turn();
  if (mode === "forced" && i === warm) warmMemory = await settled();
  mostArrayBuffers = Math.max(mostArrayBuffers, process.memoryUsage().arrayBuffers);
}
const end = mode === "forced" ? await settled() : process.memoryUsage();
console.log(JSON.stringify({ backend, mode, warm: warmMemory, end, mostArrayBuffers }));
