// The model against Polyphone's export of every preset and instrument of TimGM6mb, as
// MeltySynth's PresetTest_Polyphone and InstrumentTest_Polyphone check it: same rows, same
// units, same tolerances. Each TSV column is a zone (the first the global one), each row a
// generator; "!" or "?" means absent, so the global value or else the default applies.
import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import {
  InstrumentRegion,
  PresetRegion,
  SoundFont,
  type SampleHeader,
} from "../../lib/soundfont/index.js";
import { haveFixtures, polyphoneDir, timGM6mbBytes } from "./fixtures.js";

const present = haveFixtures("the Polyphone model tests");

/** One expected value: the TSV row it comes from, how to read the region, and the tolerance. */
interface Row<R> {
  row: number;
  get: (region: R) => number;
  /** Absolute tolerance; 0 means exact. */
  within: number;
}

type PolyphoneRegion = { keyRange: string; velocityRange: string; values: number[] };

function readTsv<R>(path: string, rows: readonly Row<R>[], defaults: R): PolyphoneRegion[] {
  const tsv = readFileSync(path, "utf8")
    .split(/\r?\n/)
    .filter((line) => line.length > 0)
    .map((line) => line.split("\t"));
  const global = tsv.map((row) => row[0]);
  const absent = (s: string): boolean => s === "!" || s === "?";
  const range = (s: string): string => (s.includes("-") ? s : `${s}-${s}`);
  const pick = (local: string, i: number): string | undefined =>
    !absent(local) ? local : !absent(global[i]) ? global[i] : undefined;

  const regions: PolyphoneRegion[] = [];
  for (let col = 1; col < tsv[0].length; col++) {
    const local = tsv.map((row) => row[col]);
    regions.push({
      keyRange: range(pick(local[0], 0) ?? "0-127"),
      velocityRange: range(pick(local[1], 1) ?? "0-127"),
      values: rows.map(({ row, get }) => {
        const value = pick(local[row], row);
        return value === undefined ? get(defaults) : Number.parseFloat(value);
      }),
    });
  }
  return regions;
}

interface Ranged {
  keyRangeStart: number;
  keyRangeEnd: number;
  velocityRangeStart: number;
  velocityRangeEnd: number;
}

/** Matches each Polyphone zone with the closest region, as MeltySynth's tests do, and compares. */
function check<R extends Ranged>(
  path: string,
  regions: readonly R[],
  rows: readonly Row<R>[],
  defaults: R,
): void {
  const expected = readTsv(path, rows, defaults);
  expect(regions.length, path).toBe(expected.length);
  const ranges = (r: R): [string, string] => [
    `${r.keyRangeStart}-${r.keyRangeEnd}`,
    `${r.velocityRangeStart}-${r.velocityRangeEnd}`,
  ];
  for (const polyphone of expected) {
    const error = (r: R): number => {
      const [key, velocity] = ranges(r);
      if (key !== polyphone.keyRange || velocity !== polyphone.velocityRange) return 1e6;
      return rows.reduce((sum, { get }, i) => sum + Math.abs(polyphone.values[i] - get(r)), 0);
    };
    const closest = regions.reduce((best, r) => (error(r) < error(best) ? r : best));
    expect(ranges(closest), path).toEqual([polyphone.keyRange, polyphone.velocityRange]);
    rows.forEach(({ row, get, within }, i) => {
      const actual = get(closest);
      const message = `${path}, row ${row}`;
      if (within === 0) expect(actual, message).toBe(polyphone.values[i]);
      else expect(Math.abs(actual - polyphone.values[i]), message).toBeLessThanOrEqual(within);
    });
  }
}

