// The whole wasm block call (the voice step, then the block, in the WebAssembly module) against
// the TypeScript step and JsBlockRenderer, on random voice banks that go through every branch of
// the step: it must give JavaScript's bits, in the output and in every byte of the bank. Then
// its memory, the refusals of bad banks and buffers, the layout check, traps and disposal.
import { describe, expect, it } from "vitest";
import type { BlockContext } from "../../lib/kernels/BlockRenderer.js";
import { JsBlockRenderer } from "../../lib/kernels/JsBlockRenderer.js";
import { VOICE_BANK_LAYOUT } from "../../lib/kernels/VoiceBank.js";
import {
  WasmBlockRenderer,
  WasmTrapError,
  checkModuleLayout,
  describeModule,
  instantiate,
} from "../../lib/kernels/WasmBlockRenderer.js";
import { registerWasmModule } from "../../lib/kernels/wasmBackend.js";
import { builtinSoundFont } from "../../lib/builtin/builtinSoundFont.js";
import { Synthesizer } from "../../lib/synth/Synthesizer.js";
import { SynthesizerDisposedError } from "../../lib/synth/SynthesizerDisposedError.js";
import { compare, comparisonCases, spoilers } from "../native/compareBlocks.js";
import {
  bankDifference,
  copyState,
  firstDifference,
  keepSounding,
  randomContext,
  randomSettings,
} from "../native/fixtures.js";
import { wasmModule, wasmRenderer } from "./fixtures.js";

/**
 * Overwrites the module's own data (the renderer's pointers among it), which lies below the
 * first buffer of the context: the next call reads far outside its memory.
 */
function spoilModuleData(context: BlockContext): void {
  const first = Math.min(...[context.masterVolume, context.waveData, context.bank.bytes, context.order].map((a) => a.byteOffset));
  new Uint8Array(context.left.buffer, 0, first).fill(0xff);
}

