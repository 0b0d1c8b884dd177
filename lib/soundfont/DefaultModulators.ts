import { GeneratorType as G } from "./GeneratorType.js";
import { GeneralController as C, modulatorSource, type Modulator } from "./Modulator.js";

const cc = (index: number, options: Parameters<typeof modulatorSource>[1] = {}): number =>
  modulatorSource(index, { ...options, cc: true });

/**
 * The ten modulators every voice has before its instrument's and preset's (SoundFont 2.04,
 * 8.4): an instrument modulator of the same identity takes the place of one of these, a preset
 * modulator adds to it.
 */
export const defaultModulators: readonly Modulator[] = [
  // 8.4.1: velocity to attenuation, concave, 96 dB.
  { source: modulatorSource(C.noteOnVelocity, { negative: true, curve: 1 }), destination: G.initialAttenuation, amount: 960, amountSource: 0, transform: 0 },
  // 8.4.2: velocity to filter cutoff, -2400 cents, with the velocity switch FluidSynth uses as amount source.
  { source: modulatorSource(C.noteOnVelocity, { negative: true }), destination: G.initialFilterCutoffFrequency, amount: -2400, amountSource: modulatorSource(C.noteOnVelocity, { curve: 3 }), transform: 0 },
  // 8.4.3: channel pressure to vibrato depth, 50 cents.
  { source: modulatorSource(C.channelPressure), destination: G.vibratoLfoToPitch, amount: 50, amountSource: 0, transform: 0 },
  // 8.4.4: modulation wheel to vibrato depth, 50 cents.
  { source: cc(1), destination: G.vibratoLfoToPitch, amount: 50, amountSource: 0, transform: 0 },
  // 8.4.5: volume to attenuation, concave, 96 dB.
  { source: cc(7, { negative: true, curve: 1 }), destination: G.initialAttenuation, amount: 960, amountSource: 0, transform: 0 },
  // 8.4.6: pan, bipolar. The specification's 1000 reads as the whole width, and FluidSynth
  // takes it so: 500 tenths of a percent either side of the centre.
  { source: cc(10, { bipolar: true }), destination: G.pan, amount: 500, amountSource: 0, transform: 0 },
  // 8.4.7: expression to attenuation, concave, 96 dB.
  { source: cc(11, { negative: true, curve: 1 }), destination: G.initialAttenuation, amount: 960, amountSource: 0, transform: 0 },
  // 8.4.8: reverb send, 20 %.
  { source: cc(91), destination: G.reverbEffectsSend, amount: 200, amountSource: 0, transform: 0 },
  // 8.4.9: chorus send, 20 %.
  { source: cc(93), destination: G.chorusEffectsSend, amount: 200, amountSource: 0, transform: 0 },
  // 8.4.10: pitch wheel, scaled by the pitch wheel sensitivity, up to 127 semitones.
  { source: modulatorSource(C.pitchWheel, { bipolar: true }), destination: G.fineTune, amount: 12700, amountSource: modulatorSource(C.pitchWheelSensitivity), transform: 0 },
];

/** The default velocity-to-filter modulator, which FluidSynth leaves silent and so does the engine. */
export const velocityToFilter: Modulator = defaultModulators[1];
