import type { RiffList, RiffReader } from "../RiffReader.js";
import { children, dlsError, infoName, needBytes } from "./DlsRiff.js";
import { readWaveSample, type WaveSample } from "./WaveSample.js";

/** A wave of the pool, decoded to 16-bit samples. */
export interface Wave {
  readonly name: string;
  readonly sampleRate: number;
  readonly samples: Int16Array;
  /** The wave's own wsmp, which a region without one uses. */
  readonly waveSample?: WaveSample;
}

const PCM = 1;
const A_LAW = 6;

/**
 * Reads a LIST wave: mono PCM of 8 bits (unsigned) or 16 bits (signed), or 8-bit A-law, which
 * DLS banks made for small devices use. Anything else is refused with the fmt chunk's offset.
 */
export function readWave(reader: RiffReader, list: RiffList, index: number): Wave {
  let format: { tag: number; sampleRate: number; bits: number } | undefined;
  let samples: Int16Array | undefined;
  let waveSample: WaveSample | undefined;
  let name = "";
  const { view } = reader;
  for (const { chunk, list: sub } of children(reader, list)) {
    if (chunk.id === "fmt ") {
      needBytes(chunk, 16);
      const p = chunk.dataOffset;
      const tag = view.getUint16(p, true);
      const channels = view.getUint16(p + 2, true);
      const sampleRate = view.getUint32(p + 4, true);
      const bits = view.getUint16(p + 14, true);
      if (tag !== PCM && tag !== A_LAW) throw dlsError(chunk, `has format tag ${tag}; only PCM (1) and A-law (6) can be read`);
      if (channels !== 1) throw dlsError(chunk, `has ${channels} channels; DLS waves are mono`);
      if (tag === PCM ? bits !== 8 && bits !== 16 : bits !== 8) throw dlsError(chunk, `has ${bits} bits per sample; PCM takes 8 or 16, A-law 8`);
      if (sampleRate === 0) throw dlsError(chunk, "has a sample rate of 0");
      format = { tag, sampleRate, bits };
    } else if (chunk.id === "data") {
      if (format === undefined) throw dlsError(chunk, "comes before the wave's fmt chunk, which says how to read it");
      if (format.bits === 16 && chunk.size % 2 !== 0) throw dlsError(chunk, `has length ${chunk.size}, not a whole number of 16-bit samples`);
      samples = decode(reader.bytes.subarray(chunk.dataOffset, chunk.dataOffset + chunk.size), format.tag, format.bits);
    } else if (chunk.id === "wsmp") {
      waveSample = readWaveSample(reader, chunk);
    } else if (sub?.type === "INFO") {
      name = infoName(reader, sub);
    }
  }
  if (format === undefined || samples === undefined) {
    throw dlsError(list.chunk, `(wave ${index} of the pool) has no ${format === undefined ? "fmt" : "data"} chunk`);
  }
  return { name: name || `Wave ${index}`, sampleRate: format.sampleRate, samples, waveSample };
}

function decode(bytes: Uint8Array, tag: number, bits: number): Int16Array {
  if (bits === 16) {
    const out = new Int16Array(bytes.length >> 1);
    for (let i = 0; i < out.length; i++) out[i] = bytes[2 * i] | (bytes[2 * i + 1] << 8);
    return out;
  }
  const out = new Int16Array(bytes.length);
  for (let i = 0; i < bytes.length; i++) out[i] = tag === A_LAW ? aLaw(bytes[i]) : (bytes[i] - 128) << 8;
  return out;
}

/** ITU-T G.711 A-law to 16-bit linear. */
function aLaw(byte: number): number {
  const a = byte ^ 0x55;
  const exponent = (a >> 4) & 7;
  const mantissa = a & 0x0f;
  const magnitude = exponent === 0 ? (mantissa << 4) + 8 : ((mantissa << 4) + 0x108) << (exponent - 1);
  return a & 0x80 ? magnitude : -magnitude;
}