const presetRows: Row<PresetRegion>[] = [
  { row: 2, get: (r) => 0.4 * r.initialAttenuation, within: 0.01 },
  { row: 3, get: (r) => r.pan, within: 0.1 },
  { row: 4, get: (r) => r.coarseTune, within: 0 },
  { row: 5, get: (r) => r.fineTune, within: 0 },
  { row: 6, get: (r) => r.scaleTuning, within: 0 },
  { row: 7, get: (r) => r.initialFilterCutoffFrequency, within: 0.001 },
  { row: 8, get: (r) => r.initialFilterQ, within: 0.1 },
  { row: 9, get: (r) => r.delayVolumeEnvelope, within: 0.001 },
  { row: 10, get: (r) => r.attackVolumeEnvelope, within: 0.001 },
  { row: 11, get: (r) => r.holdVolumeEnvelope, within: 0.001 },
  { row: 12, get: (r) => r.decayVolumeEnvelope, within: 0.001 },
  { row: 13, get: (r) => r.sustainVolumeEnvelope, within: 0.1 },
  { row: 14, get: (r) => r.releaseVolumeEnvelope, within: 0.001 },
  { row: 15, get: (r) => r.keyNumberToVolumeEnvelopeHold, within: 0 },
  { row: 16, get: (r) => r.keyNumberToVolumeEnvelopeDecay, within: 0 },
  { row: 17, get: (r) => r.delayModulationEnvelope, within: 0.001 },
  { row: 18, get: (r) => r.attackModulationEnvelope, within: 0.001 },
  { row: 19, get: (r) => r.holdModulationEnvelope, within: 0.001 },
  { row: 20, get: (r) => r.decayModulationEnvelope, within: 0.001 },
  { row: 21, get: (r) => r.sustainModulationEnvelope, within: 0.1 },
  { row: 22, get: (r) => r.releaseModulationEnvelope, within: 0.001 },
  { row: 23, get: (r) => r.modulationEnvelopeToPitch, within: 0 },
  { row: 24, get: (r) => r.modulationEnvelopeToFilterCutoffFrequency, within: 0 },
  { row: 25, get: (r) => r.keyNumberToModulationEnvelopeHold, within: 0 },
  { row: 26, get: (r) => r.keyNumberToModulationEnvelopeDecay, within: 0 },
  { row: 27, get: (r) => r.delayModulationLfo, within: 0.001 },
  { row: 28, get: (r) => r.frequencyModulationLfo, within: 0.001 },
  { row: 29, get: (r) => r.modulationLfoToPitch, within: 0 },
  { row: 30, get: (r) => r.modulationLfoToFilterCutoffFrequency, within: 0 },
  { row: 31, get: (r) => r.modulationLfoToVolume, within: 0.1 },
  { row: 32, get: (r) => r.delayVibratoLfo, within: 0.001 },
  { row: 33, get: (r) => r.frequencyVibratoLfo, within: 0.001 },
  { row: 34, get: (r) => r.vibratoLfoToPitch, within: 0 },
  { row: 35, get: (r) => r.chorusEffectsSend, within: 0.1 },
  { row: 36, get: (r) => r.reverbEffectsSend, within: 0.1 },
];

