// JavaScript's renderer given whole blocks in one call renders what it renders a block at a time
// (native and wasm are held to the same in their own tests, against JavaScript a block at a time).
import { describe, expect, it } from "vitest";
import { JsBlockRenderer } from "../../lib/kernels/JsBlockRenderer.js";
import { compare } from "../native/compareBlocks.js";
import { randomContext } from "../native/fixtures.js";

describe("JavaScript renderer, spans of whole blocks", () => {
  for (const [blockSize, effects, interpolation] of [
    [64, true, "linear"],
    [37, false, "cubic"],
    [8, true, "sinc"],
  ] as const) {
    it(`renders the bits of a block at a time (blockSize ${blockSize}, effects ${effects ? "on" : "off"}, ${interpolation})`, () => {
      const options = { blockSize, effects, interpolation };
      const reference = randomContext(40 + blockSize, options);
      const spans = randomContext(40 + blockSize, options);
      const tally = compare(reference, spans, new JsBlockRenderer(spans), blockSize, 150, {}, "JavaScript in spans");
      expect(tally.heard).toBeGreaterThan(75);
      expect(tally.finished).toBeGreaterThan(5);
    });
  }

  it("refuses a count that is neither part of a block nor whole blocks, as native does", () => {
    const renderer = new JsBlockRenderer(randomContext(8, { blockSize: 64, effects: false, interpolation: "linear" }));
    for (const frames of [0, 0.5, 100, 64 * 17, Number.NaN]) {
      expect(() => renderer.render(0, frames)).toThrow(new RangeError(`frames ${frames} is neither 1 to blockSize 64 nor up to 16 whole blocks`));
    }
    expect(renderer.render(0, 64 * 16)).toBe(0);
  });
});
