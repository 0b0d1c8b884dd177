import { GeneratorType as G } from "../GeneratorType.js";
import { GeneralController, modulatorSource, sameModulator, type Modulator } from "../Modulator.js";
import type { RiffList, RiffReader } from "../RiffReader.js";
import { children, dlsError, needBytes } from "./DlsRiff.js";

/**
 * What a lart or lar2 list says, in SoundFont terms: generator values (absolute, in the
 * generators' own units, before rounding) and modulators. The mapping is FluidSynth 2.5's
 * (src/sfloader/fluid_dls.cpp, described here in our own words), with the differences the
 * README lists: EG1 sustain as spessasynth_core reads it, static gain in the units the engine
 * reads SoundFont attenuation in, and the DLS default LFO settings replaced, not added to.
 */
export interface Articulation {
  /** Generator values the connection blocks set; the SoundFont defaults stand for the rest. */
  readonly generators: Map<number, number>;
  readonly modulators: Modulator[];
  /** Cents of pitch across the 128 keys (DLS "key number to pitch"); 12800 plays in tune. */
  keyToPitch: number;
  /** Static pitch in cents, split into coarse and fine tune when the region is built. */
  pitchCents: number;
  /**
   * Timecents added across the 128 keys to an envelope's hold or decay, by the generator of that
   * time: SoundFont's key-number-to-time generators once the region is built.
   */
  readonly keyToTime: Map<number, number>;
}

/** DLS sources (usSource, usControl). */
const Src = {
  none: 0x0000, lfo: 0x0001, velocity: 0x0002, keyNumber: 0x0003, eg1: 0x0004, eg2: 0x0005,
  pitchWheel: 0x0006, polyPressure: 0x0007, channelPressure: 0x0008, vibrato: 0x0009,
  rpn0: 0x0100, rpn1: 0x0101, rpn2: 0x0102,
} as const;

/** DLS destinations (usDestination). */
const Dst = {
  none: 0x0000, gain: 0x0001, reserved: 0x0002, pitch: 0x0003, pan: 0x0004, keyNumber: 0x0005,
  chorus: 0x0080, reverb: 0x0081,
  lfoFrequency: 0x0104, lfoDelay: 0x0105, vibratoFrequency: 0x0114, vibratoDelay: 0x0115,
  eg1Attack: 0x0206, eg1Decay: 0x0207, eg1Reserved: 0x0208, eg1Release: 0x0209, eg1Sustain: 0x020a, eg1Delay: 0x020b, eg1Hold: 0x020c,
  eg2Attack: 0x030a, eg2Decay: 0x030b, eg2Reserved: 0x030c, eg2Release: 0x030d, eg2Sustain: 0x030e, eg2Delay: 0x030f, eg2Hold: 0x0310,
  filterCutoff: 0x0500, filterQ: 0x0501,
} as const;

/** The generator each plain destination drives; gain, pitch and the sustains are handled apart. */
const destinationGenerator: ReadonlyMap<number, number> = new Map<number, number>([
  [Dst.gain, G.initialAttenuation], [Dst.pitch, G.fineTune], [Dst.pan, G.pan],
  [Dst.chorus, G.chorusEffectsSend], [Dst.reverb, G.reverbEffectsSend],
  [Dst.lfoFrequency, G.frequencyModulationLfo], [Dst.lfoDelay, G.delayModulationLfo],
  [Dst.vibratoFrequency, G.frequencyVibratoLfo], [Dst.vibratoDelay, G.delayVibratoLfo],
  [Dst.eg1Attack, G.attackVolumeEnvelope], [Dst.eg1Decay, G.decayVolumeEnvelope], [Dst.eg1Release, G.releaseVolumeEnvelope],
  [Dst.eg1Sustain, G.sustainVolumeEnvelope], [Dst.eg1Delay, G.delayVolumeEnvelope], [Dst.eg1Hold, G.holdVolumeEnvelope],
  [Dst.eg2Attack, G.attackModulationEnvelope], [Dst.eg2Decay, G.decayModulationEnvelope], [Dst.eg2Release, G.releaseModulationEnvelope],
  [Dst.eg2Sustain, G.sustainModulationEnvelope], [Dst.eg2Delay, G.delayModulationEnvelope], [Dst.eg2Hold, G.holdModulationEnvelope],
  [Dst.filterCutoff, G.initialFilterCutoffFrequency], [Dst.filterQ, G.initialFilterQ],
]);

/** The envelope times a key number can scale. */
const keyTimeDestinations: ReadonlyMap<number, number> = new Map<number, number>([
  [Dst.eg1Hold, G.holdVolumeEnvelope], [Dst.eg1Decay, G.decayVolumeEnvelope],
  [Dst.eg2Hold, G.holdModulationEnvelope], [Dst.eg2Decay, G.decayModulationEnvelope],
]);

