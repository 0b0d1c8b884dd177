/**
 * Anything that renders stereo audio block by block: the synthesizer and the MIDI file sequencer.
 * Subclasses implement `render`; the output helpers here convert its float output to the
 * layouts and sample formats that audio APIs and file writers want.
 */
export abstract class AudioRenderer {
  private scratchLeft = new Float32Array(0);
  private scratchRight = new Float32Array(0);

  /**
   * Renders the next `left.length` frames into the two buffers.
   * @throws RangeError when the buffers differ in length.
   */
  abstract render(left: Float32Array, right: Float32Array): void;

  /** Renders `destination.length / 2` frames as interleaved stereo (L, R, L, R, ...). */
  renderInterleaved(destination: Float32Array): void {
    const frames = checkInterleaved(destination.length, "destination");
    const [left, right] = this.scratch(frames);
    this.render(left, right);
    for (let t = 0; t < frames; t++) {
      destination[2 * t] = left[t];
      destination[2 * t + 1] = right[t];
    }
  }

  /** Renders `destination.length` frames and writes the average of left and right. */
  renderMono(destination: Float32Array): void {
    const [left, right] = this.scratch(destination.length);
    this.render(left, right);
    for (let t = 0; t < destination.length; t++) {
      destination[t] = 0.5 * (left[t] + right[t]);
    }
  }

  /** Renders into two 16-bit buffers; samples outside [-1, 1) are clipped. */
  renderInt16(left: Int16Array, right: Int16Array): void {
    if (left.length !== right.length) {
      throw new RangeError(
        `left and right must have the same length (got ${left.length} and ${right.length})`,
      );
    }
    const [l, r] = this.scratch(left.length);
    this.render(l, r);
    for (let t = 0; t < left.length; t++) {
      left[t] = toInt16(l[t]);
      right[t] = toInt16(r[t]);
    }
  }

  /** Renders `destination.length / 2` frames as interleaved 16-bit stereo; samples are clipped. */
  renderInterleavedInt16(destination: Int16Array): void {
    const frames = checkInterleaved(destination.length, "destination");
    const [left, right] = this.scratch(frames);
    this.render(left, right);
    for (let t = 0; t < frames; t++) {
      destination[2 * t] = toInt16(left[t]);
      destination[2 * t + 1] = toInt16(right[t]);
    }
  }

  // Reused between calls so that a steady stream of same-sized renders allocates nothing.
  private scratch(frames: number): [Float32Array, Float32Array] {
    if (this.scratchLeft.length < frames) {
      this.scratchLeft = new Float32Array(frames);
      this.scratchRight = new Float32Array(frames);
    }
    return [this.scratchLeft.subarray(0, frames), this.scratchRight.subarray(0, frames)];
  }
}

function checkInterleaved(length: number, name: string): number {
  if (length % 2 !== 0) {
    throw new RangeError(`${name} must hold whole stereo frames (an even length), got ${length}`);
  }
  return length / 2;
}

/** A float sample to 16 bits: truncated toward zero, as MeltySynth's conversion does, and clipped. */
export function toInt16(x: number): number {
  return clipInt16(Math.trunc(32768 * x));
}

/** Clips an integer to the 16-bit range. */
export function clipInt16(s: number): number {
  return s > 32767 ? 32767 : s < -32768 ? -32768 : s;
}
