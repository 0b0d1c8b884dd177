import { INTERPOLATION_CODES, renderAndCopy, spanBlocks, type AllocateBlockContext, type BlockContext, type BlockRenderer, type RendererSettings, type SampleSpan } from "./BlockRenderer.js";
import { MAX_CHANNELS, CHANNEL_FIELDS, NOTE_START_LENGTH, voiceBankLayoutDifference, type VoiceBankLayout } from "./VoiceBank.js";
import { MemoryLayout, MemorySize, pagesToGrow } from "./WasmMemory.js";

/**
 * The exports of wasm/meltysynth.wasm (native/wasm_exports.cpp). Pointers are byte offsets into
 * `memory`; a call that fails returns -1 with its reason at error_message().
 */
interface WasmExports {
  readonly memory: WebAssembly.Memory;
  heap_start(): number;
  scratch_bytes(blockSize: number, capacity: number): number;
  voice_bank_layout(): number;
  instruction_set(): number;
  error_message(): number;
  bind_reverb(
    lines: number, linesLength: number, offsets: number, lengths: number, cursors: number, stores: number,
    parameters: number, allPassFeedback: number,
  ): number;
  bind_chorus(
    bufferLeft: number, bufferRight: number, bufferLength: number, delayTable: number, tableLength: number, cursors: number,
    phases: number, parameters: number,
  ): number;
  bind(
    waveData: number, waveLength: number, bank: number, capacity: number, channels: number, order: number,
    masterVolume: number, noteStart: number, left: number, right: number, blockSize: number, spanBlocks: number, sampleRate: number,
    inaudibleGain: number, interpolation: number, scratch: number,
  ): number;
  render(activeCount: number, frames: number): number;
  start_voice(v: number): number;
}

// Freeverb's delay lines and comb filters, as native/kernels.h counts them, and the effects'
// parameters, as native/effects.h does.
const REVERB_LINES = 24;
const COMB_FILTERS = 16;
const REVERB_PARAMETER_COUNT = 13;
const CHORUS_PARAMETER_COUNT = 11;

const EXPORTS = [
  "heap_start", "scratch_bytes", "voice_bank_layout", "instruction_set", "error_message", "bind_reverb", "bind_chorus",
  "bind", "render", "start_voice",
] as const;

/**
 * Thrown when the wasm renderer's code traps, which its checks leave to bugs: the instance is
 * let go, and every later render of that renderer throws the same error.
 */
export class WasmTrapError extends Error {
  override readonly name = "WasmTrapError";
}

/** A new instance of the module, its exports checked. */
export function instantiate(module: WebAssembly.Module): WasmExports {
  const exports = new WebAssembly.Instance(module, {}).exports;
  for (const name of EXPORTS) {
    if (typeof exports[name] !== "function") throw new TypeError(`not the meltysynth WebAssembly module: it lacks ${name}`);
  }
  if (!(exports.memory instanceof WebAssembly.Memory)) throw new TypeError("not the meltysynth WebAssembly module: it exports no memory");
  return exports as unknown as WasmExports;
}

/** The NUL-terminated ASCII text at `pointer` in the instance's memory (TextDecoder is missing in AudioWorklets). */
function textAt(exports: WasmExports, pointer: number): string {
  const bytes = new Uint8Array(exports.memory.buffer);
  let text = "";
  for (let i = pointer; i < bytes.length && bytes[i] !== 0; i++) text += String.fromCharCode(bytes[i]);
  return text;
}

/** The kernel set an instance runs and its voice bank's layout, as the module reports them. */
export function describeModule(exports: WasmExports): { instructionSet: string; layout: VoiceBankLayout } {
  const lists: Record<string, string> = {};
  for (const part of textAt(exports, exports.voice_bank_layout()).split(";")) {
    const colon = part.indexOf(":");
    lists[part.slice(0, colon)] = part.slice(colon + 1);
  }
  const names = (kind: string): string[] => (lists[kind] ?? "").split(",").filter((name) => name !== "");
  const constants: Record<string, number> = {};
  for (const pair of names("constants")) {
    const [name, value] = pair.split("=");
    constants[name] = Number(value);
  }
  const layout = { f64: names("f64"), f32: names("f32"), i32: names("i32"), channel: names("channel"), constants };
  return { instructionSet: textAt(exports, exports.instruction_set()), layout };
}

