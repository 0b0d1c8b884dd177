import { chunkError, type RiffChunk, type RiffReader } from "./RiffReader.js";
import { SoundFontError } from "./SoundFontError.js";

/** Which zones a preset or instrument owns, from its phdr or inst record. */
export interface ZoneSpan {
  readonly name: string;
  /** Index of its first zone. */
  readonly start: number;
  /** Index after its last zone. */
  readonly end: number;
}

/**
 * Reads the names and zone indices of the phdr or inst records. Each record's zones run up to
 * the next record's first zone (the terminal record's, for the last), so every preset and
 * instrument must own at least one zone, as MeltySynth requires, and no zone past the bag chunk.
 * @param zoneIndexAt - Where the record's zone index lies, from the record's start.
 */
export function zoneSpans(
  reader: RiffReader,
  chunk: RiffChunk,
  count: number,
  recordSize: number,
  zoneIndexAt: number,
  zoneCount: number,
  kind: "preset" | "instrument",
): ZoneSpan[] {
  if (count === 0) {
    throw chunkError(chunk, `holds no ${kind}, only the terminal record`);
  }
  const spans = new Array<ZoneSpan>(count);
  let start = reader.view.getUint16(chunk.dataOffset + zoneIndexAt, true);
  for (let i = 0; i < count; i++) {
    const p = chunk.dataOffset + i * recordSize;
    const end = reader.view.getUint16(p + recordSize + zoneIndexAt, true);
    const name = reader.string(p, 20);
    if (end <= start || end > zoneCount) {
      throw new SoundFontError(
        chunk.name,
        p,
        `Invalid SoundFont: the ${kind} '${name}' (${chunk.id} record at byte ${p}) ` +
          (end <= start
            ? `has no zone: its zones run from ${start} to ${end}`
            : `owns zones up to ${end}, but there are ${zoneCount}`),
      );
    }
    spans[i] = { name, start, end };
    start = end;
  }
  return spans;
}
