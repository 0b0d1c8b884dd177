import { type RiffChunk, type RiffList, type RiffReader } from "../RiffReader.js";
import { SoundFontError } from "../SoundFontError.js";

/** An error about a chunk of a DLS bank, located at its header. */
export function dlsError(chunk: RiffChunk, problem: string): SoundFontError {
  return new SoundFontError(chunk.name, chunk.offset, `Invalid DLS bank: the ${chunk.id === "LIST" ? chunk.name : chunk.id} chunk at byte ${chunk.offset} ${problem}`);
}

/**
 * The LIST that `chunk` is, with its type read from its first four bytes; undefined when the
 * chunk is not a LIST. DLS nests lists (lins/ins/lrgn/rgn/lart, wvpl/wave) where SF2 has a
 * fixed sequence, so the reader walks them by type rather than by position.
 */
export function asList(reader: RiffReader, chunk: RiffChunk, limit: number): RiffList | undefined {
  if (chunk.id !== "LIST") return undefined;
  if (chunk.size < 4) throw dlsError(chunk, `has length ${chunk.size}, too short for its list type`);
  const type = reader.fourCC(chunk.dataOffset);
  const named: RiffChunk = { ...chunk, name: `LIST ${type}` };
  return { chunk: named, type, bodyOffset: chunk.dataOffset + 4, end: chunk.dataOffset + chunk.size, limit };
}

/** The sub-chunks of `list`, each LIST among them with its type. */
export function children(reader: RiffReader, list: RiffList): { chunk: RiffChunk; list?: RiffList }[] {
  // A LIST that runs past its holder is named by its type ("LIST wvpl"), which says more than "LIST".
  for (let at = list.bodyOffset; at + 12 <= list.end; ) {
    const size = reader.view.getUint32(at + 4, true);
    if (reader.fourCC(at) === "LIST" && size >= 4 && size > list.end - at - 8) {
      const type = reader.fourCC(at + 8);
      const where = list.end === reader.length ? "the file" : `the ${list.chunk.name} chunk`;
      throw new SoundFontError(`LIST ${type}`, at, `Invalid DLS bank: the LIST ${type} chunk at byte ${at} has length ${size}, but only ${list.end - at - 8} bytes remain in ${where}`);
    }
    if (size > list.end - at - 8) break;
    at = reader.next({ id: "", name: "", offset: at, dataOffset: at + 8, size }, list.end);
  }
  return reader.subChunks(list).map((chunk) => ({ chunk, list: asList(reader, chunk, list.end) }));
}

/** Throws unless `chunk` holds at least `size` bytes. */
export function needBytes(chunk: RiffChunk, size: number): void {
  if (chunk.size < size) throw dlsError(chunk, `has length ${chunk.size}, but needs at least ${size}`);
}

/** The name in a LIST INFO (its INAM), or "" when there is none. */
export function infoName(reader: RiffReader, info: RiffList | undefined): string {
  if (info === undefined) return "";
  const inam = reader.subChunks(info).find((c) => c.id === "INAM");
  return inam === undefined ? "" : reader.string(inam.dataOffset, inam.size);
}
