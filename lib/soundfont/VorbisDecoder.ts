/**
 * Decodes Vorbis packets with libvorbis compiled to WebAssembly, as the npm package
 * @wasm-audio-decoders/ogg-vorbis ships it. That package's own API is asynchronous and restarts
 * its WebAssembly instance after every file; a sample must decode synchronously at the note-on
 * that needs it, so this file binds the package's compiled module itself: the same C functions
 * (create_decoder, send_setup, init_dsp, decode_packets, destroy_decoder) its wrapper calls.
 *
 * The export and import names below are those of the pinned version (package.json pins it
 * exactly), as its generated glue (src/EmscriptenWasm.js) assigns them; {@link VorbisDecoder}
 * checks them, so another build fails loudly, not silently.
 */
import type { OggVorbisDecoder } from "@wasm-audio-decoders/ogg-vorbis";

/** The fields of the package's decoder that lead to its WebAssembly module. */
interface PackageInternals {
  _decoder: {
    _EmscriptenWASM: { wasm: string };
    _WASMAudioDecoderCommon: { getModule(emscripten: unknown): Promise<WebAssembly.Module> };
  };
  ready: Promise<void>;
  free(): void;
}

/**
 * The package's generated Emscripten glue and its module loader, reached through a decoder it
 * constructs (they are not exported). The decoder also starts its own instantiation, which is
 * freed once ready.
 */
export function packageInternals(Decoder: typeof OggVorbisDecoder): {
  wasmString: string;
  loadModule: () => Promise<WebAssembly.Module>;
} {
  const probe = new Decoder() as unknown as PackageInternals;
  void probe.ready.then(
    () => probe.free(),
    () => undefined,
  );
  const emscripten = probe._decoder._EmscriptenWASM;
  const common = probe._decoder._WASMAudioDecoderCommon;
  return { wasmString: emscripten.wasm, loadModule: () => common.getModule(emscripten) };
}

let compiledModule: WebAssembly.Module | undefined;
let syncModuleSource: (() => WebAssembly.Module) | undefined;
let pendingModule: Promise<WebAssembly.Module> | undefined;

/**
 * Lets `new SoundFont(bytes)` read SF3 synchronously: the Node entry gives a function that
 * compiles the module at once (it inflates the package's embedded WebAssembly with zlib).
 */
export function setSyncVorbisModuleSource(source: () => WebAssembly.Module): void {
  syncModuleSource = source;
}

/** Whether {@link vorbisModuleSync} gives a module: one is compiled, or can be at once. */
export function vorbisModuleAvailable(): boolean {
  return compiledModule !== undefined || syncModuleSource !== undefined;
}

/** The compiled module, compiling it now if a synchronous source is set; else undefined. */
export function vorbisModuleSync(): WebAssembly.Module | undefined {
  if (compiledModule === undefined && syncModuleSource !== undefined) {
    compiledModule = syncModuleSource();
  }
  return compiledModule;
}

/** The compiled module, loading the package (a dynamic import) where needed. */
export function loadVorbisModule(): Promise<WebAssembly.Module> {
  const ready = vorbisModuleSync();
  if (ready !== undefined) return Promise.resolve(ready);
  pendingModule ??= import("@wasm-audio-decoders/ogg-vorbis")
    .then(({ OggVorbisDecoder }) => packageInternals(OggVorbisDecoder).loadModule())
    .then(
      (module) => (compiledModule = module),
      (error: unknown) => {
        pendingModule = undefined; // a later call may succeed (a page that adds an import map)
        throw new Error(
          `SF3 needs the Vorbis decoder @wasm-audio-decoders/ogg-vorbis, which could not be loaded: ${error instanceof Error ? error.message : String(error)}`,
          { cause: error },
        );
      },
    );
  return pendingModule;
}

/** The C functions of the package's build, by their exported (minified) names. */
interface VorbisExports {
  memory: WebAssembly.Memory;
  malloc(size: number): number;
  free(pointer: number): void;
  createDecoder(...pointers: number[]): number;
  destroyDecoder(decoder: number): void;
  sendSetup(decoder: number, firstPage: number): void;
  initDsp(decoder: number): void;
  decodePacket(decoder: number): void;
}

