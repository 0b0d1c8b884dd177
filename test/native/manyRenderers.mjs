// Makes 2,000 native synthesizers (each renders a chord for 10 ms; every other one is disposed,
// the rest only dropped), lets the collector and the finalizers run, and exits. Run by
// test/native/leaks.test.ts under LeakSanitizer, which reports at exit whatever the addon
// allocated and never freed. Plain JavaScript over dist/, with the addon that
// MELTYSYNTH_NATIVE_ADDON names (the sanitizer build).
import { createRequire } from "node:module";
import { builtinSoundFont, Synthesizer } from "../../dist/index.js";
import { registerNativeAddon } from "../../dist/kernels/nativeBackend.js";

registerNativeAddon(createRequire(import.meta.url)(process.env.MELTYSYNTH_NATIVE_ADDON));
const font = builtinSoundFont();
const left = new Float32Array(441);
const right = new Float32Array(441);
const turn = () => new Promise((resolve) => setImmediate(resolve));
let made = 0;
for (let i = 1; i <= 2000; i++) {
  const synthesizer = new Synthesizer(font, { backend: "native", enableReverbAndChorus: i % 3 !== 0 });
  for (const key of [60, 64, 67]) synthesizer.noteOn(0, key, 100);
  synthesizer.render(left, right);
  if (i % 2 === 0) synthesizer.dispose();
  made++;
  if (i % 100 === 0) await turn();
}
for (let i = 0; i < 4; i++) {
  globalThis.gc();
  await turn();
}
console.log(`made ${made} native synthesizers`);
