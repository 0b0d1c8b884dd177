import { GeneratorType as G } from "../soundfont/GeneratorType.js";
import type { MelodicWave } from "./waveforms.js";

/**
 * How one built-in instrument sounds, in physical units: which sound it plays and how its
 * envelopes, filter and LFOs shape it. {@link applyRecipe} turns it into SoundFont generators.
 */
export interface InstrumentRecipe {
  /** A waveform cycle, or one of the generated sounds that spans all keys. */
  readonly wave: MelodicWave | "pluck" | "noise";
  /** Volume envelope times in seconds; decay and release are the time to fall by 80 dB. */
  readonly attack: number;
  readonly decay: number;
  readonly release: number;
  /** Level held after the decay, in dB below the peak; 100 or more is silence. */
  readonly sustainDb: number;
  /** Low-pass cutoff in hertz and resonance in dB. */
  readonly cutoffHz?: number;
  readonly resonanceDb?: number;
  /** A filter sweep: the cutoff rises by `cents` over `attack`, falls to `sustain` of it in `decay`. */
  readonly filterSweep?: { readonly cents: number; readonly attack: number; readonly decay: number; readonly sustain: number };
  /** Vibrato: pitch wobble at `hz`, `cents` deep, starting after `delay` seconds. */
  readonly vibrato?: { readonly hz: number; readonly cents: number; readonly delay: number };
  /** Tremolo: volume wobble at `hz`, `db` deep. */
  readonly tremolo?: { readonly hz: number; readonly db: number };
  /** Transposition in semitones. */
  readonly transpose?: number;
  /** Attenuation in dB, to balance loud waveforms against soft ones. */
  readonly attenuationDb?: number;
  /** Reverb and chorus sends in percent, added to the channel's own. */
  readonly reverb?: number;
  readonly chorus?: number;
  /** Whether higher keys decay faster, as struck and plucked strings do. */
  readonly keyScaledDecay?: boolean;
  /** Whether the pitch follows the key; noise played at any key sounds the same. */
  readonly fixedPitch?: boolean;
}

/** Seconds as SoundFont timecents (1200 per doubling); the shortest time is about 1 ms. */
export function timecents(seconds: number): number {
  return Math.max(-12000, Math.round(1200 * Math.log2(seconds)));
}

/** A frequency as SoundFont absolute cents (cents above 8.176 Hz, MIDI key 0). */
export function absoluteCents(hertz: number): number {
  return Math.round(1200 * Math.log2(hertz / 8.176));
}

/** Writes the recipe's generators into `gs`, an instrument region's generator array. */
export function applyRecipe(recipe: InstrumentRecipe, gs: Int16Array): void {
  gs[G.attackVolumeEnvelope] = timecents(recipe.attack);
  gs[G.decayVolumeEnvelope] = timecents(recipe.decay);
  gs[G.sustainVolumeEnvelope] = Math.min(1440, Math.round(10 * recipe.sustainDb));
  gs[G.releaseVolumeEnvelope] = timecents(recipe.release);
  if (recipe.keyScaledDecay) {
    // Timecents per key above 60: 50 shortens the decay by a factor of 1.4 per octave.
    gs[G.keyNumberToVolumeEnvelopeDecay] = 50;
  }
  if (recipe.cutoffHz !== undefined) {
    gs[G.initialFilterCutoffFrequency] = absoluteCents(recipe.cutoffHz);
  }
  if (recipe.resonanceDb !== undefined) {
    gs[G.initialFilterQ] = Math.round(10 * recipe.resonanceDb);
  }
  if (recipe.filterSweep) {
    const { cents, attack, decay, sustain } = recipe.filterSweep;
    gs[G.modulationEnvelopeToFilterCutoffFrequency] = cents;
    gs[G.attackModulationEnvelope] = timecents(attack);
    gs[G.decayModulationEnvelope] = timecents(decay);
    // Stored as the drop from the peak in tenths of a percent.
    gs[G.sustainModulationEnvelope] = Math.round(1000 * (1 - sustain));
    gs[G.releaseModulationEnvelope] = timecents(recipe.release);
  }
  if (recipe.vibrato) {
    gs[G.vibratoLfoToPitch] = recipe.vibrato.cents;
    gs[G.frequencyVibratoLfo] = absoluteCents(recipe.vibrato.hz);
    gs[G.delayVibratoLfo] = timecents(recipe.vibrato.delay);
  }
  if (recipe.tremolo) {
    gs[G.modulationLfoToVolume] = Math.round(10 * recipe.tremolo.db);
    gs[G.frequencyModulationLfo] = absoluteCents(recipe.tremolo.hz);
  }
  gs[G.coarseTune] = recipe.transpose ?? 0;
  gs[G.initialAttenuation] = Math.round(10 * (recipe.attenuationDb ?? 0));
  gs[G.reverbEffectsSend] = 10 * (recipe.reverb ?? 0);
  gs[G.chorusEffectsSend] = 10 * (recipe.chorus ?? 0);
  if (recipe.fixedPitch) {
    gs[G.scaleTuning] = 0;
  }
}
