// The whole native block against JsBlockRenderer: random voice tables with loops, ramps,
// inactive filters and the effects, where native code must give JavaScript's bits (the
// requirement is 80 dB SNR); refusals of bad tables and buffers; several renderers.
import { beforeAll, describe, expect, it } from "vitest";
import type { BlockContext } from "../../lib/kernels/BlockRenderer.js";
import { JsBlockRenderer } from "../../lib/kernels/JsBlockRenderer.js";
import {
  createNativeBlockRenderer,
  nativeBackendStatus,
  registerNativeAddon,
  type NativeAddon,
} from "../../lib/kernels/nativeBackend.js";
import { NativeBlockRenderer } from "../../lib/kernels/NativeBlockRenderer.js";
import {
  F64_POSITION,
  F64_STEP,
  FLAG_LOOPING,
  I32_END,
  I32_END_LOOP,
  I32_FLAGS,
  I32_START_LOOP,
  RECORD_DOUBLES,
  RECORD_WORDS,
} from "../../lib/kernels/VoiceTable.js";
import { loadTestAddon, Random, randomContext, randomGains, snr } from "./fixtures.js";

const { addon, reason } = loadTestAddon();
const sets = addon ? addon.instructionSets() : [];

/** Renders `blocks` blocks with both renderers, changing gains between blocks; returns the worst SNR. */
function compare(js: BlockContext, nat: BlockContext, renderer: NativeBlockRenderer, seed: number, blocks: number): number {
  const reference = new JsBlockRenderer(js);
  const randomJs = new Random(seed);
  const randomNat = new Random(seed);
  let worst = Infinity;
  let heard = 0;
  let differing = 0;
  for (let block = 0; block < blocks; block++) {
    const drawn = randomJs.below(js.table.capacity + 1);
    randomNat.below(js.table.capacity + 1);
    const active = block % 7 === 0 ? js.table.capacity : drawn;
    for (let v = 0; v < js.table.capacity; v += 3) {
      randomGains(js.table, v, randomJs);
      randomGains(nat.table, v, randomNat);
    }
    reference.render(active, 0.75);
    renderer.render(active, 0.75);
    for (const [a, b] of [
      [js.left, nat.left],
      [js.right, nat.right],
    ]) {
      if (a.some((x) => x !== 0)) heard++;
      worst = Math.min(worst, snr(a, b));
      if (a.some((x, t) => x !== b[t])) differing++;
    }
    // The oscillators are exact: positions agree to the bit.
    for (let v = 0; v < js.table.capacity; v++) {
      const p = v * RECORD_DOUBLES + F64_POSITION;
      if (js.table.f64[p] !== nat.table.f64[p]) throw new Error(`block ${block}: voice ${v} position differs`);
    }
  }
  expect(heard).toBeGreaterThan(blocks);
  // Native code computes what JavaScript computes, rounding where it rounds.
  expect(differing).toBe(0);
  expect(js.table.f32).toEqual(nat.table.f32);
  return worst;
}

