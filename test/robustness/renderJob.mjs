// One render job, run the same way on the main thread and in worker threads, on the compiled
// library (dist/) through its Node entry, which loads the native addon in each thread.
// Plain JavaScript, so that a worker can load it without a build step of its own.
import { isMainThread, parentPort, workerData } from "node:worker_threads";

/**
 * Plays `job.midi` on `job.font` for `job.seconds` and returns the interleaved stereo output.
 * @param lib the library (dist/io/index.js)
 * @param job { font: Uint8Array, midi: Uint8Array, backend, seconds, sampleRate, blockSize, chunk, loop }
 */
export function renderJob(lib, job) {
  const synthesizer = new lib.Synthesizer(new lib.SoundFont(job.font), {
    backend: job.backend,
    sampleRate: job.sampleRate,
    blockSize: job.blockSize,
  });
  const sequencer = new lib.MidiFileSequencer(synthesizer);
  sequencer.play(new lib.MidiFile(job.midi), job.loop);
  const frames = Math.round(job.seconds * job.sampleRate);
  const output = new Float32Array(2 * frames);
  for (let done = 0; done < frames; done += job.chunk) {
    sequencer.renderInterleaved(output.subarray(2 * done, 2 * Math.min(frames, done + job.chunk)));
  }
  return { backend: synthesizer.backend, output };
}

/** Renders until terminated, telling the main thread once it is under way. */
function renderForever(lib, job) {
  const synthesizer = new lib.Synthesizer(new lib.SoundFont(job.font), { backend: job.backend });
  const sequencer = new lib.MidiFileSequencer(synthesizer);
  sequencer.play(new lib.MidiFile(job.midi), true);
  const buffer = new Float32Array(2 * 4096);
  sequencer.renderInterleaved(buffer);
  parentPort.postMessage({ rendering: true });
  for (;;) sequencer.renderInterleaved(buffer);
}

if (!isMainThread && workerData?.job !== undefined) {
  const lib = await import(new URL("../../dist/io/index.js", import.meta.url).href);
  if (workerData.forever) {
    renderForever(lib, workerData.job);
  } else {
    const { backend, output } = renderJob(lib, workerData.job);
    parentPort.postMessage({ backend, output }, [output.buffer]);
  }
}
