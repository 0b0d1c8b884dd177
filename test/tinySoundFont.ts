import {
  GeneratorType,
  InstrumentRegion,
  LoopMode,
  PresetRegion,
  SoundFont,
  writeSoundFont,
  type InstrumentModel,
  type SampleHeader,
} from "../lib/index.js";

/**
 * A small SoundFont built in code, for tests that must run without the shared fixtures:
 * a looping sine ("Sine", bank 0 program 0) and a one-shot noise burst in exclusive class 1
 * on every key of a drum kit (bank 128 program 0).
 */
export function tinySoundFont(): SoundFont {
  const sineLength = 100; // 441 Hz at 44.1 kHz
  const noiseLength = 4000;
  const wave = new Int16Array(sineLength + 46 + noiseLength + 46);
  for (let i = 0; i < sineLength; i++) wave[i] = Math.round(12000 * Math.sin((2 * Math.PI * i) / sineLength));
  let seed = 1;
  for (let i = 0; i < noiseLength; i++) {
    seed = (seed * 1103515245 + 12345) >>> 0;
    wave[sineLength + 46 + i] = ((seed >>> 16) % 16000) - 8000;
  }
  const sine: SampleHeader = {
    name: "sine", start: 0, end: sineLength, startLoop: 0, endLoop: sineLength,
    sampleRate: 44100, originalPitch: 69, pitchCorrection: 0, link: 0, type: 1,
  };
  const noiseStart = sineLength + 46;
  const noise: SampleHeader = {
    name: "noise", start: noiseStart, end: noiseStart + noiseLength, startLoop: noiseStart, endLoop: noiseStart + noiseLength,
    sampleRate: 44100, originalPitch: 60, pitchCorrection: 0, link: 0, type: 1,
  };

  const sineGenerators = InstrumentRegion.createDefaultGenerators();
  sineGenerators[GeneratorType.sampleModes] = LoopMode.continuous;
  sineGenerators[GeneratorType.releaseVolumeEnvelope] = -3986; // 0.1 s
  const noiseGenerators = InstrumentRegion.createDefaultGenerators();
  noiseGenerators[GeneratorType.exclusiveClass] = 1;
  const sineInstrument: InstrumentModel = { name: "Sine", regions: [{ generators: sineGenerators, sample: sine }] };
  const noiseInstrument: InstrumentModel = { name: "Noise", regions: [{ generators: noiseGenerators, sample: noise }] };

  const bytes = writeSoundFont({
    info: { bankName: "tiny test font" },
    waveData: wave,
    sampleHeaders: [sine, noise],
    instruments: [sineInstrument, noiseInstrument],
    presets: [
      { name: "Sine", patchNumber: 0, bankNumber: 0, regions: [{ generators: PresetRegion.createDefaultGenerators(), instrument: sineInstrument }] },
      { name: "Kit", patchNumber: 0, bankNumber: 128, regions: [{ generators: PresetRegion.createDefaultGenerators(), instrument: noiseInstrument }] },
    ],
  });
  return new SoundFont(bytes);
}