describe.skipIf(addon === null)(`native block renderer ${reason}`, () => {
  const native = addon as NativeAddon;
  beforeAll(() => registerNativeAddon(native));

  it("is registered and available", () => {
    expect(nativeBackendStatus()).toEqual({ available: true, instructionSet: native.instructionSet() });
    const renderer = createNativeBlockRenderer(randomContext(1));
    expect(renderer.backend).toBe("native");
  });

  describe.each(sets)("%s", (set) => {
    for (const [blockSize, effects] of [
      [64, true],
      [64, false],
      [37, true],
      [8, true],
      [1024, true],
    ] as const) {
      it(`agrees with JsBlockRenderer to 80 dB or better (blockSize ${blockSize}, effects ${effects ? "on" : "off"})`, () => {
        const options = { blockSize, effects, capacity: blockSize === 1024 ? 24 : 64 };
        const js = randomContext(10 + blockSize, options);
        const nat = randomContext(10 + blockSize, options);
        const renderer = new NativeBlockRenderer(native, nat, set);
        expect(renderer.instructionSet).toBe(set);
        const worst = compare(js, nat, renderer, blockSize, blockSize === 1024 ? 20 : 150);
        // The requirement is 80 dB; the native renderer gives JavaScript's bits.
        expect(worst).toBe(Infinity);
        if (effects) {
          expect(nat.reverb!.lines).toEqual(js.reverb!.lines);
          expect(nat.chorus!.bufferLeft).toEqual(js.chorus!.bufferLeft);
        }
      });
    }
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
    for (let block = 0; block < 50; block++) {
      a.render(40, 1);
      b.render(64, 0.5);
      refA.render(40, 1);
      refB.render(64, 0.5);
      expect(natA.left).toEqual(jsA.left);
      expect(natB.right).toEqual(jsB.right);
    }
  });

  describe("refuses what would read or write out of bounds", () => {
    function setup(): { context: BlockContext; renderer: NativeBlockRenderer; reference: BlockContext } {
      const context = randomContext(30, { capacity: 16 });
      const reference = randomContext(30, { capacity: 16 });
      return { context, renderer: new NativeBlockRenderer(native, context), reference };
    }

    const spoilers: [string, (c: BlockContext) => void, RegExp][] = [
      ["an order entry past the table", (c) => (c.order[3] = 16), /order\[3\] is 16/],
      ["a negative order entry", (c) => (c.order[0] = -1), /order\[0\] is -1/],
      ["a voice listed twice", (c) => (c.order[5] = c.order[4]), /second time/],
      ["a NaN position", (c) => (c.table.f64[c.order[2] * RECORD_DOUBLES + F64_POSITION] = NaN), /position/],
      ["a negative position", (c) => (c.table.f64[c.order[2] * RECORD_DOUBLES + F64_POSITION] = -1), /position/],
      ["a negative step", (c) => (c.table.f64[c.order[2] * RECORD_DOUBLES + F64_STEP] = -1), /step/],
      ["an infinite step", (c) => (c.table.f64[c.order[2] * RECORD_DOUBLES + F64_STEP] = Infinity), /step/],
      [
        "a loop end past the wave data",
        (c) => {
          const w = c.order[2] * RECORD_WORDS;
          c.table.i32[w + I32_FLAGS] |= FLAG_LOOPING;
          c.table.i32[w + I32_END_LOOP] = c.waveData.length + 1;
        },
        /loop/,
      ],
      [
        "an empty loop",
        (c) => {
          const w = c.order[2] * RECORD_WORDS;
          c.table.i32[w + I32_FLAGS] |= FLAG_LOOPING;
          c.table.i32[w + I32_START_LOOP] = c.table.i32[w + I32_END_LOOP];
        },
        /loop/,
      ],
      [
        "an end that would read the last sample's neighbour",
        (c) => {
          const v = c.order[2];
          c.table.i32[v * RECORD_WORDS + I32_FLAGS] &= ~FLAG_LOOPING;
          c.table.i32[v * RECORD_WORDS + I32_END] = c.waveData.length;
          c.table.f64[v * RECORD_DOUBLES + F64_POSITION] = 0;
        },
        /end/,
      ],
      ["a reverb cursor past its line", (c) => (c.reverb!.cursors[9] = 100000), /reverb.cursors\[9\]/],
      ["a chorus cursor past its table", (c) => (c.chorus!.cursors[2] = -1), /chorus.cursors\[2\]/],
    ];

    for (const [what, spoil, message] of spoilers) {
      it(`refuses ${what}, writes nothing, and renders again once it is fixed`, () => {
        const { context, renderer, reference } = setup();
        const table = context.table.buffer.slice(0);
        const lines = context.reverb!.lines.slice();
        const saved = new Uint8Array(table);
        spoil(context);
        const spoiled = new Uint8Array(context.table.buffer.slice(0));
        expect(() => renderer.render(16, 1)).toThrow(RangeError);
        expect(() => renderer.render(16, 1)).toThrow(message);
        expect(new Uint8Array(context.table.buffer)).toEqual(spoiled);
        expect(context.reverb!.lines).toEqual(lines);
        // Restore, and the renderer carries on exactly like the JavaScript one.
        new Uint8Array(context.table.buffer).set(saved);
        const fresh = randomContext(30, { capacity: 16 });
        context.order.set(fresh.order);
        context.reverb!.cursors.set(fresh.reverb!.cursors);
        context.chorus!.cursors.set(fresh.chorus!.cursors);
        renderer.render(16, 1);
        new JsBlockRenderer(reference).render(16, 1);
        expect(context.left).toEqual(reference.left);
      });
    }

    it("refuses activeCount beyond order and non-numbers", () => {
      const { renderer } = setup();
      expect(() => renderer.render(17, 1)).toThrow(/activeCount/);
      expect(() => renderer.render(-1, 1)).toThrow(/activeCount/);
      expect(() => renderer.render(1.5, 1)).toThrow(/activeCount/);
      expect(() => renderer.render("3" as never, 1)).toThrow(TypeError);
      renderer.render(16, 1);
    });

    it("accepts a finished voice whose end lies past the data: it reads nothing", () => {
      const { context, renderer } = setup();
      const v = context.order[0];
      context.table.i32[v * RECORD_WORDS + I32_FLAGS] &= ~FLAG_LOOPING;
      context.table.i32[v * RECORD_WORDS + I32_END] = context.waveData.length;
      context.table.f64[v * RECORD_DOUBLES + F64_POSITION] = context.waveData.length * 16777216;
      renderer.render(1, 1);
    });

    it("refuses to register buffers of the wrong kind or size, naming them", () => {
      const make = (change: Partial<BlockContext>) => () => new NativeBlockRenderer(native, { ...randomContext(31), ...change });
      expect(make({ waveData: new Uint16Array(10) as never })).toThrow(/waveData must be a Int16Array/);
      expect(make({ left: new Float32Array(63) })).toThrow(/left must have blockSize \(64\) samples/);
      expect(make({ right: new Float64Array(64) as never })).toThrow(/right must be a Float32Array/);
      expect(make({ order: [1, 2] as never })).toThrow(/order must be a Int32Array/);
      expect(make({ blockSize: 1, left: new Float32Array(1), right: new Float32Array(1) })).toThrow(/blockSize/);
      const context = randomContext(31);
      expect(
        () => new native.Renderer({ ...context, table: new Float32Array(33), reverb: context.reverb, chorus: context.chorus }),
      ).toThrow(/table: its byte length 132 is not a multiple of 128/);
      expect(
        () => new native.Renderer({ ...context, table: "no" as never, reverb: context.reverb, chorus: context.chorus }),
      ).toThrow(TypeError);
      const reverb = context.reverb!;
      expect(make({ reverb: { ...reverb, stores: new Float32Array(15) } as never })).toThrow(/reverb.stores must have length 16/);
      expect(make({ reverb: { ...reverb, lines: new Float32Array(100) } as never })).toThrow(/does not fit in reverb.lines/);
      expect(make({ reverb: { ...reverb, feedback: "x" } as never })).toThrow(/reverb.feedback must be a number/);
      const chorus = context.chorus!;
      expect(make({ chorus: { ...chorus, bufferRight: new Float32Array(3) } as never })).toThrow(/same length/);
      expect(make({ chorus: { ...chorus, cursors: new Int32Array(2) } as never })).toThrow(/chorus.cursors must have length 3/);
      expect(() => new NativeBlockRenderer(native, randomContext(31), "mmx")).toThrow(/"mmx" is not available/);
      const resizable = new (ArrayBuffer as unknown as new (n: number, o: object) => ArrayBuffer)(256, { maxByteLength: 512 });
      expect(make({ left: new Float32Array(resizable, 0, 64) } as never)).toThrow(/resizable/);
    });

    it("refuses to render once a registered buffer has been transferred away", () => {
      const context = randomContext(32);
      const renderer = new NativeBlockRenderer(native, context);
      renderer.render(64, 1);
      structuredClone(context.left.buffer, { transfer: [context.left.buffer] });
      expect(() => renderer.render(64, 1)).toThrow(/detached/);
    });

    it("works on a voice table in a SharedArrayBuffer", () => {
      const js = randomContext(33);
      const nat = randomContext(33);
      const shared = new SharedArrayBuffer(nat.table.buffer.byteLength);
      new Uint8Array(shared).set(new Uint8Array(nat.table.buffer));
      const table = {
        ...nat.table,
        buffer: shared,
        f64: new Float64Array(shared),
        f32: new Float32Array(shared),
        i32: new Int32Array(shared),
      } as unknown as BlockContext["table"];
      const context = { ...nat, table };
      const worst = compare(js, context, new NativeBlockRenderer(native, context), 5, 30);
      expect(worst).toBe(Infinity);
    });
  });
});
