import { readGenerators } from "./Generator.js";
import { readInstruments, type Instrument } from "./Instrument.js";
import { modulatorSize, readModulators, type Modulator } from "./Modulator.js";
import { readPresets, type Preset } from "./Preset.js";
import { chunkError, type RiffChunk, type RiffList, type RiffReader } from "./RiffReader.js";
import { readSampleRecords, type SampleHeader, type SampleRecord } from "./SampleHeader.js";
import { isInfoId } from "./SoundFontInfo.js";
import { readZones } from "./Zone.js";

/** What the pdta list holds: the samples, instruments and presets. */
export interface SoundFontParameters {
  readonly sampleHeaders: SampleHeader[];
  readonly instruments: Instrument[];
  readonly presets: Preset[];
  /** What could not be played and was left out (modulators the specification does not define). */
  readonly warnings: string[];
}

const requiredIds = ["phdr", "pbag", "pgen", "inst", "ibag", "igen", "shdr"] as const;


/** Turns the shdr records into headers on the wave data, and says how long the wave data is. */
export type SampleLayout = (
  records: SampleRecord[],
  shdr: RiffChunk,
) => { sampleHeaders: SampleHeader[]; waveDataLength: number };

/**
 * Reads the pdta list, in steps: one for each instrument and preset built, and one between the
 * tables, so that a thread with deadlines can read a large font a little at a time.
 */
export function* readParameters(reader: RiffReader, list: RiffList, layOut: SampleLayout): Generator<void, SoundFontParameters, void> {
  const found = new Map<string, RiffChunk>();
  for (const chunk of reader.subChunks(list)) {
    if ((requiredIds as readonly string[]).includes(chunk.id)) {
      found.set(chunk.id, chunk);
    } else if (chunk.id === "pmod" || chunk.id === "imod") {
      if (chunk.size % modulatorSize !== 0) {
        throw chunkError(chunk, `has length ${chunk.size}, not a multiple of ${modulatorSize}`);
      }
      found.set(chunk.id, chunk);
    } else if (!isInfoId(chunk.id)) {
      throw chunkError(chunk, `is not allowed in the pdta list`);
    }
  }
  const get = (id: (typeof requiredIds)[number]): RiffChunk => {
    const chunk = found.get(id);
    if (chunk === undefined) throw chunkError(list.chunk, `has no ${id} sub-chunk`);
    return chunk;
  };
  const chunks = Object.fromEntries(requiredIds.map((id) => [id, get(id)])) as Record<
    (typeof requiredIds)[number],
    RiffChunk
  >;

  const { sampleHeaders, waveDataLength } = layOut(readSampleRecords(reader, chunks.shdr), chunks.shdr);
  yield;

  // Modulator chunks are optional: MeltySynth reads files without them.
  const modulators = (id: "pmod" | "imod"): Modulator[] => {
    const chunk = found.get(id);
    return chunk === undefined ? [] : readModulators(reader, chunk);
  };
  const warnings: string[] = [];

  const instrumentGenerators = readGenerators(reader, chunks.igen);
  yield;
  const instrumentModulators = modulators("imod");
  const instrumentZones = readZones(reader, chunks.ibag, instrumentGenerators, instrumentModulators.length, warnings);
  yield;
  const instruments = yield* readInstruments(
    reader,
    chunks.inst,
    instrumentZones,
    instrumentGenerators,
    sampleHeaders,
    waveDataLength,
    instrumentModulators,
    warnings,
  );

  const presetGenerators = readGenerators(reader, chunks.pgen);
  yield;
  const presetModulators = modulators("pmod");
  const presetZones = readZones(reader, chunks.pbag, presetGenerators, presetModulators.length, warnings);
  yield;
  const presets = yield* readPresets(reader, chunks.phdr, presetZones, presetGenerators, instruments, presetModulators, warnings);

  return { sampleHeaders, instruments, presets, warnings };
}