// As MeltySynth, we leave out the root key (row 6) and fine tune (row 8), which Polyphone
// shows with the sample's values folded in. The sample offsets (rows 44 to 48), which
// MeltySynth reads but does not compare, are compared too.
const instrumentRows: Row<InstrumentRegion>[] = [
  { row: 2, get: (r) => 0.4 * r.initialAttenuation, within: 0.01 },
  { row: 3, get: (r) => r.pan, within: 0.1 },
  { row: 4, get: (r) => r.sampleModes, within: 0 },
  { row: 7, get: (r) => r.coarseTune, within: 0 },
  { row: 9, get: (r) => r.scaleTuning, within: 0 },
  { row: 10, get: (r) => r.initialFilterCutoffFrequency, within: 1 },
  { row: 11, get: (r) => r.initialFilterQ, within: 0.1 },
  { row: 12, get: (r) => r.delayVolumeEnvelope, within: 0.001 },
  { row: 13, get: (r) => r.attackVolumeEnvelope, within: 0.001 },
  { row: 14, get: (r) => r.holdVolumeEnvelope, within: 0.001 },
  { row: 15, get: (r) => r.decayVolumeEnvelope, within: 0.001 },
  { row: 16, get: (r) => r.sustainVolumeEnvelope, within: 0.1 },
  { row: 17, get: (r) => r.releaseVolumeEnvelope, within: 0.001 },
  { row: 18, get: (r) => r.keyNumberToVolumeEnvelopeHold, within: 0 },
  { row: 19, get: (r) => r.keyNumberToVolumeEnvelopeDecay, within: 0 },
  { row: 20, get: (r) => r.delayModulationEnvelope, within: 0.001 },
  { row: 21, get: (r) => r.attackModulationEnvelope, within: 0.001 },
  { row: 22, get: (r) => r.holdModulationEnvelope, within: 0.001 },
  { row: 23, get: (r) => r.decayModulationEnvelope, within: 0.001 },
  { row: 24, get: (r) => r.sustainModulationEnvelope, within: 0.1 },
  { row: 25, get: (r) => r.releaseModulationEnvelope, within: 0.001 },
  { row: 26, get: (r) => r.modulationEnvelopeToPitch, within: 0 },
  { row: 27, get: (r) => r.modulationEnvelopeToFilterCutoffFrequency, within: 0 },
  { row: 28, get: (r) => r.keyNumberToModulationEnvelopeHold, within: 0 },
  { row: 29, get: (r) => r.keyNumberToModulationEnvelopeDecay, within: 0 },
  { row: 30, get: (r) => r.delayModulationLfo, within: 0.001 },
  { row: 31, get: (r) => r.frequencyModulationLfo, within: 0.001 },
  { row: 32, get: (r) => r.modulationLfoToPitch, within: 0 },
  { row: 33, get: (r) => r.modulationLfoToFilterCutoffFrequency, within: 0 },
  { row: 34, get: (r) => r.modulationLfoToVolume, within: 0.1 },
  { row: 35, get: (r) => r.delayVibratoLfo, within: 0.001 },
  { row: 36, get: (r) => r.frequencyVibratoLfo, within: 0.001 },
  { row: 37, get: (r) => r.vibratoLfoToPitch, within: 0 },
  { row: 38, get: (r) => r.exclusiveClass, within: 0 },
  { row: 39, get: (r) => r.chorusEffectsSend, within: 0.1 },
  { row: 40, get: (r) => r.reverbEffectsSend, within: 0.1 },
  { row: 44, get: (r) => r.startAddressOffset, within: 0 },
  { row: 45, get: (r) => r.endAddressOffset, within: 0 },
  { row: 47, get: (r) => r.startLoopAddressOffset, within: 0 },
  { row: 48, get: (r) => r.endLoopAddressOffset, within: 0 },
];

// What a zone that leaves a generator out gets, written out from the SoundFont 2.04
// specification rather than taken from the code under test. An instrument zone gets the default
// of the generator summary (8.1.3): [number, the specification's name, default].
const SPEC_INSTRUMENT_DEFAULTS: readonly (readonly [number, string, number])[] = [
  [0, "startAddrsOffset", 0],
  [1, "endAddrsOffset", 0],
  [2, "startloopAddrsOffset", 0],
  [3, "endloopAddrsOffset", 0],
  [4, "startAddrsCoarseOffset", 0],
  [5, "modLfoToPitch", 0],
  [6, "vibLfoToPitch", 0],
  [7, "modEnvToPitch", 0],
  [8, "initialFilterFc", 13500], // cents: 19,912 Hz
  [9, "initialFilterQ", 0],
  [10, "modLfoToFilterFc", 0],
  [11, "modEnvToFilterFc", 0],
  [12, "endAddrsCoarseOffset", 0],
  [13, "modLfoToVolume", 0],
  [15, "chorusEffectsSend", 0],
  [16, "reverbEffectsSend", 0],
  [17, "pan", 0],
  [21, "delayModLFO", -12000], // timecents: 1 ms
  [22, "freqModLFO", 0], // cents: 8.176 Hz
  [23, "delayVibLFO", -12000],
  [24, "freqVibLFO", 0],
  [25, "delayModEnv", -12000],
  [26, "attackModEnv", -12000],
  [27, "holdModEnv", -12000],
  [28, "decayModEnv", -12000],
  [29, "sustainModEnv", 0],
  [30, "releaseModEnv", -12000],
  [31, "keynumToModEnvHold", 0],
  [32, "keynumToModEnvDecay", 0],
  [33, "delayVolEnv", -12000],
  [34, "attackVolEnv", -12000],
  [35, "holdVolEnv", -12000],
  [36, "decayVolEnv", -12000],
  [37, "sustainVolEnv", 0],
  [38, "releaseVolEnv", -12000],
  [39, "keynumToVolEnvHold", 0],
  [40, "keynumToVolEnvDecay", 0],
  [43, "keyRange", 0x7f00], // 0-127: low byte 0, high byte 127
  [44, "velRange", 0x7f00],
  [45, "startloopAddrsCoarseOffset", 0],
  [46, "keynum", -1], // none
  [47, "velocity", -1], // none
  [48, "initialAttenuation", 0],
  [50, "endloopAddrsCoarseOffset", 0],
  [51, "coarseTune", 0],
  [52, "fineTune", 0],
  [54, "sampleModes", 0],
  [56, "scaleTuning", 100],
  [57, "exclusiveClass", 0],
  [58, "overridingRootKey", -1], // none
];
// Left out: the unused and reserved numbers (14, 18-20, 42, 49, 55, 59), the terminator (60)
// and the indices of the instrument (41) and sample (53), which have no default.
const GENERATOR_COUNT = 61;

