// Bundles the player's AudioWorklet processor, with the engine it runs, into one module:
// an AudioWorkletGlobalScope cannot import modules at run time. Run after tsc (npm run build:ts).
import { build } from "esbuild";

await build({
  entryPoints: [new URL("./PlayerProcessor.ts", import.meta.url).pathname],
  outfile: new URL("../../dist/player/processor.js", import.meta.url).pathname,
  bundle: true,
  format: "esm",
  target: "es2022",
  // The Vorbis decoder is only reached for SF3, which the page decodes before the worklet sees it.
  external: ["@wasm-audio-decoders/ogg-vorbis"],
  logLevel: "warning",
});
