// The whole native block call (the voice step, then the block) against the TypeScript step and
// JsBlockRenderer, on random voice banks that go through every branch of the step: native code
// must give JavaScript's bits, in the output and in every byte of the bank. Then the refusals of
// bad banks and buffers, the layout check, and several renderers at once.
import { LoopMode } from "../../lib/soundfont/index.js";
import { beforeAll, describe, expect, it } from "vitest";
import type { BlockContext } from "../../lib/kernels/BlockRenderer.js";
import { JsBlockRenderer } from "../../lib/kernels/JsBlockRenderer.js";
import {
  createNativeBlockRenderer,
  nativeBackendStatus,
  registerNativeAddon,
  type NativeAddon,
  type NativeRendererBuffers,
} from "../../lib/kernels/nativeBackend.js";
import { NativeBlockRenderer, nativeRendererBuffers } from "../../lib/kernels/NativeBlockRenderer.js";
import { FLAG_LOOPING, VOICE_BANK_LAYOUT, VOICE_BYTES } from "../../lib/kernels/VoiceBank.js";
import { compare, comparisonCases, spoilers } from "./compareBlocks.js";
import {
  FRAC_UNIT,
  bankDifference,
  copyState,
  firstDifference,
  keepSounding,
  loadTestAddon,
  randomContext,
} from "./fixtures.js";

const { addon, reason } = loadTestAddon();
const sets = addon ? addon.instructionSets() : [];