// An instance decodes up to `streamsPerInstance` streams, then a fresh one takes over: each
// stream leaks its codebooks (the build's destroy_decoder leaves vorbis_info, about 100 KiB) and
// the heap cannot grow, so out of memory libvorbis could write through a null pointer without
// trapping; an instance is also dropped when `headroom` bytes cannot be had in one piece. A
// stream that fails in a used instance is decoded again in a fresh one (as the package's own
// wrapper decodes every file), so that only what fails there is called the stream's fault.
// Fresh instances for every stream would cost a millisecond each and, as each holds 16 MiB
// until the garbage collector frees it, twice that again in collections.
const streamsPerInstance = 16;
const headroom = 4 << 20;
const maximumErrors = 16;

/** A decoding failure, with a message that says what went wrong. */
export class VorbisDecodeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "VorbisDecodeError";
  }
}

/** Decodes one mono Vorbis stream at a time, synchronously. */
export class VorbisDecoder {
  private module: WebAssembly.Module | undefined;
  private used: VorbisExports | undefined;
  private streams = 0;

  /**
   * `moduleOf` is called at the first decode: opening a font compiles nothing.
   * `perInstance` bounds the streams one instance decodes (1: a fresh instance for each).
   */
  constructor(
    private readonly moduleOf: () => WebAssembly.Module,
    private readonly perInstance = streamsPerInstance,
  ) {}

  private checkedModule(): WebAssembly.Module {
    if (this.module === undefined) {
      const module = this.moduleOf();
      const imports = WebAssembly.Module.imports(module).map((i) => `${i.module}.${i.name}`);
      const expected = "abcdefghijk".split("").map((name) => `a.${name}`);
      if (imports.join() !== expected.join()) {
        throw new Error(`the Vorbis decoder's WebAssembly imports ${imports.join(", ")}, not the pinned build's`);
      }
      this.module = module;
    }
    return this.module;
  }

  /**
   * Decodes the packets of one stream (identification, comment and setup headers, then audio),
   * handing each packet's frames to `take` with the index of its first frame.
   * @returns The frames the stream decoded to.
   * @throws {@link VorbisDecodeError} when libvorbis reports an error or fails.
   */
  decode(packets: readonly Uint8Array[], take: (pcm: Float32Array, first: number) => void): number {
    if (packets.length < 3) throw new VorbisDecodeError(`the stream has ${packets.length} packets, fewer than its 3 headers`);
    try {
      const reused = this.used !== undefined && this.streams < this.perInstance && hasHeadroom(this.used) ? this.used : undefined;
      this.used = undefined;
      if (reused !== undefined) {
        try {
          return this.keep(reused, decodeIn(reused, packets, take), this.streams + 1);
        } catch {
          // Tried again below, in a fresh instance.
        }
      }
      const fresh = instantiate(this.checkedModule());
      return this.keep(fresh, decodeIn(fresh, packets, take), 1);
    } catch (error) {
      if (error instanceof VorbisDecodeError) throw error;
      throw new VorbisDecodeError(`the decoder failed (${error instanceof Error ? error.message : String(error)})`);
    }
  }

  /** Drops the instance kept for the next stream; a later decode makes a fresh one. */
  release(): void {
    this.used = undefined;
    this.streams = 0;
  }

  private keep(wasm: VorbisExports, frames: number, streams: number): number {
    this.used = wasm;
    this.streams = streams;
    return frames;
  }
}

function hasHeadroom(wasm: VorbisExports): boolean {
  const probe = wasm.malloc(headroom);
  if (probe === 0) return false;
  wasm.free(probe);
  return true;
}

