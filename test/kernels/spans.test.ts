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
});