describe.skipIf(addon === null)(`native block renderer ${reason}`, () => {
  const native = addon as NativeAddon;
  beforeAll(() => registerNativeAddon(native));

  it("is registered and available", () => {
    expect(nativeBackendStatus()).toEqual({ available: true, instructionSet: native.instructionSet() });
    const renderer = createNativeBlockRenderer(randomContext(1));
    expect(renderer.backend).toBe("native");
  });

  it("lays out the voice bank as lib/kernels/VoiceBank.ts does, with the same flags, states and stages", () => {
    expect(native.voiceBankLayout).toEqual(VOICE_BANK_LAYOUT);
    expect(Object.keys(native.voiceBankLayout.constants)).toHaveLength(36);
    // The one loop mode the step reads is the model's.
    expect(VOICE_BANK_LAYOUT.constants.LOOP_UNTIL_NOTE_OFF).toBe(LoopMode.loopUntilNoteOff);
  });

  it("refuses an addon whose voice bank layout differs, naming the field", () => {
    const layout = native.voiceBankLayout;
    const renamed = [...layout.f32];
    const i = renamed.indexOf("cutoff");
    renamed[i] = "cutof";
    const other: NativeAddon = {
      napiVersion: native.napiVersion,
      instructionSet: () => native.instructionSet(),
      instructionSets: () => native.instructionSets(),
      Renderer: native.Renderer,
      voiceBankLayout: { ...layout, f32: renamed },
    };
    expect(() => new NativeBlockRenderer(other, randomContext(2))).toThrow(`f32 field ${i} is cutof there and cutoff here`);
    const shorter: NativeAddon = { ...other, voiceBankLayout: { ...layout, i32: layout.i32.slice(0, -1) } };
    const last = layout.i32.length - 1;
    expect(() => new NativeBlockRenderer(shorter, randomContext(2))).toThrow(
      `i32 field ${last} is undefined there and ${layout.i32[last]} here`,
    );
    const flagged: NativeAddon = { ...other, voiceBankLayout: { ...layout, constants: { ...layout.constants, FLAG_FRESH: 512 } } };
    expect(() => new NativeBlockRenderer(flagged, randomContext(2))).toThrow("FLAG_FRESH is 512 there and 128 here");
    const { STAGE_RELEASE: _, ...fewer } = layout.constants;
    const staged: NativeAddon = { ...other, voiceBankLayout: { ...layout, constants: fewer } };
    expect(() => new NativeBlockRenderer(staged, randomContext(2))).toThrow("STAGE_RELEASE is undefined there and 4 here");
    // The unchanged copy is accepted: the check compares names, not the object.
    expect(new NativeBlockRenderer({ ...other, voiceBankLayout: layout }, randomContext(2)).backend).toBe("native");
  });

  describe.each(sets)("%s", (set) => {
    for (const [blockSize, effects, blocks, interpolation, changeEffects] of comparisonCases) {
      it(`steps and renders JavaScript's bits (blockSize ${blockSize}, effects ${effects ? (changeEffects ? "changing" : "on") : "off"}, ${interpolation})`, () => {
        const options = { blockSize, effects, capacity: blockSize === 1024 ? 24 : 64, interpolation };
        const js = randomContext(10 + blockSize, options);
        const nat = randomContext(10 + blockSize, options);
        const renderer = new NativeBlockRenderer(native, nat, set);
        expect(renderer.instructionSet).toBe(set);
        const tally = compare(js, nat, renderer, blockSize, blocks, { changeEffects });
        // The comparison saw sound, voices finishing and note-offs taking effect.
        expect(tally.heard).toBeGreaterThan(blocks / 2);
        expect(tally.finished).toBeGreaterThan(5);
        expect(tally.released).toBeGreaterThan(0);
      });
    }
  });

  it("steps and renders JavaScript's bits at another sample rate", () => {
    const options = { sampleRate: 22050, capacity: 32 };
    const js = randomContext(12, options);
    const nat = randomContext(12, options);
    const tally = compare(js, nat, new NativeBlockRenderer(native, nat), 3, 200, options);
    expect(tally.finished).toBeGreaterThan(5);
  });

  it("renders two synthesizers side by side, each on its own buffers", () => {
    const jsA = randomContext(21);
    const jsB = randomContext(22, { blockSize: 32 });
    const natA = randomContext(21);
    const natB = randomContext(22, { blockSize: 32 });
    const a = new NativeBlockRenderer(native, natA);
    const b = new NativeBlockRenderer(native, natB);
    const refA = new JsBlockRenderer(jsA);
    const refB = new JsBlockRenderer(jsB);
    // Each renderer reads its own master volume cell.
    natA.masterVolume[0] = jsA.masterVolume[0] = 1;
    natB.masterVolume[0] = jsB.masterVolume[0] = 0.25;
    let activeA = 40;
    let activeB = 64;
    for (let block = 0; block < 50; block++) {
      const nextA = a.render(activeA, jsA.blockSize);
      const nextB = b.render(activeB, jsB.blockSize);
      expect(refA.render(activeA, jsA.blockSize)).toBe(nextA);
      expect(refB.render(activeB, jsB.blockSize)).toBe(nextB);
      activeA = nextA;
      activeB = nextB;
      expect(firstDifference(natA.left, jsA.left)).toBe(-1);
      expect(firstDifference(natB.right, jsB.right)).toBe(-1);
      expect(bankDifference(jsA.bank, natA.bank)).toBeNull();
      expect(bankDifference(jsB.bank, natB.bank)).toBeNull();
    }
    expect(activeA).toBeGreaterThan(0);
  });

  it("works on a voice bank in a SharedArrayBuffer, handed over as a typed array", () => {
    const js = randomContext(33);
    const nat = randomContext(33, { shared: true });
    expect(nat.bank.bytes.buffer).toBeInstanceOf(SharedArrayBuffer);
    const renderer = new native.Renderer({ ...nativeRendererBuffers(nat), bank: nat.bank.bytes });
    const tally = compare(js, nat, renderer, 5, 60);
    expect(tally.heard).toBeGreaterThan(30);
  });

  it("writes whole blocks straight into a caller's buffers, and refuses what it cannot write there", () => {
    const js = randomContext(34);
    const nat = randomContext(34);
    const reference = new JsBlockRenderer(js);
    const expected = new Float32Array(4 * 64);
    let active = 64;
    for (let block = 0; block < 4; block++) {
      active = reference.render(active, 64);
      expected.set(js.left.subarray(0, 64), block * 64);
    }
    const renderer = new native.Renderer(nativeRendererBuffers(nat));
    const left = new Float32Array(500).fill(7);
    const right = new Float32Array(500).fill(7);
    expect(renderer.render(64, 4 * 64, left, right, 100)).toBe(active);
    expect(firstDifference(left.subarray(100, 356), expected)).toBe(-1);
    expect(left.subarray(0, 100).every((x) => x === 7) && left.subarray(356).every((x) => x === 7)).toBe(true);
    expect(right.subarray(100, 356).some((x) => x !== 7)).toBe(true);
    expect(bankDifference(js.bank, nat.bank)).toBeNull();

    const again = (l: unknown, r: unknown, at: unknown, frames = 128) => () => renderer.render(8, frames, l as never, r as never, at as never);
    expect(again(left, right, -1)).toThrow(/at must be a non-negative integer/);
    expect(again(left, right, 0.5)).toThrow(/at must be a non-negative integer/);
    expect(again(left, right, 400)).toThrow(/left has 500 frames, fewer than at \+ frames/);
    expect(again(left, new Float32Array(100), 0)).toThrow(/right has 100 frames/);
    expect(again(new Float64Array(500), right, 0)).toThrow(/left must be a Float32Array/);
    expect(again(left, [1, 2], 0)).toThrow(/right must be a Float32Array/);
    expect(again(left, left.subarray(64), 0)).toThrow(/left and right overlap/);
    expect(again(left, right, 0, 100)).toThrow(/frames 100 is neither 1 to blockSize 64 nor up to 16 whole blocks/);
    const detached = new Float32Array(500);
    structuredClone(detached.buffer, { transfer: [detached.buffer] });
    expect(again(left, detached, 0)).toThrow(/right has 0 frames/);
  });

  describe("refuses what would read or write out of bounds", () => {
    // Voice order[2] is made to sound through the step, so the checks after the step see it.
    function setup(): { context: BlockContext; renderer: NativeBlockRenderer; reference: BlockContext } {
      const context = randomContext(30, { capacity: 16 });
      const reference = randomContext(30, { capacity: 16 });
      keepSounding(context.bank, context.order[2]);
      keepSounding(reference.bank, reference.order[2]);
      return { context, renderer: new NativeBlockRenderer(native, context), reference };
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
        let error: unknown = null;
        try {
          renderer.render(16, 64);
        } catch (caught) {
          error = caught;
        }
        expect(error).toBeInstanceOf(RangeError);
        expect((error as Error).message).toMatch(message);
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

    it("refuses activeCount beyond order and non-numbers", () => {
      const { renderer } = setup();
      expect(() => renderer.render(17, 64)).toThrow(/activeCount/);
      expect(() => renderer.render(16, 0)).toThrow(/frames/);
      expect(() => renderer.render(16, 65)).toThrow(/frames/);
      expect(() => renderer.render(16, 2.5)).toThrow(/frames/);
      expect(() => renderer.render(-1, 64)).toThrow(/activeCount/);
      expect(() => renderer.render(1.5, 64)).toThrow(/activeCount/);
      expect(() => renderer.render("3" as never, 64)).toThrow(TypeError);
      expect(renderer.render(16, 64)).toBeGreaterThan(0);
    });

    it("checks only the voices the step leaves active: a finished voice reads nothing", () => {
      const { context, renderer } = setup();
      const v = context.order[0];
      // A one-shot sample played to its end, whose end would be out of bounds if it were read.
      context.bank.flags[v] &= ~FLAG_LOOPING;
      context.bank.end[v] = context.waveData.length;
      context.bank.position[v] = context.waveData.length * FRAC_UNIT;
      // A voice too quiet to hear, with a position no oscillator could use.
      const w = context.order[1];
      context.bank.noteGain[w] = 0;
      context.bank.position[w] = NaN;
      expect(renderer.render(2, 64)).toBe(0);
      expect([...context.order.subarray(0, 2)].sort()).toEqual([v, w].sort());
    });

    it("refuses to register buffers of the wrong kind or size, naming them", () => {
      const make = (change: Partial<BlockContext>) => () => new NativeBlockRenderer(native, { ...randomContext(31), ...change });
      expect(make({ waveData: new Uint16Array(10) as never })).toThrow(/waveData must be a Int16Array/);
      expect(make({ left: new Float32Array(63) })).toThrow(/left must have length 1024 \(blockSize x spanBlocks\), got 63/);
      expect(make({ right: new Float64Array(64) as never })).toThrow(/right must be a Float32Array/);
      expect(make({ order: [1, 2] as never })).toThrow(/order must be a Int32Array/);
      expect(make({ order: new Int32Array(63) })).toThrow(/order must have length 64 \(one per voice\), got 63/);
      expect(make({ blockSize: 1, left: new Float32Array(1), right: new Float32Array(1) })).toThrow(/blockSize must be an integer in \[2, 65536\], got 1/);
      expect(make({ sampleRate: 0 })).toThrow(/sampleRate must be a number in \[1, 1000000\], got 0/);
      const context = randomContext(31);
      const raw = (change: Partial<NativeRendererBuffers>) => () => new native.Renderer({ ...nativeRendererBuffers(context), ...change });
      expect(raw({ bank: new Float32Array(33) })).toThrow(
        new RegExp(`bank: its byte length 132 is not a multiple of ${VOICE_BYTES}`),
      );
      expect(raw({ bank: "no" as never })).toThrow(TypeError);
      expect(raw({ inaudibleGain: -1 })).toThrow(/inaudibleGain must be a number in \[0, 1\], got -1/);
      expect(raw({ inaudibleGain: "0" as never })).toThrow(/inaudibleGain must be a number/);
      expect(raw({ masterVolume: new Float64Array(2) })).toThrow(/masterVolume must have length 1 \(the master volume\), got 2/);
      expect(raw({ masterVolume: Float32Array.of(1) as never })).toThrow(/masterVolume must be a Float64Array/);
      expect(raw({ channels: new Float32Array(16) })).toThrow(/channels must have length \d+ \(the channel table\), got 16/);
      expect(raw({ channels: new Float64Array(context.bank.channelData.length) as never })).toThrow(/channels must be a Float32Array/);
      const reverb = context.reverb!;
      expect(make({ reverb: { ...reverb, stores: new Float32Array(15) } as never })).toThrow(/reverb.stores must have length 16/);
      expect(make({ reverb: { ...reverb, lines: new Float32Array(100) } as never })).toThrow(/does not fit in reverb.lines/);
      expect(make({ reverb: { ...reverb, parameters: new Float32Array(6) } as never })).toThrow(/reverb.parameters must have length 13/);
      expect(make({ reverb: { ...reverb, allPassFeedback: 2 } as never })).toThrow(/reverb.allPassFeedback must be a number in \[0, 1\], got 2/);
      const chorus = context.chorus!;
      expect(make({ chorus: { ...chorus, bufferRight: new Float32Array(3) } as never })).toThrow(/same length/);
      expect(make({ chorus: { ...chorus, cursors: new Int32Array(2) } as never })).toThrow(/chorus.cursors must have length 1/);
      expect(make({ chorus: { ...chorus, phases: new Float64Array(2) } as never })).toThrow(/chorus.phases must have length 3/);
      expect(make({ chorus: { ...chorus, parameters: new Float32Array(2) } as never })).toThrow(/chorus.parameters must have length 11/);
      expect(() => new NativeBlockRenderer(native, randomContext(31), "mmx")).toThrow(/"mmx" is not available/);
      const resizable = new (ArrayBuffer as unknown as new (n: number, o: object) => ArrayBuffer)(256, { maxByteLength: 512 });
      expect(make({ left: new Float32Array(resizable, 0, 64) } as never)).toThrow(/resizable/);
    });

    it("refuses to render once a registered buffer has been transferred away", () => {
      const context = randomContext(32);
      const renderer = new NativeBlockRenderer(native, context);
      renderer.render(64, 64);
      structuredClone(context.left.buffer, { transfer: [context.left.buffer] });
      expect(() => renderer.render(64, 64)).toThrow(/detached/);
    });

    it("refuses to render once the voice bank has been transferred away", () => {
      const context = randomContext(32);
      const renderer = new NativeBlockRenderer(native, context);
      renderer.render(64, 64);
      structuredClone(context.bank.bytes.buffer, { transfer: [context.bank.bytes.buffer] });
      expect(() => renderer.render(64, 64)).toThrow(/detached/);
    });
  });
});