/** What an LFO, the vibrato LFO or EG2 drives, by destination: SoundFont has generators for these. */
const internalSources: ReadonlyMap<number, ReadonlyMap<number, number>> = new Map<number, ReadonlyMap<number, number>>([
  [Src.lfo, new Map<number, number>([[Dst.pitch, G.modulationLfoToPitch], [Dst.filterCutoff, G.modulationLfoToFilterCutoffFrequency], [Dst.gain, G.modulationLfoToVolume]])],
  [Src.vibrato, new Map<number, number>([[Dst.pitch, G.vibratoLfoToPitch]])],
  [Src.eg2, new Map<number, number>([[Dst.pitch, G.modulationEnvelopeToPitch], [Dst.filterCutoff, G.modulationEnvelopeToFilterCutoffFrequency]])],
]);

/** SoundFont general controllers for DLS sources; the controllers a modulator can read. */
const generalSources: ReadonlyMap<number, number> = new Map<number, number>([
  [Src.none, GeneralController.noController], [Src.velocity, GeneralController.noteOnVelocity],
  [Src.keyNumber, GeneralController.noteOnKeyNumber], [Src.polyPressure, GeneralController.polyPressure],
  [Src.channelPressure, GeneralController.channelPressure], [Src.pitchWheel, GeneralController.pitchWheel],
  [Src.rpn0, GeneralController.pitchWheelSensitivity],
]);
/** The MIDI controllers DLS 2 names as sources (0x80 + the controller number). */
const ccSources = new Set([1, 7, 10, 11, 91, 93].map((cc) => 0x80 | cc));

/**
 * The initial attenuation generator for a static gain in centibels: minus the gain, in the units
 * the engine reads a SoundFont's attenuation in (at 40 %, as FluidSynth does).
 */
export function gainToAttenuation(centibels: number): number {
  return -centibels / 0.4;
}
/** FluidSynth's DLS defaults for the LFOs when an articulation exists: 5 Hz after 10 ms. */
const LFO_FREQUENCY = -851.3179423647571;
const LFO_DELAY = -7972.627427729669;

/** A usTransform split into its fields (DLS 2, 1.6.5). */
interface Transform {
  output: number;
  control: { curve: number; bipolar: boolean; invert: boolean };
  source: { curve: number; bipolar: boolean; invert: boolean };
}

function splitTransform(t: number): Transform {
  return {
    output: t & 0xf,
    control: { curve: (t >> 4) & 0xf, bipolar: (t & 0x100) !== 0, invert: (t & 0x200) !== 0 },
    source: { curve: (t >> 10) & 0xf, bipolar: (t & 0x4000) !== 0, invert: (t & 0x8000) !== 0 },
  };
}

/** An articulation with nothing set yet: pitch tracks the key, 100 cents a key. */
export function emptyArticulation(): Articulation {
  return { generators: new Map(), modulators: [], keyToPitch: 12800, pitchCents: 0, keyToTime: new Map() };
}

/** The DLS defaults a region with an articulation starts from, unless a block sets them. */
export function articulationDefaults(): ReadonlyMap<number, number> {
  return new Map<number, number>([
    [G.frequencyModulationLfo, LFO_FREQUENCY], [G.delayModulationLfo, LFO_DELAY],
    [G.frequencyVibratoLfo, LFO_FREQUENCY], [G.delayVibratoLfo, LFO_DELAY],
  ]);
}

const CONNECTION_SIZE = 12;

/** Reads the art1/art2 chunks of a lart or lar2 list into `articulation`. */
export function readArticulation(reader: RiffReader, list: RiffList, articulation: Articulation): void {
  const { view } = reader;
  for (const { chunk } of children(reader, list)) {
    if (chunk.id !== "art1" && chunk.id !== "art2") continue;
    needBytes(chunk, 8);
    const headerSize = view.getUint32(chunk.dataOffset, true);
    const count = view.getUint32(chunk.dataOffset + 4, true);
    if (headerSize < 8 || headerSize > chunk.size) throw dlsError(chunk, `has a header size of ${headerSize}, not between 8 and its length ${chunk.size}`);
    if (count > (chunk.size - headerSize) / CONNECTION_SIZE) {
      throw dlsError(chunk, `declares ${count} connection blocks, but its ${chunk.size - headerSize} bytes after the header hold ${Math.floor((chunk.size - headerSize) / CONNECTION_SIZE)}`);
    }
    for (let i = 0; i < count; i++) {
      const p = chunk.dataOffset + headerSize + i * CONNECTION_SIZE;
      const source = view.getUint16(p, true);
      const control = view.getUint16(p + 2, true);
      let transform = view.getUint16(p + 6, true);
      if (chunk.id === "art1") {
        // DLS 1 has one transform for the whole block; DLS 2 puts it on the source and the control.
        transform = ((transform & 0xf) << 10) | ((transform & 0xf) << 4);
        if (source === Src.lfo || source === Src.vibrato) transform |= 0x4000;
        if (control === Src.lfo || control === Src.vibrato) transform |= 0x100;
      }
      addConnection(articulation, source, control, view.getUint16(p + 4, true), transform, view.getInt32(p + 8, true) / 65536);
    }
  }
}