function decodeIn(wasm: VorbisExports, packets: readonly Uint8Array[], take: (pcm: Float32Array, first: number) => void): number {
  let inputSize = 0;
  for (const packet of packets) inputSize = Math.max(inputSize, packet.length);
  const input = wasm.malloc(inputSize + 1);
  const words = wasm.malloc(4 * (6 + maximumErrors));
  if (input === 0 || words === 0) throw new VorbisDecodeError("the decoder ran out of memory");
  const [inputLength, outputPointer, channels, sampleRate, decoded, errorCount] = [0, 1, 2, 3, 4, 5].map((i) => words + 4 * i);
  const errors = words + 24;
  const decoder = wasm.createDecoder(input, inputLength, outputPointer, channels, sampleRate, decoded, errors, errorCount, maximumErrors);
  if (decoder === 0) throw new VorbisDecodeError("the decoder ran out of memory");
  const heap = (): ArrayBuffer => wasm.memory.buffer;
  const send = (packet: Uint8Array): void => {
    new Uint8Array(heap()).set(packet, input);
    new Uint32Array(heap(), inputLength, 1)[0] = packet.length;
  };
  const check = (what: string): void => {
    const count = new Int32Array(heap(), errorCount, 1)[0];
    if (count > 0) {
      const pointers = new Uint32Array(heap(), errors, 2);
      throw new VorbisDecodeError(`libvorbis refused ${what}: ${cString(heap(), pointers[1])} (${cString(heap(), pointers[0])})`);
    }
  };
  // The build reads the identification and setup headers; it wants no comment header.
  send(packets[0]);
  wasm.sendSetup(decoder, 1);
  check("the identification header");
  send(packets[2]);
  wasm.sendSetup(decoder, 0);
  check("the setup header");
  wasm.initDsp(decoder);
  check("the headers");
  let frames = 0;
  for (let p = 3; p < packets.length; p++) {
    send(packets[p]);
    wasm.decodePacket(decoder);
    check(`audio packet ${p}`);
    const count = new Int32Array(heap(), decoded, 1)[0];
    if (count > 0) {
      const channel = new Uint32Array(heap(), new Uint32Array(heap(), outputPointer, 1)[0], 1)[0];
      take(new Float32Array(heap(), channel, count), frames);
    }
    frames += count;
  }
  // Only after a whole stream: headers refused half-read leave state destroy_decoder would
  // misread, and the instance is dropped then instead.
  wasm.destroyDecoder(decoder);
  wasm.free(input);
  wasm.free(words);
  return frames;
}

function instantiate(module: WebAssembly.Module): VorbisExports {
  const fail = (what: string) => (): never => {
    throw new Error(what);
  };
  const imports = {
    a: {
      a: Math.cos,
      b: Math.atan,
      c: Math.sin,
      d: () => undefined, // the runtime's keep-alive: nothing to keep alive here
      e: fail("abort"),
      f: () => 0, // timers: libvorbis sets none
      g: Math.pow,
      h: Math.log,
      i: Math.exp,
      j: fail("exit"),
      k: () => 0, // the heap cannot grow: malloc returns null instead
    },
  };
  const x = new WebAssembly.Instance(module, imports).exports as Record<string, unknown>;
  const functions = ["m", "n", "o", "p", "q", "r", "s", "t"];
  if (!(x.l instanceof WebAssembly.Memory) || functions.some((name) => typeof x[name] !== "function")) {
    throw new Error(`the Vorbis decoder's WebAssembly exports ${Object.keys(x).join(", ")}, not the pinned build's`);
  }
  type Fn = (...args: number[]) => number;
  (x.m as Fn)(); // the runtime's constructors
  return {
    memory: x.l,
    createDecoder: x.n as Fn,
    malloc: x.o as Fn,
    sendSetup: x.p as Fn,
    initDsp: x.q as Fn,
    decodePacket: x.r as Fn,
    destroyDecoder: x.s as Fn,
    free: x.t as Fn,
  };
}

function cString(heap: ArrayBuffer, pointer: number): string {
  const bytes = new Uint8Array(heap);
  let end = pointer;
  while (end < bytes.length && end - pointer < 200 && bytes[end] !== 0) end++;
  return String.fromCharCode(...bytes.subarray(pointer, end));
}
