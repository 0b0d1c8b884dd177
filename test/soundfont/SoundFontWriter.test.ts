import { describe, expect, it } from "vitest";
import {
  GeneratorType,
  InstrumentRegion,
  SoundFont,
  writeSoundFont,
  type SoundFontModel,
} from "../../lib/soundfont/index.js";
import { haveFixtures, timGM6mbBytes } from "./fixtures.js";
import { tinyModel } from "./tinyModel.js";

/**
 * The generators as a reader sees them: the sampleID or instrument slot holds the index of
 * the region's sample or instrument, which is what the writer writes there.
 */
function withId(generators: Int16Array, slot: number, id: number): number[] {
  const values = Array.from(generators);
  values[slot] = id;
  return values;
}

function expectSameModel(actual: SoundFontModel, expected: SoundFontModel): void {
  expect(actual.info).toEqual(expected.info);
  expect(actual.waveData.length).toBe(expected.waveData.length);
  expect(Buffer.from(actual.waveData.buffer, actual.waveData.byteOffset, actual.waveData.byteLength).equals(
    Buffer.from(expected.waveData.buffer, expected.waveData.byteOffset, expected.waveData.byteLength),
  )).toBe(true);
  expect(actual.sampleHeaders).toEqual(expected.sampleHeaders);

  expect(actual.instruments.length).toBe(expected.instruments.length);
  actual.instruments.forEach((instrument, i) => {
    const other = expected.instruments[i];
    expect(instrument.name).toBe(other.name);
    expect(instrument.regions.length).toBe(other.regions.length);
    instrument.regions.forEach((region, j) => {
      const sampleId = actual.sampleHeaders.indexOf(region.sample);
      expect(sampleId).toBe(expected.sampleHeaders.indexOf(other.regions[j].sample));
      expect(Array.from(region.generators)).toEqual(
        withId(other.regions[j].generators, GeneratorType.sampleID, sampleId),
      );
      expect(region.modulators ?? []).toEqual(other.regions[j].modulators ?? []);
    });
  });

  expect(actual.presets.length).toBe(expected.presets.length);
  actual.presets.forEach((preset, i) => {
    const other = expected.presets[i];
    expect([preset.name, preset.patchNumber, preset.bankNumber]).toEqual([
      other.name,
      other.patchNumber,
      other.bankNumber,
    ]);
    expect([preset.library, preset.genre, preset.morphology]).toEqual([
      other.library ?? 0,
      other.genre ?? 0,
      other.morphology ?? 0,
    ]);
    expect(preset.regions.length).toBe(other.regions.length);
    preset.regions.forEach((region, j) => {
      const instrumentId = actual.instruments.indexOf(region.instrument);
      expect(instrumentId).toBe(expected.instruments.indexOf(other.regions[j].instrument));
      expect(region.modulators ?? []).toEqual(other.regions[j].modulators ?? []);
      expect(Array.from(region.generators)).toEqual(
        withId(other.regions[j].generators, GeneratorType.instrument, instrumentId),
      );
    });
  });
}

describe("writeSoundFont with a hand-built model", () => {
  it("writes a file that reads back as the same model", () => {
    const model = tinyModel();
    const soundFont = new SoundFont(writeSoundFont(model));
    expectSameModel(soundFont, model);
    expect(soundFont.instruments[0].name).toBe("Café Lead");
    expect(soundFont.sampleHeaders[1].name).toBe("Saw with a long name");
  });

  it("writes the same bytes again from what it read", () => {
    const bytes = writeSoundFont(tinyModel());
    expect(writeSoundFont(new SoundFont(bytes))).toEqual(bytes);
  });

  it("fills in the INFO fields a model leaves out", () => {
    const soundFont = new SoundFont(writeSoundFont({ ...tinyModel(), info: {} }));
    expect(soundFont.info.version).toEqual({ major: 2, minor: 1 });
    expect(soundFont.info.targetSoundEngine).toBe("EMU8000");
    expect(soundFont.info.bankName).toBe("Untitled");
    expect(soundFont.info.comments).toBe("");
  });

  it("keeps an instrument without regions as one empty zone", () => {
    const model = tinyModel();
    const empty = { name: "Empty", regions: [] };
    const soundFont = new SoundFont(
      writeSoundFont({ ...model, instruments: [...model.instruments, empty] }),
    );
    expect(soundFont.instruments[2].name).toBe("Empty");
    expect(soundFont.instruments[2].regions).toEqual([]);
  });

  it("refuses a region whose sample is not in the model", () => {
    const model = tinyModel();
    const stranger = { ...model.sampleHeaders[0], name: "Stranger" };
    const instrument = {
      name: "Odd",
      regions: [{ generators: InstrumentRegion.createDefaultGenerators(), sample: stranger }],
    };
    expect(() => writeSoundFont({ ...model, instruments: [instrument] })).toThrow(
      /instrument 'Odd' plays a sample that is not in sampleHeaders/,
    );
  });

  it("refuses values that do not fit their fields", () => {
    const model = tinyModel();
    const badHeader = { ...model.sampleHeaders[0], pitchCorrection: 200 };
    expect(() =>
      writeSoundFont({ ...model, sampleHeaders: [badHeader, ...model.sampleHeaders.slice(1)] }),
    ).toThrow(RangeError);
    expect(() => writeSoundFont({ ...model, presets: [] })).toThrow(/at least one preset/);
    const shortGenerators = {
      name: "Short",
      regions: [{ generators: new Int16Array(10), sample: model.sampleHeaders[0] }],
    };
    expect(() => writeSoundFont({ ...model, instruments: [shortGenerators] })).toThrow(
      /61 generators/,
    );
  });
});

describe.skipIf(!haveFixtures("the TimGM6mb round trip"))("writeSoundFont with TimGM6mb", () => {
  it("reads back the same model: info, samples, every region's generators and references", () => {
    const original = new SoundFont(timGM6mbBytes());
    const copy = new SoundFont(writeSoundFont(original));
    expectSameModel(copy, original);
    // The writer puts the indices where the reader found them, so the generators match whole.
    original.instruments.forEach((instrument, i) =>
      instrument.regions.forEach((region, j) =>
        expect(copy.instruments[i].regions[j].generators).toEqual(region.generators),
      ),
    );
    original.presets.forEach((preset, i) =>
      preset.regions.forEach((region, j) =>
        expect(copy.presets[i].regions[j].generators).toEqual(region.generators),
      ),
    );
  });
});
