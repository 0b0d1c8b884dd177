import {
  GeneratorType as G,
  LINK_DESTINATION,
  generatorTable,
  type InstrumentRegion,
  type Modulator,
  type PresetRegion,
} from "../soundfont/index.js";
import { defaultModulators, velocityToFilter } from "../soundfont/DefaultModulators.js";
import { sameModulator } from "../soundfont/Modulator.js";
import type { Channel } from "./Channel.js";
import { tuningOffset, type Tunings } from "./Tunings.js";

const COUNT = generatorTable.length;
const MOD_WHEEL_TO_VIBRATO = defaultModulators[3];
// FluidSynth reads the initial attenuation of a SoundFont at 40 % (as the EMU8000 did) and
// what modulators add at full scale; fonts are voiced for that.
const ATTENUATION_SCALE = 0.4;

/**
 * The 'full' profile's modulators (SoundFont 2.04, 8-9), voice by voice: at note-on the
 * default modulators, the instrument region's (replacing defaults of the same identity) and
 * the preset region's (adding to those of the same identity) are put together; `evaluate`
 * works out the voice's generators from them and the channel's controllers, at note-on and
 * whenever a controller of the voice's channel moves.
 */
export class VoiceModulators {
  private readonly lists: (readonly Modulator[])[];
  private readonly base: Float64Array;
  private readonly regions: InstrumentRegion[];
  private readonly keys: Uint8Array;
  private readonly velocities: Uint8Array;
  /** The generators of the last evaluation, modulators included. */
  readonly generators = new Float64Array(COUNT);
  /** The note's gain from its attenuation, in decibels, of the last evaluation. */
  noteDecibels = 0;
  private readonly sums = new Float64Array(COUNT);
  private values = new Float64Array(32);
  private states = new Uint8Array(32);

  /** @param tunings the MIDI Tuning Standard programs the channels choose from */
  constructor(capacity: number, private readonly tunings: Tunings) {
    this.lists = Array.from({ length: capacity }, () => []);
    this.base = new Float64Array(capacity * COUNT);
    this.regions = new Array<InstrumentRegion>(capacity);
    this.keys = new Uint8Array(capacity);
    this.velocities = new Uint8Array(capacity);
  }

  /** The region the voice plays, as `start` recorded it. */
  region(v: number): InstrumentRegion {
    return this.regions[v];
  }

  /** Puts together voice `v`'s generators and modulators, then evaluates them. */
  start(v: number, preset: PresetRegion, instrument: InstrumentRegion, channel: Channel, key: number, velocity: number): void {
    const at = v * COUNT;
    for (let i = 0; i < COUNT; i++) this.base[at + i] = preset.generators[i] + instrument.generators[i];
    this.lists[v] = modulatorList(preset, instrument);
    this.regions[v] = instrument;
    this.keys[v] = key;
    this.velocities[v] = velocity;
    this.evaluate(v, channel);
  }

  /** Works out voice `v`'s generators into `generators` and `noteDecibels`. */
  evaluate(v: number, channel: Channel): void {
    const list = this.lists[v];
    const n = list.length;
    if (this.values.length < n) {
      this.values = new Float64Array(2 * n);
      this.states = new Uint8Array(2 * n);
    }
    this.states.fill(0, 0, n);
    const sums = this.sums;
    sums.fill(0);
    for (let i = 0; i < n; i++) {
      const destination = list[i].destination;
      if ((destination & LINK_DESTINATION) === 0) sums[destination] += this.output(list, i, channel, v);
    }
    const offsets = channel.generatorOffsets;
    const key = this.keys[v];
    const drum = channel.isPercussionChannel;
    if (drum) {
      sums[G.coarseTune] += channel.drumPitch[key];
      const level = channel.drumLevel[key];
      if (level < 127) sums[G.initialAttenuation] += level === 0 ? 1440 : 200 * Math.log10(127 / level);
    }
    const g = this.generators;
    const base = this.base;
    const at = v * COUNT;
    const tuning = channel.ownTuning ?? this.tunings.find(channel.tuningBank, channel.tuningProgram);
    if (tuning !== undefined) sums[G.fineTune] += tuningOffset(tuning, key, this.regions[v].rootKey, base[at + G.scaleTuning]);
    for (let i = 0; i < COUNT; i++) {
      const info = generatorTable[i];
      const sum = base[at + i] + sums[i] + offsets[i];
      // Tuning is left whole, as the pitch wheel's modulator drives fine tune far past its range.
      g[i] = info.modulatable && i !== G.fineTune && i !== G.coarseTune ? clamp(sum, info.min, info.max) : sum;
    }
    // A drum key's own pan takes the place of the pan its region gives it.
    if (drum && channel.drumPan[key] >= 0) {
      const pan = ((channel.drumPan[key] - 64) / 63) * 500 + sums[G.pan] + offsets[G.pan];
      g[G.pan] = clamp(pan, generatorTable[G.pan].min, generatorTable[G.pan].max);
    }
    const attenuation = clamp(
      ATTENUATION_SCALE * base[at + G.initialAttenuation] + sums[G.initialAttenuation] + offsets[G.initialAttenuation],
      0,
      1440,
    );
    this.noteDecibels = -attenuation / 10;
  }