describe("wasm block renderer", () => {
  it("runs SIMD128 and lays out the voice bank as lib/kernels/VoiceBank.ts does", () => {
    const { instructionSet, layout } = describeModule(instantiate(wasmModule));
    expect(instructionSet).toBe("wasm-simd128");
    expect(layout).toEqual(VOICE_BANK_LAYOUT);
    expect(wasmRenderer(1).instructionSet).toBe("wasm-simd128");
  });

  it("refuses a module whose voice bank layout differs, naming the field, and a module that is not its own", () => {
    const renamed = [...VOICE_BANK_LAYOUT.f32];
    const i = renamed.indexOf("cutoff");
    renamed[i] = "cutof";
    expect(() => checkModuleLayout({ ...VOICE_BANK_LAYOUT, f32: renamed })).toThrow(
      `the WebAssembly module's voice bank differs from lib/kernels/VoiceBank.ts: f32 field ${i} is cutof there and cutoff here`,
    );
    const constants = { ...VOICE_BANK_LAYOUT.constants, FLAG_FRESH: 512 };
    expect(() => checkModuleLayout({ ...VOICE_BANK_LAYOUT, constants })).toThrow("FLAG_FRESH is 512 there and 128 here");
    // The smallest module there is: a header and nothing else.
    const empty = new WebAssembly.Module(Uint8Array.of(0, 0x61, 0x73, 0x6d, 1, 0, 0, 0));
    expect(() => registerWasmModule(empty)).toThrow(/not the meltysynth WebAssembly module: it lacks heap_start/);
  });

  for (const [blockSize, effects, blocks, interpolation, changeEffects] of comparisonCases) {
    it(`steps and renders JavaScript's bits (blockSize ${blockSize}, effects ${effects ? (changeEffects ? "changing" : "on") : "off"}, ${interpolation})`, () => {
      const options = { blockSize, effects, capacity: blockSize === 1024 ? 24 : 64, interpolation };
      const js = randomContext(10 + blockSize, options);
      const renderer = wasmRenderer(10 + blockSize, options);
      const tally = compare(js, renderer.context, renderer, blockSize, blocks, { changeEffects }, "wasm");
      // The comparison saw sound, voices finishing and note-offs taking effect.
      expect(tally.heard).toBeGreaterThan(blocks / 2);
      expect(tally.finished).toBeGreaterThan(5);
      expect(tally.released).toBeGreaterThan(0);
    });
  }

  it("steps and renders JavaScript's bits at other sample rates", () => {
    for (const sampleRate of [22050, 48000, 96000]) {
      const options = { sampleRate, capacity: 32 };
      const js = randomContext(12, options);
      const renderer = wasmRenderer(12, options);
      const tally = compare(js, renderer.context, renderer, 3, 200, options, "wasm");
      expect(tally.finished).toBeGreaterThan(5);
    }
  });

  it("renders two synthesizers side by side, each in an instance of its own", () => {
    const jsA = randomContext(21);
    const jsB = randomContext(22, { blockSize: 32 });
    const a = wasmRenderer(21);
    const b = wasmRenderer(22, { blockSize: 32 });
    expect(a.context.left.buffer).not.toBe(b.context.left.buffer);
    const refA = new JsBlockRenderer(jsA);
    const refB = new JsBlockRenderer(jsB);
    // Each renderer reads its own master volume cell.
    a.context.masterVolume[0] = jsA.masterVolume[0] = 1;
    b.context.masterVolume[0] = jsB.masterVolume[0] = 0.25;
    let activeA = 40;
    let activeB = 64;
    for (let block = 0; block < 50; block++) {
      const nextA = a.render(activeA, jsA.blockSize);
      const nextB = b.render(activeB, jsB.blockSize);
      expect(refA.render(activeA, jsA.blockSize)).toBe(nextA);
      expect(refB.render(activeB, jsB.blockSize)).toBe(nextB);
      activeA = nextA;
      activeB = nextB;
      expect(firstDifference(a.context.left, jsA.left)).toBe(-1);
      expect(firstDifference(b.context.right, jsB.right)).toBe(-1);
      expect(bankDifference(jsA.bank, a.context.bank)).toBeNull();
      expect(bankDifference(jsB.bank, b.context.bank)).toBeNull();
    }
    expect(activeA).toBeGreaterThan(0);
  });

  it("keeps every buffer of its context in its instance's memory, which never grows once laid out", () => {
    const renderer = wasmRenderer(40);
    const { context } = renderer;
    const memory = context.left.buffer;
    const arrays: ArrayBufferView[] = [
      context.waveData, context.bank.bytes, context.bank.channelData, context.bank.position, context.bank.modStage,
      context.order, context.masterVolume, context.left, context.right,
      context.reverb!.lines, context.reverb!.offsets, context.reverb!.lengths, context.reverb!.cursors, context.reverb!.stores,
      context.reverb!.parameters,
      context.chorus!.bufferLeft, context.chorus!.bufferRight, context.chorus!.delayTable, context.chorus!.cursors,
      context.chorus!.phases, context.chorus!.parameters,
    ];
    for (const array of arrays) expect(array.buffer).toBe(memory);
    // No two overlap.
    const spans = arrays
      .filter((a) => a !== context.bank.position && a !== context.bank.modStage)
      .map((a) => [a.byteOffset, a.byteOffset + a.byteLength])
      .sort((x, y) => x[0] - y[0]);
    for (let i = 1; i < spans.length; i++) expect(spans[i][0]).toBeGreaterThanOrEqual(spans[i - 1][1]);
    const size = memory.byteLength;
    let active = 64;
    for (let block = 0; block < 100; block++) active = renderer.render(active, 64);
    expect(context.left.buffer.byteLength).toBe(size);
    // A WebAssembly memory's buffer cannot be detached: a transfer copies it instead.
    structuredClone(memory, { transfer: [memory] });
    expect(memory.byteLength).toBe(size);
    expect(renderer.render(active, 64)).toBeLessThanOrEqual(active);
  });

  it("copies an SF3 font's sample into its memory when a note first needs it, and only then", () => {
    const source = new Int16Array(1000);
    const settings = { ...randomSettings({ waveLength: 1000 }), waveData: source, decodedLater: true };
    const renderer = new WasmBlockRenderer(wasmModule, settings, (memory) => ({
      ...randomContext(41, { memory, waveLength: 1000 }),
      waveData: memory.waveData(source),
    }));
    const copy = renderer.context.waveData;
    // Decoded since: the renderer's copy still has what was there when it was made.
    source.fill(7);
    const sample = { start: 100, end: 200, startLoop: 150, endLoop: 190 };
    renderer.prepareSample(sample);
    // The span with the 3 points before it and the sample at its end, which interpolation reads.
    expect(copy.subarray(97, 201).every((x) => x === 7)).toBe(true);
    expect(copy[96]).toBe(0);
    expect(copy[201]).toBe(0);
    source.fill(9);
    renderer.prepareSample(sample);
    expect(copy[150]).toBe(7);
    // A loop reaching past the sample's end is copied too.
    renderer.prepareSample({ start: 300, end: 400, startLoop: 250, endLoop: 450 });
    expect(copy.subarray(247, 450).every((x) => x === 9)).toBe(true);
    expect(copy[450]).toBe(0);
  });

  it("copies the samples into its memory in the steps asked for, and the rest at its first render", () => {
    const source = Int16Array.from({ length: 1000 }, (_, i) => i - 500);
    const settings = { ...randomSettings({ waveLength: 1000 }), waveData: source };
    const renderer = new WasmBlockRenderer(wasmModule, settings, (memory) => ({
      ...randomContext(42, { memory, waveLength: 1000 }),
      waveData: memory.waveData(source),
    }));
    const copy = renderer.context.waveData;
    expect(copy.some((x) => x !== 0)).toBe(false);
    expect(renderer.copySamples(300)).toBe(false);
    expect(Array.from(copy.subarray(0, 300))).toEqual(Array.from(source.subarray(0, 300)));
    expect(copy[300]).toBe(0);
    expect(renderer.copySamples(200)).toBe(false);
    expect(copy[499]).toBe(-1);
    expect(copy[500]).toBe(0);
    renderer.render(0, 64);
    expect(Array.from(copy)).toEqual(Array.from(source));
    expect(renderer.copySamples(1)).toBe(true);
  });

  describe("refuses what would read or write out of bounds", () => {
    // Voice order[2] is made to sound through the step, so the checks after the step see it.
    function setup(): { context: BlockContext; renderer: WasmBlockRenderer; reference: BlockContext } {
      const renderer = wasmRenderer(30, { capacity: 16 });
      const reference = randomContext(30, { capacity: 16 });
      keepSounding(renderer.context.bank, renderer.context.order[2]);
      keepSounding(reference.bank, reference.order[2]);
      return { context: renderer.context, renderer, reference };
    }

    for (const [what, spoil, message, beforeStep] of spoilers) {
      it(`refuses ${what}, writes no output, and renders again once it is fixed`, () => {
        const { context, renderer, reference } = setup();
        context.left.fill(0.25);
        context.right.fill(-0.25);
        const lines = context.reverb!.lines.slice();
        const chorusLeft = context.chorus!.bufferLeft.slice();
        spoil(context);
        const bank = context.bank.bytes.slice();
        const order = context.order.slice();
        expect(() => renderer.render(16, 64)).toThrow(RangeError);
        expect(() => renderer.render(16, 64)).toThrow(message);
        expect(context.left.every((x) => x === 0.25)).toBe(true);
        expect(context.right.every((x) => x === -0.25)).toBe(true);
        expect(context.reverb!.lines).toEqual(lines);
        expect(context.chorus!.bufferLeft).toEqual(chorusLeft);
        if (beforeStep) {
          expect(context.bank.bytes).toEqual(bank);
          expect(context.order).toEqual(order);
        }
        // Restored, the renderer carries on exactly like the JavaScript one.
        copyState(reference, context);
        const count = renderer.render(16, 64);
        expect(new JsBlockRenderer(reference).render(16, 64)).toBe(count);
        expect(count).toBeGreaterThan(2);
        expect(firstDifference(context.left.subarray(0, 64), reference.left.subarray(0, 64))).toBe(-1);
        expect(bankDifference(reference.bank, context.bank)).toBeNull();
      });
    }

    it("refuses activeCount beyond order and non-numbers, as the native binding does", () => {
      const { renderer } = setup();
      expect(() => renderer.render(17, 64)).toThrow(/activeCount/);
      expect(() => renderer.render(16, 0)).toThrow(/frames/);
      expect(() => renderer.render(16, 65)).toThrow(/frames/);
      expect(() => renderer.render(16, 2.5)).toThrow(/frames/);
      expect(() => renderer.render(-1, 64)).toThrow(/activeCount/);
      expect(() => renderer.render(1.5, 64)).toThrow(/activeCount/);
      expect(() => renderer.render(NaN, 64)).toThrow(RangeError);
      expect(() => renderer.render("3" as never, 64)).toThrow(TypeError);
      expect(renderer.render(16, 64)).toBeGreaterThan(0);
    });

    it("refuses to bind buffers of the wrong size or outside its memory, naming them", () => {
      const make = (change: (c: BlockContext) => Partial<BlockContext>, options = {}) => () =>
        new WasmBlockRenderer(wasmModule, randomSettings(options), (memory) => {
          const context = randomContext(31, { ...options, memory });
          return { ...context, ...change(context) };
        });
      expect(make(() => ({ left: new Float32Array(1024) }))).toThrow(/must lie in the instance's memory/);
      expect(make((c) => ({ left: c.left.subarray(1) }))).toThrow(/left must have length 1024, got 1023/);
      expect(make((c) => ({ order: c.order.subarray(1) }))).toThrow(/order must have length 64, got 63/);
      expect(make(() => ({ sampleRate: 0 }))).toThrow(/sampleRate must be a number in \[1, 1e\+06\], got 0/);
      expect(make(() => ({ inaudibleGain: -1 }))).toThrow(/inaudibleGain must be a number in \[0, 1\], got -1/);
      expect(make((c) => ({ blockSize: 1 }))).toThrow(
        /blockSize must be an integer in \[2, 65536\], got 1/,
      );
      expect(make((c) => ({ reverb: { ...c.reverb!, stores: c.reverb!.stores.subarray(1) } }))).toThrow(/reverb.stores must have length 16/);
      expect(make((c) => ({ reverb: { ...c.reverb!, lines: c.reverb!.lines.subarray(0, 100) } }))).toThrow(/does not fit in reverb.lines/);
      expect(make((c) => ({ reverb: { ...c.reverb!, allPassFeedback: 2 } }))).toThrow(/reverb.allPassFeedback must be a number in \[0, 1\], got 2/);
      expect(make((c) => ({ reverb: { ...c.reverb!, parameters: c.reverb!.parameters.subarray(1) } }))).toThrow(/reverb.parameters must have length 13/);
      expect(make((c) => ({ chorus: { ...c.chorus!, bufferRight: c.chorus!.bufferRight.subarray(1) } }))).toThrow(/chorus.bufferRight must have length/);
      expect(make((c) => ({ chorus: { ...c.chorus!, phases: c.chorus!.phases.subarray(1) } }))).toThrow(/chorus.phases must have length 3/);
      expect(make((c) => ({ chorus: { ...c.chorus!, parameters: c.chorus!.parameters.subarray(1) } }))).toThrow(/chorus.parameters must have length 11/);
      expect(
        make((c) => {
          c.chorus!.delayTable[5] = 1e6;
          return {};
        }),
      ).toThrow(/chorus.delayTable\[5\] must be in \[0, bufferLength - 1\]/);
      expect(
        make((c) => {
          c.chorus!.phases[1] = -1;
          return {};
        }),
      ).toThrow(/chorus.phases\[1\] is -1/);
    });
  });

  it("turns a trap into a WasmTrapError, and is stopped from then on", () => {
    const renderer = wasmRenderer(50);
    expect(renderer.render(64, 64)).toBeGreaterThan(0);
    spoilModuleData(renderer.context);
    let error: unknown = null;
    try {
      renderer.render(64, 64);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(WasmTrapError);
    expect((error as Error).name).toBe("WasmTrapError");
    expect((error as Error).message).toMatch(/the wasm renderer trapped and was stopped/);
    expect((error as Error).cause).toBeInstanceOf(WebAssembly.RuntimeError);
    expect(() => renderer.render(0, 64)).toThrow(WasmTrapError);
    // Another renderer is another instance, untouched.
    expect(wasmRenderer(50).render(64, 64)).toBeGreaterThan(0);
  });

  it("stops a synthesizer whose renderer trapped: every render throws the WasmTrapError, and dispose() still works", () => {
    registerWasmModule(wasmModule);
    const synthesizer = new Synthesizer(builtinSoundFont(), { backend: "wasm" });
    const left = new Float32Array(256);
    const right = new Float32Array(256);
    synthesizer.noteOn(0, 60, 100);
    synthesizer.render(left, right);
    const { context } = synthesizer["renderer"];
    spoilModuleData(context);
    expect(() => synthesizer.render(left, right)).toThrow(WasmTrapError);
    expect(() => synthesizer.render(left, right)).toThrow(WasmTrapError);
    synthesizer.dispose();
    expect(() => synthesizer.render(left, right)).toThrow(SynthesizerDisposedError);
  });

  it("refuses to render once disposed", () => {
    const renderer = wasmRenderer(51);
    renderer.render(64, 64);
    renderer.dispose();
    renderer.dispose();
    expect(() => renderer.render(64, 64)).toThrow(/disposed/);
  });
});
