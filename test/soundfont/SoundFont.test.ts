import { describe, expect, it } from "vitest";
import {
  GeneratorType,
  InstrumentRegion,
  LoopMode,
  PresetRegion,
  SoundFont,
  writeSoundFont,
} from "../../lib/soundfont/index.js";
import { haveFixtures, timGM6mbBytes } from "./fixtures.js";
import { tinyModel } from "./tinyModel.js";

describe("SoundFont with a hand-built file", () => {
  const bytes = writeSoundFont(tinyModel());

  it("reads the wave data as a view on the input when it is 2-byte aligned", () => {
    const soundFont = new SoundFont(bytes);
    expect(soundFont.bitsPerSample).toBe(16);
    expect(soundFont.waveData.buffer).toBe(bytes.buffer);
    expect(soundFont.waveData).toEqual(tinyModel().waveData);
    expect(new SoundFont(bytes.buffer as ArrayBuffer).waveData.buffer).toBe(bytes.buffer);
  });

  it("copies the wave data when it is not 2-byte aligned", () => {
    const shifted = new Uint8Array(bytes.length + 1);
    shifted.set(bytes, 1);
    const soundFont = new SoundFont(shifted.subarray(1));
    expect(soundFont.waveData.buffer).not.toBe(shifted.buffer);
    expect(soundFont.waveData).toEqual(tinyModel().waveData);
  });

  it("folds the generators into regions with defaults, and converts them as MeltySynth does", () => {
    const soundFont = new SoundFont(bytes);
    const [low, high] = soundFont.instruments[0].regions;
    expect(low.contains(59, 1)).toBe(true);
    expect(low.contains(60, 1)).toBe(false);
    expect(high.contains(60, 63)).toBe(false);
    expect(high.contains(127, 64)).toBe(true);

    expect(low.sampleStart).toBe(4);
    expect(low.sampleModes).toBe(LoopMode.continuous);
    expect(low.pan).toBe(Math.fround(-25));
    expect(low.attackVolumeEnvelope).toBe(Math.fround(2 ** Math.fround(Math.fround(1 / 1200) * -3000)));
    expect(low.initialFilterCutoffFrequency).toBeCloseTo(8.176 * 2 ** (9000 / 1200), 2);
    expect(low.rootKey).toBe(69);
    expect(low.fineTune).toBe(-7);
    expect(high.rootKey).toBe(72);
    expect(high.fineTune).toBe(25 + 3);
    expect(high.sampleEnd).toBe(high.sample.end - 8);
    expect(high.sampleModes).toBe(LoopMode.loopUntilNoteOff);

    const preset = soundFont.presets[0].regions[0];
    expect(preset.initialAttenuation).toBe(Math.fround(3));
    expect(preset.attackVolumeEnvelope).toBe(1);
    expect(preset.instrument).toBe(soundFont.instruments[0]);
    expect(soundFont.presets[1].regions[0].contains(36, 100)).toBe(true);
    expect(soundFont.presets[1].regions[0].contains(41, 100)).toBe(false);
  });

  it("has the SoundFont defaults in createDefaultGenerators", () => {
    const instrument = InstrumentRegion.createDefaultGenerators();
    expect(instrument.length).toBe(61);
    expect(instrument[GeneratorType.initialFilterCutoffFrequency]).toBe(13500);
    expect(instrument[GeneratorType.attackVolumeEnvelope]).toBe(-12000);
    expect(instrument[GeneratorType.scaleTuning]).toBe(100);
    expect(instrument[GeneratorType.overridingRootKey]).toBe(-1);
    const preset = PresetRegion.createDefaultGenerators();
    expect(preset[GeneratorType.scaleTuning]).toBe(0);
    expect(preset[GeneratorType.keyRange]).toBe(0x7f00);
  });
});

