/**
 * A SoundFont taken up on the audio thread, a step at a time: the audio thread is shared with
 * every other player of the context, and a font of 140 MB would stall it for tens of
 * milliseconds (its preset tables read, its samples copied into the wasm instance's memory, the
 * render path warmed up) where a quantum lasts 2.9. Each call to `advance` works for about a
 * millisecond, then gives the thread back.
 */
import { SoundFont } from "../soundfont/SoundFont.js";
import { Synthesizer } from "../synth/Synthesizer.js";
import type { ProcessorSettings } from "./PlayerMessages.js";

// Samples copied into the wasm instance's memory in one step: 256 KB, a fraction of a
// millisecond even where each page of the fresh memory is touched for the first time.
const SAMPLES_PER_STEP = 1 << 17;
const WARM_UP_BLOCKS = 200;

export class FontLoad {
  private readonly steps: Generator<void, Synthesizer, void>;

  constructor(bytes: ArrayBuffer, settings: ProcessorSettings, sampleRate: number) {
    this.steps = takeUp(bytes, settings, sampleRate);
  }

  /**
   * Works on until `milliseconds` have passed by `Date.now` (the worklet's only clock, in whole
   * milliseconds) and the step under way is done. The synthesizer once it is ready, else null.
   */
  advance(milliseconds: number): Synthesizer | null {
    const began = Date.now();
    do {
      const step = this.steps.next();
      if (step.done === true) return step.value;
    } while (Date.now() - began < milliseconds);
    return null;
  }
}

function* takeUp(bytes: ArrayBuffer, settings: ProcessorSettings, sampleRate: number): Generator<void, Synthesizer, void> {
  const soundFont = yield* SoundFont.readInSteps(bytes);
  yield;
  const synthesizer = new Synthesizer(soundFont, {
    sampleRate,
    blockSize: settings.blockSize,
    maximumPolyphony: settings.maximumPolyphony,
    enableReverbAndChorus: settings.enableReverbAndChorus,
    backend: settings.backend,
    eventTiming: settings.eventTiming,
    profile: settings.profile,
    interpolation: settings.interpolation,
    reverb: settings.reverb,
    chorus: settings.chorus,
  });
  yield;
  while (!synthesizer.copySamples(SAMPLES_PER_STEP)) yield;
  yield* warmUp(synthesizer);
  return synthesizer;
}

// Plays a chord into a scratch buffer and resets: the render path's first runs (the engine's
// code compiled and optimised by the JavaScript engine, the wasm instance's memory touched)
// happen here, before the player says it is ready, rather than in the first quanta of a song.
function* warmUp(synthesizer: Synthesizer): Generator<void, void, void> {
  const scratch = new Float32Array(synthesizer.blockSize);
  for (let channel = 0; channel < 16; channel++) {
    for (const key of [48, 55, 60, 64, 67]) synthesizer.processMidiMessage(channel, 0x90, key, 100);
    yield;
  }
  for (let block = 0; block < WARM_UP_BLOCKS; block++) {
    synthesizer.render(scratch, scratch);
    yield;
  }
  synthesizer.reset();
}