/** Throws unless the module lays out the voice bank as lib/kernels/VoiceBank.ts does. */
export function checkModuleLayout(layout: VoiceBankLayout): void {
  const difference = voiceBankLayoutDifference(layout);
  if (difference !== null) {
    throw new Error(
      `the WebAssembly module's voice bank differs from lib/kernels/VoiceBank.ts: ${difference} (rebuild it with native/scripts/build-wasm.sh)`,
    );
  }
}

/**
 * The block renderer in WebAssembly: native/block_renderer.cpp and native/voice_step.cpp
 * compiled for wasm32 with SIMD128 (wasm/meltysynth.wasm), with the same bits as the other two.
 * Each renderer has an instance of the module of its own, and every buffer of its context lies
 * in that instance's memory, where the synthesizer works on it through typed arrays: the voice
 * bank, the channel table, the order, the output, the effects' state, and a copy of the
 * SoundFont's samples (made at the first render, or before it in steps: copySamples). Each
 * block is one call into the instance.
 *
 * What it is given is checked as the Node binding checks it: the buffers when they are bound,
 * every active voice before it is read through (inside block_renderer.cpp), and `render`'s
 * arguments here; a check that fails throws a RangeError having written no output.
 */
export class WasmBlockRenderer implements BlockRenderer {
  readonly backend = "wasm" as const;
  /** The kernel set in use: "wasm-simd128". */
  readonly instructionSet: string;
  readonly context: BlockContext;
  private exports: WasmExports | null;
  private trap: WasmTrapError | null = null;
  private readonly capacity: number;
  // The SoundFont's samples, copied into the instance's memory from the start up to `copiedTo`;
  // SF3's are also copied one sample at a time as notes first need them, once decoded.
  private readonly source: Int16Array;
  private copiedTo = 0;
  private readonly decodedLater: boolean;
  private readonly copied = new WeakSet<SampleSpan>();

  constructor(module: WebAssembly.Module, settings: RendererSettings, allocate: AllocateBlockContext) {
    const exports = instantiate(module);
    const size = new MemorySize();
    const measured = allocate(size);
    const scratchBytes = exports.scratch_bytes(measured.blockSize, measured.bank.capacity);
    const start = exports.heap_start();
    exports.memory.grow(pagesToGrow(exports.memory.buffer.byteLength, start, size, scratchBytes));
    const layout = new MemoryLayout(exports.memory.buffer, start);
    const context = allocate(layout);
    const scratch = layout.take(scratchBytes);
    this.context = context;
    this.exports = exports;
    this.instructionSet = textAt(exports, exports.instruction_set());
    this.capacity = context.bank.capacity;
    this.source = layout.waveDataSource ?? new Int16Array(0);
    this.decodedLater = settings.decodedLater;
    bind(exports, context, scratch);
  }

  // The output lies in the instance's memory, which the module alone writes.
  renderTo(activeCount: number, frames: number, left: Float32Array, right: Float32Array, at: number): number {
    return renderAndCopy(this, activeCount, frames, left, right, at);
  }

  render(activeCount: number, frames: number): number {
    const exports = this.usable();
    if (typeof activeCount !== "number" || typeof frames !== "number") {
      throw new TypeError("render(activeCount, frames) takes two numbers");
    }
    // The module refuses a count of more than one block that is not whole blocks.
    if (!(Number.isInteger(frames) && frames >= 1 && frames <= this.context.left.length)) {
      throw new RangeError("frames must be an integer in [1, blockSize x spanBlocks]");
    }
    if (!(Number.isInteger(activeCount) && activeCount >= 0 && activeCount <= this.capacity)) {
      throw new RangeError("activeCount must be an integer in [0, the number of voices]");
    }
    if (this.copiedTo < this.source.length) this.copySamples(this.source.length);
    let remaining: number;
    try {
      remaining = exports.render(activeCount, frames);
    } catch (error) {
      throw this.trapped(error);
    }
    if (remaining < 0) throw new RangeError(textAt(exports, exports.error_message()));
    return remaining;
  }

  startVoice(v: number): void {
    const exports = this.usable();
    // The module would take any number as an unsigned integer.
    if (!(Number.isInteger(v) && v >= 0 && v < this.capacity)) throw new RangeError("v must be an integer in [0, the number of voices)");
    let status: number;
    try {
      status = exports.start_voice(v);
    } catch (error) {
      throw this.trapped(error);
    }
    if (status < 0) throw new RangeError(textAt(exports, exports.error_message()));
  }

  copySamples(count: number): boolean {
    const to = Math.min(this.source.length, this.copiedTo + count);
    this.context.waveData.set(this.source.subarray(this.copiedTo, to), this.copiedTo);
    this.copiedTo = to;
    return to === this.source.length;
  }

