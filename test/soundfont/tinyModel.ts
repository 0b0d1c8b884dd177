import {
  GeneralController,
  GeneratorType as G,
  InstrumentRegion,
  LINK_DESTINATION,
  PresetRegion,
  modulatorSource,
  type InstrumentModel,
  type Modulator,
  type PresetModel,
  type SampleHeader,
  type SoundFontModel,
} from "../../lib/soundfont/index.js";

/** 46 zero samples after each sample, as the specification asks. */
const guard = 46;

/**
 * A small SoundFont built by hand: two samples, two instruments (one with a global setting
 * folded into its regions), two presets (a melodic one and a drum kit).
 */
export function tinyModel(): SoundFontModel {
  const sineLength = 200;
  const sawLength = 120;
  const waveData = new Int16Array(sineLength + guard + sawLength + guard);
  for (let i = 0; i < sineLength; i++) {
    waveData[i] = Math.round(20000 * Math.sin((2 * Math.PI * i) / 50));
  }
  const sawStart = sineLength + guard;
  for (let i = 0; i < sawLength; i++) {
    waveData[sawStart + i] = -16000 + ((i * 800) % 32000);
  }

  const sine: SampleHeader = {
    name: "Sine",
    start: 0,
    end: sineLength,
    startLoop: 50,
    endLoop: 150,
    sampleRate: 22050,
    originalPitch: 69,
    pitchCorrection: -7,
    link: 0,
    type: 1,
  };
  const saw: SampleHeader = {
    name: "Saw with a long name", // 20 characters: the whole name field, no terminator
    start: sawStart,
    end: sawStart + sawLength,
    startLoop: sawStart + 10,
    endLoop: sawStart + 110,
    sampleRate: 44100,
    originalPitch: 60,
    pitchCorrection: 3,
    link: 0,
    type: 1,
  };

  const low = InstrumentRegion.createDefaultGenerators();
  low[G.keyRange] = (59 << 8) | 0;
  low[G.sampleModes] = 1;
  low[G.attackVolumeEnvelope] = -3000;
  low[G.releaseVolumeEnvelope] = 1200;
  low[G.pan] = -250;
  low[G.initialFilterCutoffFrequency] = 9000;
  low[G.startAddressOffset] = 4;
  const high = InstrumentRegion.createDefaultGenerators();
  high[G.keyRange] = (127 << 8) | 60;
  high[G.velocityRange] = (127 << 8) | 64;
  high[G.sampleModes] = 3;
  high[G.overridingRootKey] = 72;
  high[G.coarseTune] = -12;
  high[G.fineTune] = 25;
  high[G.endAddressCoarseOffset] = 0;
  high[G.endAddressOffset] = -8;
  // Modulators of every kind the full profile plays: a controller, a pressure with the absolute
  // value transform, an amount source, one replacing a default and a linked pair.
  const lowModulators: Modulator[] = [
    { source: modulatorSource(74, { cc: true }), destination: G.initialFilterCutoffFrequency, amount: 2400, amountSource: 0, transform: 0 },
    { source: modulatorSource(7, { cc: true, negative: true, curve: 1 }), destination: G.initialAttenuation, amount: 480, amountSource: 0, transform: 0 },
    { source: modulatorSource(16, { cc: true, bipolar: true }), destination: LINK_DESTINATION | 3, amount: 20000, amountSource: 0, transform: 0 },
    { source: modulatorSource(GeneralController.link), destination: G.pan, amount: 500, amountSource: 0, transform: 0 },
  ];
  const highModulators: Modulator[] = [
    {
      source: modulatorSource(GeneralController.channelPressure, { bipolar: true, curve: 2 }),
      destination: G.vibratoLfoToPitch,
      amount: 100,
      amountSource: modulatorSource(GeneralController.noteOnKeyNumber, { curve: 3 }),
      transform: 2,
    },
  ];
  const lead: InstrumentModel = {
    name: "Café Lead", // Latin-1 survives a write and a read
    regions: [
      { generators: low, sample: sine, modulators: lowModulators },
      { generators: high, sample: saw, modulators: highModulators },
    ],
  };

  const hit = InstrumentRegion.createDefaultGenerators();
  hit[G.exclusiveClass] = 1;
  hit[G.decayVolumeEnvelope] = 2400;
  hit[G.sustainVolumeEnvelope] = 1440;
  const kit: InstrumentModel = { name: "Kit", regions: [{ generators: hit, sample: saw }] };

  const leadPreset = PresetRegion.createDefaultGenerators();
  leadPreset[G.initialAttenuation] = 30;
  leadPreset[G.reverbEffectsSend] = 200;
  const kitPreset = PresetRegion.createDefaultGenerators();
  kitPreset[G.keyRange] = (40 << 8) | 35;
  const presets: PresetModel[] = [
    {
      name: "Lead",
      patchNumber: 80,
      bankNumber: 0,
      library: 0,
      genre: 0,
      morphology: 0,
      regions: [
        {
          generators: leadPreset,
          instrument: lead,
          modulators: [{ source: modulatorSource(1, { cc: true }), destination: G.modulationLfoToPitch, amount: 50, amountSource: 0, transform: 0 }],
        },
      ],
    },
    {
      name: "Drums",
      patchNumber: 0,
      bankNumber: 128,
      library: 0,
      genre: 0,
      morphology: 0,
      regions: [{ generators: kitPreset, instrument: kit }],
    },
  ];

  return {
    info: {
      version: { major: 2, minor: 4 },
      targetSoundEngine: "EMU8000",
      bankName: "Tiny",
      romName: "",
      romVersion: { major: 0, minor: 0 },
      creationDate: "2024",
      author: "meltysynth-native tests",
      targetProduct: "",
      copyright: "",
      comments: "Hand-built to test the reader and the writer",
      tools: "writeSoundFont",
    },
    waveData,
    sampleHeaders: [sine, saw],
    instruments: [lead, kit],
    presets,
  };
}