  // A modulator's output; a link loop is cut where it closes (its value counts as 0 there).
  private output(list: readonly Modulator[], i: number, channel: Channel, v: number): number {
    const state = this.states[i];
    if (state === 2) return this.values[i];
    if (state === 1) return 0;
    this.states[i] = 1;
    const m = list[i];
    let value = 0;
    // FluidSynth leaves the velocity-to-filter modulator silent, whatever its amount.
    if (!sameModulator(m, velocityToFilter)) {
      let primary: number;
      if (isLinkSource(m.source)) {
        // The modulators linked here, as a fraction of the 16-bit range their amounts span.
        let sum = 0;
        for (let j = 0; j < list.length; j++) {
          if (list[j].destination === (LINK_DESTINATION | i)) sum += this.output(list, j, channel, v);
        }
        primary = clamp(sum / 32768, -1, 1);
      } else {
        primary = sourceValue(m.source, channel, this.keys[v], this.velocities[v], 0);
      }
      if (primary !== 0) {
        const amount = m === MOD_WHEEL_TO_VIBRATO ? channel.modulationDepthRange : m.amount;
        value = amount * primary * sourceValue(m.amountSource, channel, this.keys[v], this.velocities[v], 1);
        if (m.transform === 2) value = Math.abs(value);
      }
    }
    this.values[i] = value;
    this.states[i] = 2;
    return value;
  }
}

function isLinkSource(source: number): boolean {
  return (source & 0xff) === 127;
}

// The lists put together so far, by preset region, then instrument region: a list depends on the
// two regions alone, so after a pair's first note its voices start without allocating. Entries
// go with the SoundFont's regions.
const mergedLists = new WeakMap<PresetRegion, WeakMap<InstrumentRegion, readonly Modulator[]>>();

/** The modulators of a voice of `instrument` under `preset`: the defaults, the instrument's, the preset's. */
function modulatorList(preset: PresetRegion, instrument: InstrumentRegion): readonly Modulator[] {
  let byInstrument = mergedLists.get(preset);
  if (byInstrument === undefined) {
    byInstrument = new WeakMap();
    mergedLists.set(preset, byInstrument);
  }
  let list = byInstrument.get(instrument);
  if (list === undefined) {
    const merged: Modulator[] = defaultModulators.slice();
    addZone(merged, instrument.modulators, (m, i) => (merged[i] = m));
    addZone(merged, preset.modulators, (m, i) => (merged[i] = { ...merged[i], amount: merged[i].amount + m.amount }));
    list = merged;
    byInstrument.set(instrument, list);
  }
  return list;
}

/**
 * Adds one zone's modulators to a voice's list: one identical to a modulator already there goes
 * to `merge`, the others are appended. Links are renumbered from the zone's list to the voice's.
 */
function addZone(list: Modulator[], zone: readonly Modulator[], merge: (m: Modulator, at: number) => void): void {
  const first = list.length;
  const positions: number[] = [];
  for (const m of zone) {
    const at = (m.destination & LINK_DESTINATION) === 0 ? list.findIndex((d, k) => k < first && sameModulator(d, m)) : -1;
    if (at >= 0) {
      merge(m, at);
      positions.push(at);
    } else {
      positions.push(list.length);
      list.push(m);
    }
  }
  for (let k = first; k < list.length; k++) {
    const m = list[k];
    if ((m.destination & LINK_DESTINATION) !== 0) {
      list[k] = { ...m, destination: LINK_DESTINATION | positions[m.destination & 0x7fff] };
    }
  }
}

// -(20/96)·log10(((127 - i)/127)^2) (8.2.1), and 1 at the top, as FluidSynth tabulates it.
const CONCAVE = Float64Array.from({ length: 128 }, (_, i) => (i === 127 ? 1 : (-5 / 12) * Math.log10((127 - i) / 127)));
const CONVEX = Float64Array.from({ length: 128 }, (_, i) => 1 - CONCAVE[127 - i]);

function curveAt(table: Float64Array, x: number): number {
  if (x <= 0) return 0;
  if (x >= 127) return table[127];
  const i = Math.floor(x);
  return table[i] + (table[i + 1] - table[i]) * (x - i);
}

/**
 * A source's value mapped to 0..1 or -1..1 (8.2.1), read from the channel and the note. As in
 * FluidSynth, 7-bit values count in 128ths and the pitch wheel in 16384ths. `none` is what "no
 * controller" gives: 0 as a primary source, 1 as an amount source.
 */
function sourceValue(source: number, channel: Channel, key: number, velocity: number, none: number): number {
  const index = source & 0x7f;
  let value: number;
  let range = 128;
  if ((source & 0x80) !== 0) {
    value = channel.controller(index);
  } else {
    switch (index) {
      case 2: value = velocity; break;
      case 3: value = key; break;
      case 10: value = channel.keyPressure(key); break;
      case 13: value = channel.channelPressure; break;
      case 14: value = channel.pitchWheel; range = 16384; break;
      case 16: value = channel.pitchBendRange; break;
      default: return none;
    }
  }
  const x = value / range;
  const negative = (source & 0x100) !== 0;
  const bipolar = (source & 0x200) !== 0;
  switch (source >> 10) {
    case 0:
      if (bipolar) return negative ? 1 - 2 * x : 2 * x - 1;
      return negative ? 1 - x : x;
    case 1:
    case 2: {
      const table = source >> 10 === 1 ? CONCAVE : CONVEX;
      if (!bipolar) return curveAt(table, 127 * (negative ? 1 - x : x));
      const half = x > 0.5 ? curveAt(table, 254 * (x - 0.5)) : -curveAt(table, 254 * (0.5 - x));
      return negative ? -half : half;
    }
    default: {
      const high = x >= 0.5;
      if (bipolar) return high !== negative ? 1 : -1;
      return high !== negative ? 1 : 0;
    }
  }
}

function clamp(x: number, min: number, max: number): number {
  return x < min ? min : x > max ? max : x;
}
