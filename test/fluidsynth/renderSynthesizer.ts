import { MidiFile, MidiFileSequencer, Synthesizer, type SoundFont, type SynthesizerOptions } from "../../lib/index.js";
import type { Backend, Interpolation } from "../../lib/kernels/BlockRenderer.js";
import type { StereoRender } from "./fluidsynth.js";

/**
 * 'meltysynth' is the default profile; 'full' plays SoundFont modulators, pedals, portamento and
 * sysex as FluidSynth does (issue 11). The option is written here, not in SynthesizerOptions,
 * so that these tests compile before and after the engine learns it.
 */
export type Profile = "meltysynth" | "full";

export interface SynthesizerRenderOptions {
  readonly profile?: Profile;
  readonly backend?: Backend;
  readonly sampleRate?: number;
  readonly interpolation?: Interpolation;
}

/** A synthesizer as the comparisons use it: reverb and chorus off, like FluidSynth's -R 0 -C 0. */
export function comparisonSynthesizer(soundFont: SoundFont, options: SynthesizerRenderOptions = {}): Synthesizer {
  const settings: SynthesizerOptions & { profile?: Profile } = {
    sampleRate: options.sampleRate ?? 44100,
    enableReverbAndChorus: false,
  };
  if (options.profile !== undefined) settings.profile = options.profile;
  if (options.backend !== undefined) settings.backend = options.backend;
  if (options.interpolation !== undefined) settings.interpolation = options.interpolation;
  return new Synthesizer(soundFont, settings);
}

/**
 * Plays a standard MIDI file through MidiFileSequencer, as a user would, for `seconds` (the
 * length of FluidSynth's render of the same file, so the two line up frame for frame).
 */
export function renderWithSynthesizer(
  midi: Uint8Array,
  soundFont: SoundFont,
  frames: number,
  options: SynthesizerRenderOptions = {},
): StereoRender {
  const synthesizer = comparisonSynthesizer(soundFont, options);
  const sequencer = new MidiFileSequencer(synthesizer);
  sequencer.play(new MidiFile(midi), false);
  const left = new Float32Array(frames);
  const right = new Float32Array(frames);
  const block = 4096;
  for (let at = 0; at < frames; at += block) {
    const n = Math.min(block, frames - at);
    sequencer.render(left.subarray(at, at + n), right.subarray(at, at + n));
  }
  return { left, right, sampleRate: synthesizer.sampleRate };
}
