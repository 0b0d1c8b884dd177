/**
 * The page's program in the browser line (bundled by browser.mjs with esbuild, as an app would
 * be): one render of a song on the backend the query names, with the bench's settings, timed
 * around the render loop by the page's clock (a browser gives a page no CPU time), posted back
 * as one JSON object.
 */
import { MidiFile, MidiFileSequencer, SoundFont, Synthesizer, loadWasmBackend } from "meltysynth-native";

const CHUNK_FRAMES = 8192;

try {
  const { backend, frames, settings } = JSON.parse(new URLSearchParams(location.search).get("render") ?? "{}");
  if (backend === "wasm") {
    const status = await loadWasmBackend();
    if (!status.available) throw new Error(`the wasm backend did not load: ${status.reason}`);
  }
  const [font, song] = await Promise.all(["/font.sf2", "/song.mid"].map(async (url) => (await fetch(url)).arrayBuffer()));
  const synthesizer = new Synthesizer(new SoundFont(font), { ...settings, backend });
  const sequencer = new MidiFileSequencer(synthesizer);
  sequencer.play(new MidiFile(song), false);
  const left = new Float32Array(CHUNK_FRAMES);
  const right = new Float32Array(CHUNK_FRAMES);
  const start = performance.now();
  for (let done = 0; done < frames; done += CHUNK_FRAMES) {
    const length = Math.min(CHUNK_FRAMES, frames - done);
    sequencer.render(left.subarray(0, length), right.subarray(0, length));
  }
  const wallMs = performance.now() - start;
  const result = { backend: synthesizer.backend, audioSeconds: frames / settings.sampleRate, wallMs };
  await fetch("/result", { method: "POST", body: JSON.stringify(result) });
} catch (error) {
  await fetch("/error", { method: "POST", body: String(error instanceof Error ? error.stack : error) });
}
