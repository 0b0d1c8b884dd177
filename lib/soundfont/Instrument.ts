import type { GeneratorList } from "./Generator.js";
import { createInstrumentRegions, type InstrumentRegion } from "./InstrumentRegion.js";
import { recordCount, type RiffChunk, type RiffReader } from "./RiffReader.js";
import type { Modulator } from "./Modulator.js";
import type { SampleHeader } from "./SampleHeader.js";
import { zoneSpans } from "./ZoneSpan.js";
import type { Zone } from "./Zone.js";

/** An instrument in the SoundFont: samples laid over keys and velocities, with their parameters. */
export class Instrument {
  readonly name: string;
  readonly regions: readonly InstrumentRegion[];

  constructor(name: string, regions: readonly InstrumentRegion[]) {
    this.name = name;
    this.regions = regions;
  }

  /** The name of the instrument. */
  toString(): string {
    return this.name;
  }
}

/** The size of an inst record in bytes. */
export const instrumentHeaderSize = 22;

/** Reads the inst chunk and builds every instrument from its zones, one step each. */
export function* readInstruments(
  reader: RiffReader,
  chunk: RiffChunk,
  zones: readonly Zone[],
  generators: GeneratorList,
  samples: readonly SampleHeader[],
  waveDataLength: number,
  modulators: readonly Modulator[],
  warnings: string[],
): Generator<void, Instrument[], void> {
  const count = recordCount(chunk, instrumentHeaderSize);
  const spans = zoneSpans(reader, chunk, count, instrumentHeaderSize, 20, zones.length, "instrument");
  const instruments: Instrument[] = [];
  for (const { name, start, end } of spans) {
    instruments.push(
      new Instrument(name, createInstrumentRegions(name, zones.slice(start, end), generators, samples, waveDataLength, modulators, warnings)),
    );
    yield;
  }
  return instruments;
}
