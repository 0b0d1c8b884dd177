/** A minimal WAV reader for the tests: the fields a test checks, and the samples as floats. */
export interface Wav {
  formatTag: number;
  channels: number;
  sampleRate: number;
  byteRate: number;
  blockAlign: number;
  bitsPerSample: number;
  /** Frame count from the fact chunk, when there is one. */
  factFrames: number | undefined;
  riffSize: number;
  dataSize: number;
  /** Interleaved samples scaled to [-1, 1). */
  samples: Float32Array;
}

export function readWav(bytes: Uint8Array): Wav {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const id = (p: number) => String.fromCharCode(...bytes.subarray(p, p + 4));
  if (id(0) !== "RIFF" || id(8) !== "WAVE") throw new Error("not a WAV file");
  const wav: Partial<Wav> = { riffSize: view.getUint32(4, true), factFrames: undefined };
  let p = 12;
  while (p + 8 <= bytes.length) {
    const chunk = id(p);
    const size = view.getUint32(p + 4, true);
    const body = p + 8;
    if (chunk === "fmt ") {
      wav.formatTag = view.getUint16(body, true);
      wav.channels = view.getUint16(body + 2, true);
      wav.sampleRate = view.getUint32(body + 4, true);
      wav.byteRate = view.getUint32(body + 8, true);
      wav.blockAlign = view.getUint16(body + 12, true);
      wav.bitsPerSample = view.getUint16(body + 14, true);
    } else if (chunk === "fact") {
      wav.factFrames = view.getUint32(body, true);
    } else if (chunk === "data") {
      wav.dataSize = size;
      const width = wav.bitsPerSample! / 8;
      // A streamed header may give a size past the end ("to the end of the stream").
      const count = Math.floor(Math.min(size, bytes.length - body) / width);
      const samples = new Float32Array(count);
      for (let i = 0; i < count; i++) {
        const q = body + width * i;
        samples[i] =
          wav.formatTag === 3
            ? view.getFloat32(q, true)
            : width === 3
              ? ((view.getInt8(q + 2) << 16) | view.getUint16(q, true)) / 8388608
              : view.getInt16(q, true) / 32768;
      }
      wav.samples = samples;
    }
    p = body + size + (size & 1);
  }
  return wav as Wav;
}

/** Root mean square of the samples. */
export function rms(samples: Float32Array): number {
  let sum = 0;
  for (const x of samples) sum += x * x;
  return Math.sqrt(sum / samples.length);
}