describe.skipIf(!haveFixtures("the TimGM6mb model tests"))("SoundFont with TimGM6mb", () => {
  it("reads the information, samples, presets and instruments", () => {
    const soundFont = new SoundFont(timGM6mbBytes());
    expect(soundFont.info.version).toEqual({ major: 2, minor: 1 });
    expect(soundFont.info.bankName).toBe("TimGM6mb1.sf2");
    expect(soundFont.info.targetSoundEngine).toBe("EMU8000");
    expect(soundFont.info.tools).toBe("Awave Studio v8.5");
    expect(soundFont.presets.length).toBe(136);
    expect(soundFont.instruments.length).toBe(210);
    expect(soundFont.sampleHeaders.length).toBe(520);
    expect(soundFont.waveData.length).toBe(5764336 / 2);
    expect(soundFont.presets.filter((p) => p.bankNumber === 128).length).toBe(8);
    expect(soundFont.toString()).toBe("TimGM6mb1.sf2");
  });

  it("gives every float getter as a float32 value", () => {
    const soundFont = new SoundFont(timGM6mbBytes());
    const floatGetters = [
      "initialFilterCutoffFrequency",
      "initialFilterQ",
      "modulationLfoToVolume",
      "chorusEffectsSend",
      "reverbEffectsSend",
      "pan",
      "delayModulationLfo",
      "frequencyModulationLfo",
      "delayVibratoLfo",
      "frequencyVibratoLfo",
      "attackVolumeEnvelope",
      "decayVolumeEnvelope",
      "sustainVolumeEnvelope",
      "releaseVolumeEnvelope",
      "attackModulationEnvelope",
      "releaseModulationEnvelope",
      "initialAttenuation",
    ] as const;
    const regions = [
      ...soundFont.instruments.flatMap((i) => i.regions),
      ...soundFont.presets.flatMap((p) => p.regions),
    ];
    const notFloat32 = regions.flatMap((region) =>
      floatGetters.filter((name) => Math.fround(region[name]) !== region[name]).map((name) => `${region} ${name}`),
    );
    expect(notFloat32).toEqual([]);
  });

  it("reads in steps, one for each instrument and preset and one between tables, into what the constructor reads", () => {
    const bytes = timGM6mbBytes();
    const steps = SoundFont.readInSteps(bytes, { onDecodeError: () => {} });
    let count = 0;
    let step = steps.next();
    for (; step.done !== true; step = steps.next()) count++;
    const stepwise = step.value;
    const whole = new SoundFont(bytes);
    expect(count).toBe(210 + 136 + 5);
    expect(stepwise).toBeInstanceOf(SoundFont);
    expect(stepwise.onDecodeError).toBeTypeOf("function");
    expect(stepwise.info).toEqual(whole.info);
    // Both views on the same bytes; the rest compared as JSON (a deep comparison of the model
    // takes vitest half a minute).
    expect([stepwise.waveData.buffer, stepwise.waveData.byteOffset, stepwise.waveData.length]).toEqual([whole.waveData.buffer, whole.waveData.byteOffset, whole.waveData.length]);
    expect(JSON.stringify(stepwise.sampleHeaders)).toBe(JSON.stringify(whole.sampleHeaders));
    expect(JSON.stringify(stepwise.instruments)).toBe(JSON.stringify(whole.instruments));
    expect(JSON.stringify(stepwise.presets)).toBe(JSON.stringify(whole.presets));
    expect(stepwise.warnings).toEqual(whole.warnings);
    // A constructor called after it reads its own bytes again.
    expect(new SoundFont(writeSoundFont(tinyModel())).presets.length).toBe(tinyModel().presets.length);
  });

  it("loads in well under 50 ms", () => {
    const bytes = timGM6mbBytes();
    let best = Infinity;
    for (let i = 0; i < 5; i++) {
      const start = performance.now();
      new SoundFont(bytes);
      best = Math.min(best, performance.now() - start);
    }
    expect(best).toBeLessThan(50);
  });
});
