/**
 * Where a synthesizer's block buffers are allocated (the voice bank, the channel table, the
 * voice order, the output and the effects' state): on the JavaScript heap for the JavaScript and
 * native backends, or in a WebAssembly instance's memory for the wasm backend, whose code can
 * read and write nothing else. The synthesizer allocates every buffer through the memory its
 * backend gives, and so works on the same bytes as the renderer either way.
 */
export interface BlockMemory {
  float32(length: number): Float32Array;
  float64(length: number): Float64Array;
  int32(length: number): Int32Array;
  /** Bytes aligned for float64 values: the voice bank. */
  bytes(length: number): Uint8Array;
  /**
   * The SoundFont's samples where the renderer reads them: on the heap, the SoundFont's own
   * array; in a WebAssembly instance, a copy.
   */
  waveData(source: Int16Array): Int16Array;
}

/** The JavaScript heap: a new, zeroed array for every request. */
export const heapMemory: BlockMemory = {
  float32: (length) => new Float32Array(length),
  float64: (length) => new Float64Array(length),
  int32: (length) => new Int32Array(length),
  bytes: (length) => new Uint8Array(length),
  waveData: (source) => source,
};
