// An AudioWorklet processor that plays a MIDI file with a SoundFont: the synthesizer and the
// sequencer run on the audio thread, on the engine's JavaScript backend, rendering each
// 128-frame quantum as the browser asks for it.
//
// It imports the browser-safe core by path; a bundler would resolve "meltysynth-native" to the
// same file (the package's "default" export) instead.
import { MidiFile, MidiFileSequencer, SoundFont, Synthesizer } from "../../dist/index.js";

class MeltySynthPlayer extends AudioWorkletProcessor {
  /** @param {{ processorOptions: { soundFont: ArrayBuffer, song: ArrayBuffer } }} options */
  constructor(options) {
    super();
    const { soundFont, song } = options.processorOptions;
    // `sampleRate` is the AudioWorkletGlobalScope's: the context's rate.
    const synthesizer = new Synthesizer(new SoundFont(soundFont), { sampleRate, backend: "js" });
    this.sequencer = new MidiFileSequencer(synthesizer);
    this.sequencer.play(new MidiFile(song), false);
    this.ended = false;
  }

  process(_inputs, outputs) {
    const [left, right] = outputs[0];
    this.sequencer.render(left, right);
    if (this.sequencer.endOfSequence && !this.ended) {
      this.ended = true;
      this.port.postMessage({ type: "ended" });
    }
    return true;
  }
}

registerProcessor("meltysynth-player", MeltySynthPlayer);
