import type { RiffChunk, RiffReader } from "../RiffReader.js";
import { dlsError, needBytes } from "./DlsRiff.js";

/** A wsmp chunk: how a wave plays, given by the wave itself or overridden by a region. */
export interface WaveSample {
  /** The MIDI key at which the wave plays at its recorded pitch. */
  readonly unityNote: number;
  /** Cents added to the pitch. */
  readonly fineTune: number;
  /** Gain in centibels (the file's lAttenuation over 65536; DLS calls it gain, negative attenuates). */
  readonly gain: number;
  /** The first loop, positions in sample frames from the wave's start; none for a one-shot wave. */
  readonly loop?: { readonly start: number; readonly length: number; readonly releases: boolean };
}

const WSMP_SIZE = 20;
const LOOP_SIZE = 16;
/** The loop type that stops looping at note-off (WLOOP_TYPE_RELEASE, DLS 2). */
const LOOP_RELEASE = 1;

/** Reads a wsmp chunk; only its first loop is kept, as DLS 1 and FluidSynth do. */
export function readWaveSample(reader: RiffReader, chunk: RiffChunk): WaveSample {
  needBytes(chunk, WSMP_SIZE);
  const { view } = reader;
  const p = chunk.dataOffset;
  const headerSize = view.getUint32(p, true);
  if (headerSize < WSMP_SIZE || headerSize > chunk.size) {
    throw dlsError(chunk, `has a header size of ${headerSize}, not between ${WSMP_SIZE} and its length ${chunk.size}`);
  }
  const loops = view.getUint32(p + 16, true);
  const sample = {
    unityNote: view.getUint16(p + 4, true),
    fineTune: view.getInt16(p + 6, true),
    gain: view.getInt32(p + 8, true) / 65536,
  };
  if (loops === 0) return sample;
  const at = p + headerSize;
  if (chunk.size - headerSize < LOOP_SIZE) {
    throw dlsError(chunk, `declares ${loops} loops, but has ${chunk.size - headerSize} bytes after its header, too few for one loop of ${LOOP_SIZE}`);
  }
  return {
    ...sample,
    loop: {
      start: view.getUint32(at + 8, true),
      length: view.getUint32(at + 12, true),
      releases: view.getUint32(at + 4, true) === LOOP_RELEASE,
    },
  };
}
