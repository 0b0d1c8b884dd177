import { describe, expect, test } from "vitest";
import { availableBackends } from "../backends.js";
import { comparisonFont } from "./comparisonFont.js";
import { controllerRichSong } from "./controllerRichSong.js";
import { renderWithSynthesizer } from "./renderSynthesizer.js";
import { timGm6mb, loadRealFont } from "./fonts.js";

/**
 * The full profile renders the same bits on the native and wasm backends as on the JavaScript
 * one, as the default profile does: a controller-rich song, on the comparison font and on
 * TimGM6mb (whose presets have their own envelopes, filters and layers). Needs no FluidSynth.
 */

const compiled = availableBackends().filter((backend) => backend !== "js");

// With MELTYSYNTH_BACKEND=js there is nothing to compare with, which a skipped test says.
if (compiled.length === 0) test.skip("full profile: the compiled backends bit-identical to JavaScript (only the JavaScript backend is tested here)", () => undefined);

describe.each(compiled)("full profile: the %s and JavaScript backends bit-identical", (backend) => {
  const song = controllerRichSong();
  const frames = 3 * 44100;

  test("comparison font", () => {
    const font = comparisonFont().soundFont;
    const js = renderWithSynthesizer(song, font, frames, { profile: "full", backend: "js" });
    const other = renderWithSynthesizer(song, font, frames, { profile: "full", backend });
    expect(js.left.some((x) => x !== 0)).toBe(true);
    expect(Buffer.from(other.left.buffer).equals(Buffer.from(js.left.buffer))).toBe(true);
    expect(Buffer.from(other.right.buffer).equals(Buffer.from(js.right.buffer))).toBe(true);
  });

  test.skipIf(timGm6mb.missing !== null)("TimGM6mb", () => {
    const font = loadRealFont(timGm6mb);
    const js = renderWithSynthesizer(song, font, frames, { profile: "full", backend: "js" });
    const other = renderWithSynthesizer(song, font, frames, { profile: "full", backend });
    expect(js.left.some((x) => x !== 0)).toBe(true);
    expect(Buffer.from(other.left.buffer).equals(Buffer.from(js.left.buffer))).toBe(true);
    expect(Buffer.from(other.right.buffer).equals(Buffer.from(js.right.buffer))).toBe(true);
  });
});
