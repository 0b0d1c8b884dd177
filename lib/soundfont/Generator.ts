import { recordCount, type RiffChunk, type RiffReader } from "./RiffReader.js";

/**
 * The generators of a pgen or igen chunk, as two parallel arrays rather than one object per
 * generator. The terminal record is not included.
 */
export interface GeneratorList {
  readonly chunk: RiffChunk;
  readonly types: Uint16Array;
  /** Values as signed 16-bit numbers, as MeltySynth stores them. */
  readonly values: Int16Array;
}

/** The size of a pgen or igen record in bytes. */
export const generatorSize = 4;

export function readGenerators(reader: RiffReader, chunk: RiffChunk): GeneratorList {
  const count = recordCount(chunk, generatorSize);
  const types = new Uint16Array(count);
  const values = new Int16Array(count);
  for (let i = 0; i < count; i++) {
    const p = chunk.dataOffset + i * generatorSize;
    types[i] = reader.view.getUint16(p, true);
    values[i] = reader.view.getInt16(p + 2, true);
  }
  return { chunk, types, values };
}

/** The byte offset of generator `index` in the file. */
export function generatorOffset(list: GeneratorList, index: number): number {
  return list.chunk.dataOffset + index * generatorSize;
}
