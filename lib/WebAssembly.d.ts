// The part of the WebAssembly JavaScript API that the project uses: the Vorbis decoder's binding
// (soundfont/) and the wasm block renderer (kernels/). The project compiles against ES2022 alone
// (no DOM), whose library does not declare it.
declare namespace WebAssembly {
  interface ModuleImportDescriptor {
    module: string;
    name: string;
    kind: string;
  }
  class Module {
    constructor(bytes: ArrayBufferView | ArrayBuffer);
    static imports(module: Module): ModuleImportDescriptor[];
  }
  class Memory {
    readonly buffer: ArrayBuffer;
    /** Grows by `delta` pages of 64 KiB; detaches the old buffer. */
    grow(delta: number): number;
  }
  class Instance {
    constructor(module: Module, imports?: Record<string, Record<string, unknown>>);
    readonly exports: Record<string, unknown>;
  }
  /** A trap: an out-of-bounds access, an unreachable instruction, a stack overflow. */
  class RuntimeError extends Error {}
  function compile(bytes: ArrayBufferView | ArrayBuffer): Promise<Module>;
}
