import {
  GeneratorType as G,
  InstrumentRegion,
  LoopMode,
  PresetRegion,
  SampleType,
  writeSoundFont,
  type InstrumentModel,
  type InstrumentRegionModel,
  type PresetModel,
  type SampleHeader,
} from "../soundfont/index.js";
import { drumKit, type DrumSound } from "./drumKit.js";
import { generatedSamples, type GeneratedSample } from "./generatedSamples.js";
import { generalMidiNames, programRecipe } from "./generalMidiPrograms.js";
import { applyRecipe, timecents } from "./InstrumentRecipe.js";
import { bandLimitedCycle, keySplits, keyFrequency, melodicWaves, type MelodicWave } from "./waveforms.js";

/** The bank General MIDI reserves for drum kits. */
const drumBank = 128;

/**
 * Generates the built-in SoundFont: a small General MIDI SoundFont made entirely by this
 * project's code, with no recorded samples. The 128 programs play a handful of synthesized
 * waveforms shaped by envelopes, filters and LFOs chosen per General MIDI family; bank 128
 * holds a drum kit of synthesized drums and cymbals. About 200 KB, built in a few milliseconds,
 * and the same bytes every time.
 */
export function generateBuiltinSoundFont(): Uint8Array {
  const samples = new SampleBank();

  const waveSamples = new Map<MelodicWave, SampleHeader[]>();
  for (const wave of Object.keys(melodicWaves) as MelodicWave[]) {
    waveSamples.set(wave, keySplits.map((split) => samples.add(`${wave} ${split.rootKey}`, cycleSample(wave, split))));
  }
  const pluck = samples.add("pluck", generatedSamples.pluck());
  const noise = samples.add("noise", generatedSamples.noise());

  const instruments: InstrumentModel[] = generalMidiNames.map((name, program) => {
    const recipe = programRecipe(program);
    const region = (sample: SampleHeader, lowKey: number, highKey: number): InstrumentRegionModel => {
      const generators = InstrumentRegion.createDefaultGenerators();
      generators[G.keyRange] = lowKey | (highKey << 8);
      generators[G.sampleModes] = LoopMode.continuous;
      applyRecipe(recipe, generators);
      return { generators, sample };
    };
    const regions =
      recipe.wave === "pluck" || recipe.wave === "noise"
        ? [region(recipe.wave === "pluck" ? pluck : noise, 0, 127)]
        : keySplits.map((split, i) => region(waveSamples.get(recipe.wave as MelodicWave)![i], split.lowKey, split.highKey));
    return { name: shortName(name), regions };
  });

  const drumSamples: Record<DrumSound, SampleHeader> = {
    kick: samples.add("kick", generatedSamples.kick()),
    snare: samples.add("snare", generatedSamples.snare()),
    clap: samples.add("clap", generatedSamples.clap()),
    tom: samples.add("tom", generatedSamples.tom()),
    knock: samples.add("knock", generatedSamples.knock()),
    cowbell: samples.add("cowbell", generatedSamples.cowbell()),
    metal: samples.add("metal", generatedSamples.metal()),
    sine: waveSamples.get("sine")![keySplits.length - 1],
  };
  instruments.push({ name: "Standard Kit", regions: drumRegions(drumSamples) });

  const presets: PresetModel[] = instruments.map((instrument, i) => ({
    name: instrument.name,
    patchNumber: i < 128 ? i : 0,
    bankNumber: i < 128 ? 0 : drumBank,
    regions: [{ generators: PresetRegion.createDefaultGenerators(), instrument }],
  }));

  return writeSoundFont({
    info: {
      bankName: "meltysynth-native built-in GM",
      author: "meltysynth-native",
      copyright: "MIT; every sound is synthesized by the project's code",
      comments: "A small General MIDI SoundFont generated from waveforms, noise and plucked-string models.",
      tools: "meltysynth-native lib/builtin",
    },
    ...samples.finish(),
    instruments,
    presets,
  });
}

/** Three cycles of the waveform; the middle one loops, so interpolation never runs off an edge. */
function cycleSample(wave: MelodicWave, split: (typeof keySplits)[number]): GeneratedSample {
  const cycle = bandLimitedCycle(wave, split);
  const n = cycle.length;
  const data = new Float64Array(3 * n);
  data.set(cycle, 0);
  data.set(cycle, n);
  data.set(cycle, 2 * n);
  return { data, sampleRate: Math.round(n * keyFrequency(split.rootKey)), rootKey: split.rootKey, loop: [n, 2 * n] };
}

function drumRegions(samples: Record<DrumSound, SampleHeader>): InstrumentRegionModel[] {
  return Object.entries(drumKit).map(([keyText, drum]) => {
    const key = Number(keyText);
    const sample = samples[drum.sound];
    const gs = InstrumentRegion.createDefaultGenerators();
    gs[G.keyRange] = key | (key << 8);
    gs[G.sampleModes] = sample.endLoop > sample.startLoop ? LoopMode.continuous : LoopMode.noLoop;
    // The sample's pitch is heard at its root key; putting the root `tune` below this key tunes it.
    gs[G.overridingRootKey] = key - drum.tune;
    gs[G.decayVolumeEnvelope] = timecents(drum.decay);
    gs[G.sustainVolumeEnvelope] = 1000;
    // As long as the decay, so that a note-off does not cut the drum short.
    gs[G.releaseVolumeEnvelope] = timecents(drum.decay);
    gs[G.pan] = 10 * (drum.pan ?? 0);
    gs[G.initialAttenuation] = 10 * (drum.attenuationDb ?? 0);
    gs[G.exclusiveClass] = drum.exclusiveClass ?? 0;
    return { generators: gs, sample };
  });
}

/** SoundFont names hold 20 characters; General MIDI's longer names lose their longest words. */
function shortName(name: string): string {
  return name.replace("Acoustic ", "Ac. ").replace("Electric ", "El. ");
}

/**
 * Collects samples into one block of 16-bit wave data, each followed by the 46 zero samples the
 * SoundFont specification asks for (some synthesizers interpolate past a sample's end).
 */
class SampleBank {
  private readonly chunks: Int16Array[] = [];
  private readonly headers: SampleHeader[] = [];
  private length = 0;

  add(name: string, sample: GeneratedSample): SampleHeader {
    const start = this.length;
    const data = Int16Array.from(sample.data, (x) => Math.round(32767 * Math.max(-1, Math.min(1, x))));
    const [loopStart, loopEnd] = sample.loop ?? [0, 0];
    const header: SampleHeader = {
      name,
      start,
      end: start + data.length,
      startLoop: start + loopStart,
      endLoop: start + loopEnd,
      sampleRate: sample.sampleRate,
      originalPitch: sample.rootKey,
      pitchCorrection: 0,
      link: 0,
      type: SampleType.mono,
    };
    this.chunks.push(data, new Int16Array(46));
    this.length += data.length + 46;
    this.headers.push(header);
    return header;
  }

  finish(): { waveData: Int16Array; sampleHeaders: SampleHeader[] } {
    const waveData = new Int16Array(this.length);
    let offset = 0;
    for (const chunk of this.chunks) {
      waveData.set(chunk, offset);
      offset += chunk.length;
    }
    return { waveData, sampleHeaders: this.headers };
  }
}
