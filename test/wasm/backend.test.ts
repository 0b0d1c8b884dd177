// The browser-safe registry (lib/kernels/wasmBackend.ts), the Node loader
// (lib/io/loadWasmModule.ts) and the choice among backends (createBlockRenderer, backendStatus),
// each test on freshly imported modules.
import { afterEach, describe, expect, it, vi } from "vitest";
import type { BlockMemory } from "../../lib/kernels/BlockMemory.js";
import { randomContext, randomSettings } from "../native/fixtures.js";
import { wasmBytes } from "./fixtures.js";

type Registry = typeof import("../../lib/kernels/wasmBackend.js");
type Loader = typeof import("../../lib/io/loadWasmModule.js");
type Choice = typeof import("../../lib/kernels/createBlockRenderer.js");
type Native = typeof import("../../lib/kernels/nativeBackend.js");

async function fresh(): Promise<{ registry: Registry; loader: Loader; choice: Choice; native: Native }> {
  vi.resetModules();
  const registry = await import("../../lib/kernels/wasmBackend.js");
  const loader = await import("../../lib/io/loadWasmModule.js");
  const choice = await import("../../lib/kernels/createBlockRenderer.js");
  const native = await import("../../lib/kernels/nativeBackend.js");
  return { registry, loader, choice, native };
}

const allocate = (memory: BlockMemory) => randomContext(3, { memory });

afterEach(() => {
  vi.unstubAllEnvs();
});

describe("wasm backend registry", () => {
  it("is unavailable until a module is compiled, and says why", async () => {
    const { registry, choice } = await fresh();
    expect(registry.wasmBackendStatus()).toEqual({ available: false, reason: expect.stringMatching(/has not been compiled/) });
    expect(() => registry.createWasmBlockRenderer(randomSettings(), allocate)).toThrow(registry.WasmBackendUnavailableError);
    expect(() => choice.createBlockRenderer(randomSettings(), "wasm", allocate)).toThrow(/The wasm backend is not available/);
  });

  it("reports a registered failure", async () => {
    const { registry } = await fresh();
    registry.registerWasmFailure("no WebAssembly SIMD here");
    expect(registry.wasmBackendStatus()).toEqual({ available: false, reason: "no WebAssembly SIMD here" });
  });

  it("compiles given bytes asynchronously, and says why it cannot, never rejecting", async () => {
    const { registry } = await fresh();
    // Node's fetch cannot read a file: URL, so the module cannot come from where it lies.
    const fetched = await registry.loadWasmBackend();
    expect(fetched).toEqual({ available: false, reason: expect.stringMatching(/could not be compiled: fetch failed/) });
    const broken = await registry.loadWasmBackend(Uint8Array.of(0, 0x61, 0x73, 0x6d, 9, 0, 0, 0));
    expect(broken).toEqual({ available: false, reason: expect.stringMatching(/could not be compiled/) });
    const status = await registry.loadWasmBackend(wasmBytes);
    expect(status).toEqual({ available: true, instructionSet: "wasm-simd128" });
    expect(registry.createWasmBlockRenderer(randomSettings(), allocate).backend).toBe("wasm");
    // Once compiled, later calls keep it.
    expect(await registry.loadWasmBackend(Uint8Array.of(1))).toEqual(status);
  });

  it("MELTYSYNTH_BACKEND=js keeps the loader from compiling anything", async () => {
    vi.stubEnv("MELTYSYNTH_BACKEND", "js");
    const { registry, loader } = await fresh();
    expect(loader.loadWasmModule()).toEqual({ available: false, reason: "disabled by MELTYSYNTH_BACKEND=js" });
    expect(() => registry.createWasmBlockRenderer(randomSettings(), allocate)).toThrow(/disabled by MELTYSYNTH_BACKEND=js/);
  });

  it("the loader compiles the module that ships and registers it, once", async () => {
    vi.stubEnv("MELTYSYNTH_BACKEND", "");
    const { registry, loader } = await fresh();
    const status = loader.loadWasmModule();
    expect(status).toEqual({ available: true, instructionSet: "wasm-simd128" });
    expect(loader.loadWasmModule()).toEqual(status);
    const renderer = registry.createWasmBlockRenderer(randomSettings(), allocate);
    expect(renderer.render(10, 64)).toBeLessThanOrEqual(10);
  });
});

describe("choosing the backend", () => {
  it("'auto' takes native code, else WebAssembly, else JavaScript, and says why it passed one over", async () => {
    vi.stubEnv("MELTYSYNTH_BACKEND", "");
    const { registry, choice, native } = await fresh();
    native.registerNativeFailure("no prebuild for plan9-mips");
    expect(choice.backendStatus()).toEqual({
      auto: "js",
      passedOver: { native: "no prebuild for plan9-mips", wasm: expect.stringMatching(/has not been compiled/) },
      native: { available: false, reason: "no prebuild for plan9-mips" },
      wasm: { available: false, reason: expect.stringMatching(/has not been compiled/) },
    });
    expect(choice.createBlockRenderer(randomSettings(), "auto", allocate).backend).toBe("js");
    await registry.loadWasmBackend(wasmBytes);
    expect(choice.backendStatus()).toMatchObject({ auto: "wasm", passedOver: { native: "no prebuild for plan9-mips" } });
    expect(choice.createBlockRenderer(randomSettings(), "auto", allocate).backend).toBe("wasm");
    expect(choice.createBlockRenderer(randomSettings(), "js", allocate).backend).toBe("js");
    expect(() => choice.createBlockRenderer(randomSettings(), "native", allocate)).toThrow(/plan9-mips/);
  });

  it("MELTYSYNTH_BACKEND chooses for 'auto', and is named where it passes a faster one over", async () => {
    vi.stubEnv("MELTYSYNTH_BACKEND", "wasm");
    const { registry, choice } = await fresh();
    await registry.loadWasmBackend(wasmBytes);
    expect(choice.backendStatus()).toMatchObject({ auto: "wasm", passedOver: { native: expect.stringMatching(/has not been loaded/) } });
    expect(choice.createBlockRenderer(randomSettings(), "auto", allocate).backend).toBe("wasm");
    vi.stubEnv("MELTYSYNTH_BACKEND", "JS ");
    expect(choice.backendStatus()).toMatchObject({ auto: "js", passedOver: { wasm: "MELTYSYNTH_BACKEND=js" } });
    expect(choice.createBlockRenderer(randomSettings(), "auto", allocate).backend).toBe("js");
    // An explicit setting wins over the variable.
    expect(choice.createBlockRenderer(randomSettings(), "wasm", allocate).backend).toBe("wasm");
    vi.stubEnv("MELTYSYNTH_BACKEND", "gpu");
    expect(() => choice.backendStatus()).toThrow(/MELTYSYNTH_BACKEND must be js, native, wasm or auto, got "gpu"/);
  });
});
