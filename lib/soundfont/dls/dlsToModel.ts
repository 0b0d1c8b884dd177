import { GeneratorType as G } from "../GeneratorType.js";
import { InstrumentRegion } from "../InstrumentRegion.js";
import type { Modulator } from "../Modulator.js";
import { PresetRegion } from "../PresetRegion.js";
import type { SampleHeader } from "../SampleHeader.js";
import { SampleType } from "../SampleType.js";
import type { InstrumentModel, InstrumentRegionModel, PresetModel, SoundFontModel } from "../SoundFontModel.js";
import { articulationDefaults, gainToAttenuation, type Articulation } from "./Articulation.js";
import type { DlsBank, DlsInstrument, DlsRegion } from "./DlsBank.js";
import type { Wave } from "./Wave.js";

/** The zero frames SoundFont 2 puts after each sample, which interpolation may read. */
const SAMPLE_PADDING = 46;
/** The bank SoundFont gives drum kits. */
const DRUM_BANK = 128;
/** Generator offsets are 16-bit; larger ones take a coarse part in units of this. */
const COARSE = 32768;

/** The key-number-to-time generator of each envelope time. */
const keyScaling: Readonly<Record<number, number>> = {
  [G.holdVolumeEnvelope]: G.keyNumberToVolumeEnvelopeHold,
  [G.decayVolumeEnvelope]: G.keyNumberToVolumeEnvelopeDecay,
  [G.holdModulationEnvelope]: G.keyNumberToModulationEnvelopeHold,
  [G.decayModulationEnvelope]: G.keyNumberToModulationEnvelopeDecay,
};

/**
 * The SoundFont model that plays a DLS bank: one instrument and one preset per DLS instrument,
 * one instrument region per DLS region, one sample header per wave. The preset's bank is the
 * bank select MSB, plus 128 for a drum kit (FluidSynth's default, GS, bank style); the LSB is
 * not used, as the synthesizer selects banks by CC 0 alone.
 */
export function dlsToModel(bank: DlsBank): SoundFontModel {
  const length = bank.waves.reduce((sum, wave) => sum + wave.samples.length + SAMPLE_PADDING, 0);
  const waveData = new Int16Array(length);
  const headers = new Map<Wave, SampleHeader>();
  let at = 0;
  for (const wave of bank.waves) {
    waveData.set(wave.samples, at);
    const loop = clampedLoop(wave, wave.waveSample?.loop);
    headers.set(wave, {
      name: wave.name,
      start: at,
      end: at + wave.samples.length,
      startLoop: at + loop.start,
      endLoop: at + loop.end,
      sampleRate: wave.sampleRate,
      originalPitch: Math.min(wave.waveSample?.unityNote ?? 60, 127),
      pitchCorrection: 0,
      link: 0,
      type: SampleType.mono,
    });
    at += wave.samples.length + SAMPLE_PADDING;
  }
  const instruments = bank.instruments.map((instrument) => toInstrument(instrument, headers));
  const presets: PresetModel[] = bank.instruments.map((instrument, i) => ({
    name: instrument.name,
    patchNumber: instrument.program,
    bankNumber: instrument.drums ? DRUM_BANK + instrument.bankMsb : instrument.bankMsb,
    regions: [{ generators: PresetRegion.createDefaultGenerators(), instrument: instruments[i] }],
  }));
  return {
    info: bank.info,
    waveData,
    sampleHeaders: [...headers.values()],
    instruments,
    presets,
  };
}

/** A loop within the wave, in frames from its start; empty for a wave without loop. */
function clampedLoop(wave: Wave, loop: { start: number; length: number } | undefined): { start: number; end: number } {
  if (loop === undefined) return { start: 0, end: 0 };
  const start = Math.min(loop.start, wave.samples.length);
  return { start, end: Math.min(start + loop.length, wave.samples.length) };
}

function toInstrument(instrument: DlsInstrument, headers: Map<Wave, SampleHeader>): InstrumentModel {
  return {
    name: instrument.name,
    regions: instrument.regions.map((region) => toRegion(region, region.articulation ?? instrument.articulation, headers.get(region.wave)!)),
  };
}

function toRegion(region: DlsRegion, articulation: Articulation | undefined, sample: SampleHeader): InstrumentRegionModel {
  const g = InstrumentRegion.createDefaultGenerators();
  const set = (type: number, value: number): void => {
    g[type] = Math.max(-32768, Math.min(32767, Math.round(value)));
  };
  const key = (value: number): number => Math.min(value, 127);
  // DLS 1 leaves the velocity range out of use, and its files often hold 0-0 there.
  const allVelocities = region.velocityHigh === 0;
  g[G.keyRange] = key(region.keyLow) | (key(region.keyHigh) << 8);
  g[G.velocityRange] = allVelocities ? 0x7f00 : key(region.velocityLow) | (key(region.velocityHigh) << 8);
  set(G.exclusiveClass, Math.min(region.keyGroup, 127));

  let pitchCents = 0;
  let modulators: Modulator[] = [];
  if (articulation !== undefined) {
    const values = new Map([...articulationDefaults(), ...articulation.generators]);
    for (const [type, value] of values) set(type, value);
    set(G.scaleTuning, articulation.keyToPitch / 128);
    // SoundFont scales the time by (60 - key) steps, DLS by key / 128 of the whole amount.
    for (const [time, cents] of articulation.keyToTime) {
      set(keyScaling[time], -cents / 128);
      set(time, g[time] + (60 * cents) / 128);
    }
    pitchCents = articulation.pitchCents;
    modulators = articulation.modulators;
  }

  const wsmp = region.waveSample ?? region.wave.waveSample;
  if (wsmp !== undefined) {
    set(G.overridingRootKey, Math.min(wsmp.unityNote, 127));
    pitchCents += wsmp.fineTune;
    set(G.initialAttenuation, g[G.initialAttenuation] + gainToAttenuation(wsmp.gain));
    set(G.sampleModes, wsmp.loop === undefined || wsmp.loop.length === 0 ? 0 : wsmp.loop.releases ? 3 : 1);
    const loop = clampedLoop(region.wave, wsmp.loop);
    splitOffset(g, G.startLoopAddressOffset, G.startLoopAddressCoarseOffset, sample.start + loop.start - sample.startLoop);
    splitOffset(g, G.endLoopAddressOffset, G.endLoopAddressCoarseOffset, sample.start + loop.end - sample.endLoop);
  }
  const coarse = Math.trunc(pitchCents / 100);
  set(G.coarseTune, coarse);
  set(G.fineTune, pitchCents - 100 * coarse);
  return { generators: g, sample, modulators };
}

function splitOffset(g: Int16Array, fine: number, coarse: number, offset: number): void {
  g[coarse] = Math.trunc(offset / COARSE);
  g[fine] = offset % COARSE;
}
