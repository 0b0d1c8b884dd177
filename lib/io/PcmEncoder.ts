import { Xorshift32 } from "../builtin/Xorshift32.js";
import { clipInt16, toInt16 } from "../synth/AudioRenderer.js";
import type { SampleFormat } from "./SampleFormat.js";

/**
 * Turns the synthesizer's float output into interleaved little-endian stereo bytes, the layout
 * of a WAV file's data chunk and of raw PCM pipes.
 *
 * 16-bit output truncates toward zero and clips, as MeltySynth's own conversion does. With
 * dither on, it adds triangular (TPDF) noise of ±1 LSB and rounds instead: this decorrelates the
 * rounding error from the signal, so a quiet reverb tail fades into a faint hiss instead of
 * gritty distortion. The noise comes from a fixed-seed generator, so two renders of the same
 * song give the same bytes.
 */
export class PcmEncoder {
  private readonly random = new Xorshift32();

  constructor(
    readonly format: SampleFormat,
    readonly dither = false,
  ) {}

  /** Writes `left.length` frames into `target` from byte `offset`. */
  encode(left: Float32Array, right: Float32Array, target: Uint8Array, offset: number): void {
    const view = new DataView(target.buffer, target.byteOffset + offset);
    const frames = left.length;
    if (this.format === "f32") {
      for (let t = 0; t < frames; t++) {
        view.setFloat32(8 * t, left[t], true);
        view.setFloat32(8 * t + 4, right[t], true);
      }
    } else if (this.dither) {
      for (let t = 0; t < frames; t++) {
        view.setInt16(4 * t, this.ditheredInt16(left[t]), true);
        view.setInt16(4 * t + 2, this.ditheredInt16(right[t]), true);
      }
    } else {
      for (let t = 0; t < frames; t++) {
        view.setInt16(4 * t, toInt16(left[t]), true);
        view.setInt16(4 * t + 2, toInt16(right[t]), true);
      }
    }
  }

  private ditheredInt16(x: number): number {
    const noise = this.random.next() - this.random.next();
    return clipInt16(Math.floor(32768 * x + noise + 0.5));
  }
}