function specInstrumentDefaults(): Int16Array {
  const generators = new Int16Array(GENERATOR_COUNT);
  for (const [type, , value] of SPEC_INSTRUMENT_DEFAULTS) generators[type] = value;
  return generators;
}

// A preset zone's generators are offsets added to the instrument's (9.4): one it leaves out
// adds nothing, over the full key and velocity ranges.
function specPresetDefaults(): Int16Array {
  const generators = new Int16Array(GENERATOR_COUNT);
  generators[43] = 0x7f00;
  generators[44] = 0x7f00;
  return generators;
}

const fileName = (name: string): string => name.replace(/[/:]/g, " ");
const pad3 = (n: number): string => String(n).padStart(3, "0");

describe("generator defaults", () => {
  it("an instrument zone and a preset zone that set nothing have the specification's defaults", () => {
    const instrument = InstrumentRegion.createDefaultGenerators();
    const preset = PresetRegion.createDefaultGenerators();
    const specPreset = specPresetDefaults();
    for (const [type, name, value] of SPEC_INSTRUMENT_DEFAULTS) {
      expect(instrument[type], `instrument zone: ${name} (${type})`).toBe(value);
      expect(preset[type], `preset zone: ${name} (${type})`).toBe(specPreset[type]);
    }
  });
});

describe.skipIf(!present)("SoundFont model against Polyphone (TimGM6mb)", () => {
  const defaultSample: SampleHeader = {
    name: "Default",
    start: 0,
    end: 0,
    startLoop: 0,
    endLoop: 0,
    sampleRate: 0,
    originalPitch: 0,
    pitchCorrection: 0,
    link: 0,
    type: 0,
  };

  it("matches every preset TSV", () => {
    const soundFont = new SoundFont(timGM6mbBytes());
    const dir = `${polyphoneDir}Presets/`;
    const files = new Set(readdirSync(dir));
    const defaults = new PresetRegion(specPresetDefaults(), soundFont.instruments[0]);
    let checked = 0;
    for (const preset of soundFont.presets) {
      const name = `${pad3(preset.bankNumber)} ${pad3(preset.patchNumber)} ${fileName(preset.name)}.tsv`;
      expect(files.has(name), name).toBe(true);
      check(dir + name, preset.regions, presetRows, defaults);
      checked++;
    }
    expect(checked).toBe(files.size);
  });

  it("matches every instrument TSV", () => {
    const soundFont = new SoundFont(timGM6mbBytes());
    const dir = `${polyphoneDir}Instruments/`;
    const files = new Set(readdirSync(dir));
    const defaults = new InstrumentRegion(specInstrumentDefaults(), defaultSample);
    const seen = new Set<string>();
    for (const instrument of soundFont.instruments) {
      const name = `${fileName(instrument.name)}.tsv`;
      expect(files.has(name), name).toBe(true);
      check(dir + name, instrument.regions, instrumentRows, defaults);
      seen.add(name);
    }
    expect(seen.size).toBe(files.size);
  });
});