  prepareSample(sample: SampleSpan): void {
    const source = this.source;
    if (!this.decodedLater || this.copied.has(sample)) return;
    this.copied.add(sample);
    // Everything a voice of this sample reads: its span, with the 3 points before it that sinc
    // interpolation reaches and the one at its end, and its loop. (A voice whose generators move
    // it outside these reads what the copy held there, where JavaScript reads the font's samples
    // as they are now: they differ only where another synthesizer has since decoded a sample.)
    const from = Math.max(0, Math.min(sample.start, sample.startLoop) - 3);
    const to = Math.min(source.length, Math.max(sample.end + 1, sample.endLoop));
    if (from < to) this.context.waveData.set(source.subarray(from, to), from);
  }

  // The instance goes; its memory stays with the context's arrays until they are collected.
  dispose(): void {
    this.exports = null;
  }

  private usable(): WasmExports {
    if (this.trap !== null) throw this.trap;
    if (this.exports === null) throw new TypeError("this renderer has been disposed");
    return this.exports;
  }

  // A trap leaves the instance's state half-written: it is not used again.
  private trapped(error: unknown): unknown {
    if (!(error instanceof WebAssembly.RuntimeError)) return error;
    this.exports = null;
    this.trap = new WasmTrapError(`the wasm renderer trapped and was stopped: ${error.message}`, { cause: error });
    return this.trap;
  }
}

/** Binds the context's buffers to the instance's renderer; throws RangeError with the module's reason. */
function bind(exports: WasmExports, c: BlockContext, scratch: number): void {
  const check = (status: number): void => {
    if (status < 0) throw new RangeError(textAt(exports, exports.error_message()));
  };
  const at = (array: ArrayBufferView): number => {
    // Arrays of another memory cannot be bound: the module reads only its own.
    if (array.buffer !== exports.memory.buffer) throw new TypeError("the block context must lie in the instance's memory");
    return array.byteOffset;
  };
  const { reverb, chorus } = c;
  // The lengths the module cannot see, which it takes from the settings and constants.
  const lengths: [string, ArrayLike<number>, number][] = [
    ["left", c.left, c.blockSize * spanBlocks(c.blockSize)],
    ["right", c.right, c.blockSize * spanBlocks(c.blockSize)],
    ["order", c.order, c.bank.capacity],
    ["masterVolume", c.masterVolume, 1],
    ["noteStart", c.noteStart, NOTE_START_LENGTH],
    ["channels", c.bank.channelData, CHANNEL_FIELDS.length * MAX_CHANNELS],
  ];
  if (reverb !== null) {
    lengths.push(["reverb.offsets", reverb.offsets, REVERB_LINES], ["reverb.lengths", reverb.lengths, REVERB_LINES]);
    lengths.push(["reverb.cursors", reverb.cursors, REVERB_LINES], ["reverb.stores", reverb.stores, COMB_FILTERS]);
    lengths.push(["reverb.parameters", reverb.parameters, REVERB_PARAMETER_COUNT]);
  }
  if (chorus !== null) {
    lengths.push(["chorus.bufferRight", chorus.bufferRight, chorus.bufferLeft.length], ["chorus.cursors", chorus.cursors, 1]);
    lengths.push(["chorus.phases", chorus.phases, 3], ["chorus.parameters", chorus.parameters, CHORUS_PARAMETER_COUNT]);
  }
  for (const [name, array, length] of lengths) {
    if (array.length !== length) throw new RangeError(`${name} must have length ${length}, got ${array.length}`);
  }
  if (reverb !== null) {
    check(
      exports.bind_reverb(
        at(reverb.lines), reverb.lines.length, at(reverb.offsets), at(reverb.lengths), at(reverb.cursors), at(reverb.stores),
        at(reverb.parameters), reverb.allPassFeedback,
      ),
    );
  }
  if (chorus !== null) {
    check(
      exports.bind_chorus(
        at(chorus.bufferLeft), at(chorus.bufferRight), chorus.bufferLeft.length, at(chorus.delayTable), chorus.delayTable.length, at(chorus.cursors),
        at(chorus.phases), at(chorus.parameters),
      ),
    );
  }
  check(
    exports.bind(
      at(c.waveData), c.waveData.length, at(c.bank.bytes), c.bank.capacity, at(c.bank.channelData), at(c.order),
      at(c.masterVolume), at(c.noteStart), at(c.left), at(c.right), c.blockSize, spanBlocks(c.blockSize), c.sampleRate, c.inaudibleGain, INTERPOLATION_CODES[c.interpolation], scratch,
    ),
  );
}
