// Each native kernel against the JavaScript code it replaces, on random inputs, for every
// kernel set this CPU runs.
import { describe, expect, it } from "vitest";
import { multiplyAdd, multiplyAddSlope } from "../../lib/kernels/ArrayMath.js";
import { JsBlockRenderer } from "../../lib/kernels/JsBlockRenderer.js";
import {
  F32_X1,
  F64_POSITION,
  FLAG_FILTER_ACTIVE,
  I32_FLAGS,
  RECORD_DOUBLES,
  RECORD_WORDS,
} from "../../lib/kernels/VoiceTable.js";
import { Chorus } from "../../lib/synth/Chorus.js";
import { Reverb } from "../../lib/synth/Reverb.js";
import { loadTestAddon, Random, randomContext, snr } from "./fixtures.js";

const { addon, reason } = loadTestAddon();
const sets = addon ? addon.instructionSets() : [];

// The per-voice steps of JsBlockRenderer, reached past TypeScript's `private`.
interface JsInternals {
  block: Float32Array;
  fillOscillator(voice: number): void;
  filterAndMix(voice: number, gainLeft: number, gainRight: number, gainReverb: number): void;
}

describe.skipIf(addon === null)(`native kernels ${reason}`, () => {
  const native = addon!;

  it("reports its instruction sets", () => {
    expect(sets.length).toBeGreaterThan(0);
    expect(sets[0]).toBe(native.instructionSet());
    expect(["avx2", "sse2", "neon", "scalar"]).toContain(native.instructionSet());
    expect(sets).toContain("scalar");
    expect(native.napiVersion).toBe(8);
  });

  describe.each(sets)("%s", (set) => {
    it("multiplyAdd gives the bits of ArrayMath.multiplyAdd", () => {
      const random = new Random(1);
      for (let n = 0; n < 300; n++) {
        const x = random.floats(n + 5);
        const destination = random.floats(n + 5);
        const expected = destination.slice();
        const a = Math.fround(random.between(-2, 2));
        const xOffset = n % 4;
        const dOffset = (n >> 2) % 4;
        multiplyAdd(a, x.subarray(xOffset, xOffset + n), expected.subarray(dOffset, dOffset + n));
        native.multiplyAdd(a, x, xOffset, destination, dOffset, n, set);
        expect(destination).toEqual(expected);
      }
    });

    it("multiplyAddSlope gives the bits of ArrayMath.multiplyAddSlope", () => {
      const random = new Random(2);
      for (let n = 0; n < 300; n++) {
        const x = random.floats(n + 3);
        const destination = random.floats(n + 3);
        const expected = destination.slice();
        const a = Math.fround(random.between(0, 1));
        const step = Math.fround(random.between(-1, 1) / 64);
        multiplyAddSlope(a, step, x.subarray(3, 3 + n), expected.subarray(0, n));
        native.multiplyAddSlope(a, step, x, 3, destination, 0, n, set);
        expect(destination).toEqual(expected);
      }
    });

    it("the oscillator gives the bits and positions of JsBlockRenderer", () => {
      for (const blockSize of [64, 37, 8]) {
        const js = randomContext(3, { blockSize });
        const nat = randomContext(3, { blockSize });
        const renderer = new JsBlockRenderer(js) as unknown as JsInternals;
        const output = new Float32Array(blockSize + 2);
        for (let block = 0; block < 20; block++) {
          for (let v = 0; v < js.table.capacity; v++) {
            renderer.fillOscillator(v);
            native.oscillator(nat.waveData, nat.table.f32, v, output, 1, blockSize, set);
            expect(output.subarray(1, blockSize + 1)).toEqual(renderer.block);
            expect(nat.table.f64[v * RECORD_DOUBLES + F64_POSITION]).toBe(js.table.f64[v * RECORD_DOUBLES + F64_POSITION]);
          }
        }
      }
    });

    it("the biquad gives the bits of JsBlockRenderer's filter, state included", () => {
      const blockSize = 64;
      const js = randomContext(4, { blockSize });
      const nat = randomContext(4, { blockSize });
      for (const context of [js, nat]) {
        for (let v = 0; v < context.table.capacity; v++) context.table.i32[v * RECORD_WORDS + I32_FLAGS] |= FLAG_FILTER_ACTIVE;
      }
      const renderer = new JsBlockRenderer(js) as unknown as JsInternals;
      const random = new Random(5);
      for (let block = 0; block < 20; block++) {
        for (let first = 0; first < js.table.capacity; first += 16) {
          const count = 1 + ((first + block) % 16);
          const records = Int32Array.from({ length: count }, (_, k) => first + k);
          const offsets = Int32Array.from({ length: count }, (_, k) => k * (blockSize + 3) + (k % 4));
          const samples = random.floats(count * (blockSize + 3) + 4);
          const input = samples.slice();
          native.biquad(nat.table.f32, records, samples, offsets, blockSize, set);
          for (let k = 0; k < count; k++) {
            renderer.block.set(input.subarray(offsets[k], offsets[k] + blockSize));
            renderer.filterAndMix(records[k], 0, 0, 0);
            expect(samples.subarray(offsets[k], offsets[k] + blockSize)).toEqual(renderer.block);
          }
        }
        expect(nat.table.f32).toEqual(js.table.f32);
      }
    });

    it("the reverb gives the bits of Reverb.process, state included", () => {
      const random = new Random(6);
      const js = new Reverb(44100);
      const nat = new Reverb(44100);
      const lines = random.floats(js.lines.length, -0.5, 0.5);
      js.lines.set(lines);
      nat.lines.set(lines);
      for (const n of [64, 61, 8, 1, 0, 1000, 3000, 64]) {
        const input = random.floats(n, -0.3, 0.3);
        const expected = [new Float32Array(n), new Float32Array(n)];
        const actual = [new Float32Array(n), new Float32Array(n)];
        js.process(input, expected[0], expected[1]);
        native.reverb(nat, input, actual[0], actual[1], set);
        expect(actual).toEqual(expected);
        expect(nat.cursors).toEqual(js.cursors);
        expect(nat.stores).toEqual(js.stores);
        expect(nat.lines).toEqual(js.lines);
      }
    });
  });

  it("the chorus gives the bits of Chorus.process, state included", () => {
    const random = new Random(7);
    const js = new Chorus(44100);
    const nat = new Chorus(44100);
    for (const n of [64, 61, 1, 0, 5000, 64]) {
      const inputs = [random.floats(n), random.floats(n)];
      const expected = [new Float32Array(n), new Float32Array(n)];
      const actual = [new Float32Array(n), new Float32Array(n)];
      js.process(inputs[0], inputs[1], expected[0], expected[1]);
      native.chorus(nat, inputs[0], inputs[1], actual[0], actual[1]);
      expect(actual).toEqual(expected);
      expect(nat.cursors).toEqual(js.cursors);
      expect(nat.bufferLeft).toEqual(js.bufferLeft);
      expect(nat.bufferRight).toEqual(js.bufferRight);
    }
  });

  it("refuses bad kinds, offsets and lengths, naming the argument", () => {
    const x = new Float32Array(16);
    const d = new Float32Array(16);
    expect(() => native.multiplyAdd(1, x, 10, d, 0, 8)).toThrow(RangeError);
    expect(() => native.multiplyAdd(1, x, 0, d, 9, 8)).toThrow(/destinationOffset/);
    expect(() => native.multiplyAdd(1, x, -1, d, 0, 8)).toThrow(/xOffset/);
    expect(() => native.multiplyAdd(1, x, 0.5, d, 0, 8)).toThrow(/xOffset/);
    expect(() => native.multiplyAdd(1, x, 0, d, 0, 17)).toThrow(/length/);
    expect(() => native.multiplyAdd(1, new Float64Array(16) as never, 0, d, 0, 8)).toThrow(TypeError);
    expect(() => native.multiplyAdd(1, x, 0, [] as never, 0, 8)).toThrow(/destination must be a Float32Array/);
    expect(() => native.multiplyAddSlope(1, "a" as never, x, 0, d, 0, 8)).toThrow(/step must be a number/);
    expect(() => native.multiplyAdd(1, x, 0, d, 0, 8, "sse9")).toThrow(/sse9/);

    const context = randomContext(8, { capacity: 4 });
    const out = new Float32Array(64);
    expect(() => native.oscillator(context.waveData, context.table.f32, 4, out, 0, 64)).toThrow(/record 4/);
    expect(() => native.oscillator(context.waveData, context.table.f32, 0, out, 1, 64)).toThrow(/offset/);
    expect(() => native.oscillator(new Int32Array(4) as never, context.table.f32, 0, out, 0, 64)).toThrow(/waveData/);
    expect(() => native.oscillator(context.waveData, new ArrayBuffer(100), 0, out, 0, 1)).toThrow(/record 0/);
    context.table.f64[0] = -5;
    expect(() => native.oscillator(context.waveData, context.table.f32, 0, out, 0, 64)).toThrow(/position/);
    const samples = new Float32Array(64);
    expect(() => native.biquad(context.table.f32, Int32Array.of(0), samples, Int32Array.of(1), 64)).toThrow(/offsets/);
    expect(() => native.biquad(context.table.f32, new Int32Array(17), samples, new Int32Array(17), 1)).toThrow(/1 to 16/);
    expect(() => native.biquad(context.table.f32, Int32Array.of(7), samples, Int32Array.of(0), 1)).toThrow(/records/);

    const reverb = new Reverb(44100);
    const input = new Float32Array(64);
    expect(() => native.reverb(reverb, input, new Float32Array(63), new Float32Array(64))).toThrow(RangeError);
    expect(() => native.reverb({ ...reverb, offsets: new Int32Array(23) }, input, input, input)).toThrow(
      /reverb.offsets must have length 24/,
    );
    expect(() => native.reverb({ ...reverb, cursors: new Int32Array(24).fill(-1) }, input, input, input)).toThrow(
      /reverb.cursors\[0\]/,
    );
    const chorus = new Chorus(44100);
    const table = chorus.delayTable.slice();
    table[5] = 1e6;
    expect(() => native.chorus({ ...chorus, delayTable: table }, input, input, input, input)).toThrow(/delayTable\[5\]/);

    // Everything still works afterwards.
    native.multiplyAdd(1, x, 0, d, 0, 16);
  });
});