/** Moves the control's transform fields to the source's. */
function controlToSource(t: number): number {
  return ((t << 6) & 0xfc00) | (t & 0xf);
}

function addConnection(art: Articulation, source: number, control: number, destination: number, transform: number, scale: number): void {
  if (destination === Dst.none || destination === Dst.reserved || destination === Dst.eg1Reserved || destination === Dst.eg2Reserved) return;
  if (source === Src.none && control !== Src.none) {
    source = control;
    control = Src.none;
    transform = controlToSource(transform);
  }
  // Fine and coarse tune RPNs and EG1 as a source have no SoundFont counterpart.
  if (source === Src.rpn1 || source === Src.rpn2 || source === Src.eg1) return;
  // The key number generator changes which region a key selects; SoundFont has no such step.
  if (source === Src.keyNumber && control === Src.none && destination === Dst.keyNumber) return;

  // Key number to an envelope's hold or decay: SoundFont has generators for it, which the
  // 'meltysynth' profile plays too. The polarity flag is ignored, as spessasynth_core reads it
  // (its writer sets it); FluidSynth makes a modulator of it instead.
  const keyTime = keyTimeDestinations.get(destination);
  if (source === Src.keyNumber && control === Src.none && keyTime !== undefined) {
    art.keyToTime.set(keyTime, (art.keyToTime.get(keyTime) ?? 0) + scale);
    return;
  }
  const internal = internalSources.get(source);
  if (internal !== undefined) {
    const generator = internal.get(destination);
    // The LFOs are bipolar and EG2 unipolar whatever the flags say; the control becomes the source.
    if (generator !== undefined) addToGenerator(art, generator, control, scale, controlToSource(transform));
    return;
  }
  const generator = destinationGenerator.get(destination);
  if (generator === undefined) return;
  // DLS gives gain and sustain levels; SoundFont's generators are attenuations below full level.
  const sustain = destination === Dst.eg1Sustain || destination === Dst.eg2Sustain;
  if (source === Src.none && destination === Dst.gain) scale = gainToAttenuation(scale);
  else if (destination === Dst.gain || sustain) scale = -scale;
  if (source === Src.none && sustain) scale += 1000;
  addToGenerator(art, generator, source, scale, transform, control);
}

function addToGenerator(art: Articulation, generator: number, source: number, scale: number, transform: number, control: number = Src.none): void {
  if (source === Src.none && control === Src.none) {
    if (generator === G.fineTune) art.pitchCents += scale;
    else art.generators.set(generator, (art.generators.get(generator) ?? 0) + scale);
    return;
  }
  const t = splitTransform(transform);
  // Output transforms are not defined in DLS 2; one set on a block without control is taken as the source's.
  if (t.output !== 0 && t.source.curve === 0 && control === Src.none) t.source.curve = t.output;
  const primary = sourceWord(source, t.source);
  const secondary = sourceWord(control, t.control);
  if (primary === undefined || secondary === undefined) return;
  let m: Modulator = { source: primary, destination: generator, amount: clampAmount(scale), amountSource: secondary, transform: 0 };
  // Some banks give velocity-to-gain without the inversion; it only makes sense inverted.
  if (source === Src.velocity && generator === G.initialAttenuation && t.source.curve === 1) m = { ...m, source: m.source | 0x100 };
  const keyToPitch = { source: GeneralController.noteOnKeyNumber, destination: G.fineTune, amountSource: 0, transform: 0 };
  if (sameModulator(m, { ...keyToPitch, amount: 0 })) {
    art.keyToPitch = scale;
    return;
  }
  const same = art.modulators.findIndex((other) => sameModulator(other, m));
  if (same >= 0) art.modulators[same] = m;
  else art.modulators.push(m);
}

/** A SoundFont source word for a DLS source, or undefined when SoundFont has no such controller. */
function sourceWord(source: number, t: { curve: number; bipolar: boolean; invert: boolean }): number | undefined {
  if (t.curve > 3) return undefined;
  if (source === Src.none) return 0;
  const general = generalSources.get(source);
  if (general === undefined && !ccSources.has(source)) return undefined;
  const curve = t.curve as 0 | 1 | 2 | 3;
  return modulatorSource(general ?? source & 0x7f, { cc: general === undefined, negative: t.invert, bipolar: t.bipolar, curve });
}

function clampAmount(value: number): number {
  return Math.max(-32768, Math.min(32767, Math.round(value)));
}
