// The web app that browserBundle.test.ts bundles with esbuild, as an app using the package would
// be bundled: it imports the package by its name, compiles the wasm backend, renders the first
// seconds of the built-in demo song on it with the settings in the page's query, and posts the
// samples (left, then right) back to the test's server.
import { MidiFile, MidiFileSequencer, Synthesizer, builtinSoundFont, generateDemoSong, loadWasmBackend } from "meltysynth-native";

try {
  const { seconds, settings } = JSON.parse(new URLSearchParams(location.search).get("render"));
  const status = await loadWasmBackend();
  if (!status.available) throw new Error(`the wasm backend did not load: ${status.reason}`);
  const synthesizer = new Synthesizer(builtinSoundFont(), { ...settings, backend: "wasm" });
  if (synthesizer.backend !== "wasm") throw new Error(`the synthesizer runs the ${synthesizer.backend} backend`);
  const sequencer = new MidiFileSequencer(synthesizer);
  sequencer.play(new MidiFile(generateDemoSong()), false);
  const frames = seconds * settings.sampleRate;
  const samples = new Float32Array(2 * frames);
  sequencer.render(samples.subarray(0, frames), samples.subarray(frames));
  await fetch("/result", { method: "POST", body: samples.buffer });
} catch (error) {
  await fetch("/error", { method: "POST", body: String(error?.stack ?? error) });
}
