import { chunkError, type RiffChunk, type RiffList, type RiffReader } from "./RiffReader.js";
import { isInfoId } from "./SoundFontInfo.js";

/** Whether this platform stores an Int16Array's elements little-endian, as SoundFont files do. */
export const platformIsLittleEndian = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/**
 * Finds the sdta list's smpl chunk: 16-bit samples (SF2) or Ogg Vorbis streams (SF3). The lower
 * 8 bits of 24-bit samples (sm24) are ignored, as MeltySynth does.
 */
export function findSampleChunk(reader: RiffReader, list: RiffList): RiffChunk {
  let smpl: RiffChunk | undefined;
  for (const chunk of reader.subChunks(list)) {
    if (chunk.id === "smpl") {
      smpl = chunk;
    } else if (chunk.id !== "sm24" && !isInfoId(chunk.id)) {
      throw chunkError(chunk, `is not allowed in the sdta list`);
    }
  }
  if (smpl === undefined) {
    throw chunkError(list.chunk, `has no smpl sub-chunk`);
  }
  return smpl;
}

/**
 * A view on the file's bytes when the samples are 2-byte aligned in the underlying buffer
 * (Int16Array requires it) and the platform is little-endian; a copy otherwise.
 */
export function waveDataOf(reader: RiffReader, smpl: RiffChunk): Int16Array {
  // An odd-sized smpl chunk has a stray last byte, which is not a sample.
  const count = Math.floor(smpl.size / 2);
  const { bytes, view } = reader;
  const byteOffset = bytes.byteOffset + smpl.dataOffset;
  if (platformIsLittleEndian && byteOffset % 2 === 0) {
    return new Int16Array(bytes.buffer, byteOffset, count);
  }
  const samples = new Int16Array(count);
  for (let i = 0; i < count; i++) {
    samples[i] = view.getInt16(smpl.dataOffset + 2 * i, true);
  }
  return samples;
}
