import type { GeneratorList } from "./Generator.js";
import type { Instrument } from "./Instrument.js";
import type { Modulator } from "./Modulator.js";
import { createPresetRegions, type PresetRegion } from "./PresetRegion.js";
import { recordCount, type RiffChunk, type RiffReader } from "./RiffReader.js";
import type { Zone } from "./Zone.js";
import { zoneSpans } from "./ZoneSpan.js";

/** A preset in the SoundFont: what a MIDI program change selects, by bank and patch number. */
export class Preset {
  readonly name: string;
  readonly patchNumber: number;
  readonly bankNumber: number;
  /** Reserved by the specification; kept so that a written file keeps it. */
  readonly library: number;
  /** Reserved by the specification; kept so that a written file keeps it. */
  readonly genre: number;
  /** Reserved by the specification; kept so that a written file keeps it. */
  readonly morphology: number;
  readonly regions: readonly PresetRegion[];

  constructor(fields: {
    name: string;
    patchNumber: number;
    bankNumber: number;
    library: number;
    genre: number;
    morphology: number;
    regions: readonly PresetRegion[];
  }) {
    this.name = fields.name;
    this.patchNumber = fields.patchNumber;
    this.bankNumber = fields.bankNumber;
    this.library = fields.library;
    this.genre = fields.genre;
    this.morphology = fields.morphology;
    this.regions = fields.regions;
  }

  /** The name of the preset. */
  toString(): string {
    return this.name;
  }
}

/** The size of a phdr record in bytes. */
export const presetHeaderSize = 38;

/** Reads the phdr chunk and builds every preset from its zones, one step each. */
export function* readPresets(
  reader: RiffReader,
  chunk: RiffChunk,
  zones: readonly Zone[],
  generators: GeneratorList,
  instruments: readonly Instrument[],
  modulators: readonly Modulator[],
  warnings: string[],
): Generator<void, Preset[], void> {
  const count = recordCount(chunk, presetHeaderSize);
  const spans = zoneSpans(reader, chunk, count, presetHeaderSize, 24, zones.length, "preset");
  const { view } = reader;
  const presets: Preset[] = [];
  for (const [i, { name, start, end }] of spans.entries()) {
    const p = chunk.dataOffset + i * presetHeaderSize;
    presets.push(
      new Preset({
        name,
        patchNumber: view.getUint16(p + 20, true),
        bankNumber: view.getUint16(p + 22, true),
        library: view.getUint32(p + 26, true),
        genre: view.getUint32(p + 30, true),
        morphology: view.getUint32(p + 34, true),
        regions: createPresetRegions(name, zones.slice(start, end), generators, instruments, modulators, warnings),
      }),
    );
    yield;
  }
  return presets;
}
