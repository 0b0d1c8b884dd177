import type { BlockMemory } from "./BlockMemory.js";

/**
 * A wasm renderer's buffers in its instance's memory, laid out once, in two passes: the block
 * context is allocated first on the heap to measure it (MemorySize), then again in the memory,
 * grown once to that size before any view of it is made (MemoryLayout): growing a memory detaches
 * every view of it, so it never grows after.
 */

// Every buffer starts on a 16-byte boundary: a SIMD128 vector's, and more than float64 needs.
const ALIGNMENT = 16;

function aligned(byteOffset: number): number {
  return Math.ceil(byteOffset / ALIGNMENT) * ALIGNMENT;
}

/** Heap arrays, and the bytes the same requests take in an instance's memory. */
export class MemorySize implements BlockMemory {
  /** Bytes so far, each buffer aligned. */
  total = 0;

  private count<T>(array: T & { byteLength: number }): T {
    this.total = aligned(this.total) + array.byteLength;
    return array;
  }

  float32(length: number): Float32Array {
    return this.count(new Float32Array(length));
  }
  float64(length: number): Float64Array {
    return this.count(new Float64Array(length));
  }
  int32(length: number): Int32Array {
    return this.count(new Int32Array(length));
  }
  bytes(length: number): Uint8Array {
    return this.count(new Uint8Array(length));
  }
  waveData(source: Int16Array): Int16Array {
    return this.count(source);
  }
}

/** Consecutive parts of an instance's memory, from `start` up to its present end. */
export class MemoryLayout implements BlockMemory {
  constructor(
    private readonly buffer: ArrayBuffer,
    private next: number,
  ) {}

  /** The byte offset of the next `byteLength` bytes, aligned. */
  take(byteLength: number): number {
    const at = aligned(this.next);
    if (at + byteLength > this.buffer.byteLength) {
      // MemorySize measured the same requests: only a change of one without the other gets here.
      throw new Error(`the wasm renderer's memory was sized too small: ${at + byteLength} bytes asked of ${this.buffer.byteLength}`);
    }
    this.next = at + byteLength;
    return at;
  }

  float32(length: number): Float32Array {
    return new Float32Array(this.buffer, this.take(4 * length), length);
  }
  float64(length: number): Float64Array {
    return new Float64Array(this.buffer, this.take(8 * length), length);
  }
  int32(length: number): Int32Array {
    return new Int32Array(this.buffer, this.take(4 * length), length);
  }
  bytes(length: number): Uint8Array {
    return new Uint8Array(this.buffer, this.take(length), length);
  }
  /** The samples that waveData made room for, which the renderer copies in. */
  waveDataSource: Int16Array | null = null;

  // Room for the samples, not yet the samples: the renderer copies them in (see
  // WasmBlockRenderer.copySamples), which for a large font is more than one quantum's work.
  waveData(source: Int16Array): Int16Array {
    this.waveDataSource = source;
    return new Int16Array(this.buffer, this.take(2 * source.length), source.length);
  }
}

/**
 * Pages of 64 KiB to add to a memory of `byteLength` bytes for a layout from `start` of what
 * MemorySize measured, then `more` bytes (aligned like the rest).
 */
export function pagesToGrow(byteLength: number, start: number, measured: MemorySize, more: number): number {
  // From an aligned start the parts lie as they did when measured from 0.
  const end = aligned(start) + measured.total;
  return Math.max(0, Math.ceil((aligned(end) + more - byteLength) / 65536));
}
