// The browser-safe registry (lib/kernels/nativeBackend.ts) and the Node loader
// (lib/io/loadNativeAddon.ts), each test on freshly imported modules.
import { afterEach, describe, expect, it, vi } from "vitest";
import type { BlockMemory } from "../../lib/kernels/BlockMemory.js";
import { loadTestAddon, randomContext, randomSettings } from "./fixtures.js";

type Backend = typeof import("../../lib/kernels/nativeBackend.js");
type Loader = typeof import("../../lib/io/loadNativeAddon.js");

async function fresh(): Promise<{ backend: Backend; loader: Loader }> {
  vi.resetModules();
  const backend = await import("../../lib/kernels/nativeBackend.js");
  const loader = await import("../../lib/io/loadNativeAddon.js");
  return { backend, loader };
}

const { addon } = loadTestAddon();

afterEach(() => {
  vi.unstubAllEnvs();
});

describe("native backend registry", () => {
  it("is unavailable until an addon is registered, and says why", async () => {
    const { backend } = await fresh();
    expect(backend.nativeBackendStatus()).toEqual({
      available: false,
      reason: expect.stringMatching(/has not been loaded/),
    });
    expect(() => backend.createNativeBlockRenderer(randomContext(1))).toThrow(backend.NativeBackendUnavailableError);
    expect(() => backend.createNativeBlockRenderer(randomContext(1))).toThrow(/not available: the native addon has not been loaded/);
  });

  it("reports a registered failure", async () => {
    const { backend } = await fresh();
    backend.registerNativeFailure("no prebuild for plan9-mips");
    expect(backend.nativeBackendStatus()).toEqual({ available: false, reason: "no prebuild for plan9-mips" });
    expect(() => backend.createNativeBlockRenderer(randomContext(1))).toThrow(/plan9-mips/);
  });

  it("refuses something that is not the addon", async () => {
    const { backend } = await fresh();
    expect(() => backend.registerNativeAddon({} as never)).toThrow(TypeError);
    expect(backend.nativeBackendStatus().available).toBe(false);
  });

  it("MELTYSYNTH_BACKEND=js keeps the loader from loading anything", async () => {
    vi.stubEnv("MELTYSYNTH_BACKEND", "js");
    const { backend, loader } = await fresh();
    expect(loader.loadNativeAddon()).toEqual({ available: false, reason: "disabled by MELTYSYNTH_BACKEND=js" });
    expect(backend.registeredNativeAddon()).toBeNull();
    expect(() => backend.createNativeBlockRenderer(randomContext(1))).toThrow(/disabled by MELTYSYNTH_BACKEND=js/);
  });

  // The sanitizer run points the tests at its own build; the loader looks for the package's.
  it.skipIf(addon === null || process.env.MELTYSYNTH_NATIVE_ADDON !== undefined)("the loader finds the built addon and registers it", async () => {
    vi.stubEnv("MELTYSYNTH_BACKEND", "");
    const { backend, loader } = await fresh();
    const status = loader.loadNativeAddon();
    expect(status).toEqual({ available: true, instructionSet: addon!.instructionSet() });
    expect(loader.loadNativeAddon()).toEqual(status);
    const renderer = backend.createNativeBlockRenderer(randomContext(2));
    expect(renderer.backend).toBe("native");
    expect(renderer.render(10, 64)).toBeLessThanOrEqual(10);

    const { createBlockRenderer } = await import("../../lib/kernels/createBlockRenderer.js");
    const allocate = (memory: BlockMemory) => randomContext(3, { memory });
    expect(createBlockRenderer(randomSettings(), "auto", allocate).backend).toBe("native");
    expect(createBlockRenderer(randomSettings(), "native", allocate).backend).toBe("native");
    expect(createBlockRenderer(randomSettings(), "js", allocate).backend).toBe("js");
  });
});
