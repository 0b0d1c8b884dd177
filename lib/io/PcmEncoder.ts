import { Xorshift32 } from "../builtin/Xorshift32.js";
import type { WavFormat } from "./AudioFormat.js";

/**
 * Turns the synthesizer's float output into interleaved samples: little-endian bytes, the layout
 * of a WAV file's data chunk and of raw PCM pipes, or 32-bit integers for the FLAC encoder. Both
 * come from the same quantizer, so a FLAC file decodes to exactly the samples of the WAV file.
 *
 * Integer output truncates toward zero and clips, as MeltySynth's own 16-bit conversion does. With
 * dither on, it adds triangular (TPDF) noise of ±1 LSB and rounds instead: this decorrelates the
 * rounding error from the signal, so a quiet reverb tail fades into a faint hiss instead of
 * gritty distortion. The noise comes from a fixed-seed generator, so two renders of the same
 * song give the same bytes.
 */
export class PcmEncoder {
  /** Bytes one sample of one channel takes. */
  readonly bytesPerSample: 2 | 3 | 4;
  private readonly random = new Xorshift32();
  private readonly scale: number;

  constructor(
    readonly format: WavFormat,
    readonly dither = false,
  ) {
    this.bytesPerSample = format === "s16" ? 2 : format === "s24" ? 3 : 4;
    this.scale = format === "s16" ? 32768 : 8388608;
  }

  /** Writes `frames` frames of `channels` (interleaved) into `target` from byte `offset`. */
  encode(channels: readonly Float32Array[], frames: number, target: Uint8Array, offset: number): void {
    const view = new DataView(target.buffer, target.byteOffset + offset);
    const count = channels.length;
    let p = 0;
    if (this.format === "f32") {
      for (let t = 0; t < frames; t++) {
        for (let c = 0; c < count; c++, p += 4) view.setFloat32(p, channels[c][t], true);
      }
    } else if (this.format === "s16") {
      for (let t = 0; t < frames; t++) {
        for (let c = 0; c < count; c++, p += 2) view.setInt16(p, this.quantize(channels[c][t]), true);
      }
    } else {
      for (let t = 0; t < frames; t++) {
        for (let c = 0; c < count; c++, p += 3) {
          const s = this.quantize(channels[c][t]);
          view.setUint16(p, s & 0xffff, true);
          view.setInt8(p + 2, s >> 16);
        }
      }
    }
  }

  /** Writes `frames` frames of `channels` as interleaved integers (16- or 24-bit) into `target`. */
  integers(channels: readonly Float32Array[], frames: number, target: Int32Array): void {
    const count = channels.length;
    let p = 0;
    for (let t = 0; t < frames; t++) {
      for (let c = 0; c < count; c++) target[p++] = this.quantize(channels[c][t]);
    }
  }

  private quantize(x: number): number {
    const max = this.scale - 1;
    let s: number;
    if (this.dither) {
      const noise = this.random.next() - this.random.next();
      s = Math.floor(this.scale * x + noise + 0.5);
    } else {
      s = Math.trunc(this.scale * x);
    }
    return s > max ? max : s < -this.scale ? -this.scale : s;
  }
}
