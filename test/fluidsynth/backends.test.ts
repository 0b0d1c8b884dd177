import { describe, expect, test } from "vitest";
import { availableBackends } from "../backends.js";
import { comparisonFont } from "./comparisonFont.js";
import { controllerRichSong } from "./controllerRichSong.js";
import { renderWithSynthesizer } from "./renderSynthesizer.js";
import { timGm6mb, loadRealFont } from "./fonts.js";

/**
 * The full profile renders the same bits on the native and the JavaScript backends, as the
 * default profile does: a controller-rich song, on the comparison font and on TimGM6mb (whose
 * presets have their own envelopes, filters and layers). Needs no FluidSynth.
 */

const backends = availableBackends();
const nativeMissing = backends.includes("native") ? null : "the native addon is not available";
if (nativeMissing) console.warn(`Skipping the full profile's backend comparison: ${nativeMissing}.`);

describe.skipIf(nativeMissing !== null)("full profile: native and JavaScript backends bit-identical", () => {
  const song = controllerRichSong();
  const frames = 3 * 44100;

  test("comparison font", () => {
    const font = comparisonFont().soundFont;
    const js = renderWithSynthesizer(song, font, frames, { profile: "full", backend: "js" });
    const native = renderWithSynthesizer(song, font, frames, { profile: "full", backend: "native" });
    expect(js.left.some((x) => x !== 0)).toBe(true);
    expect(Buffer.from(native.left.buffer).equals(Buffer.from(js.left.buffer))).toBe(true);
    expect(Buffer.from(native.right.buffer).equals(Buffer.from(js.right.buffer))).toBe(true);
  });

  test.skipIf(timGm6mb.missing !== null)("TimGM6mb", () => {
    const font = loadRealFont(timGm6mb);
    const js = renderWithSynthesizer(song, font, frames, { profile: "full", backend: "js" });
    const native = renderWithSynthesizer(song, font, frames, { profile: "full", backend: "native" });
    expect(js.left.some((x) => x !== 0)).toBe(true);
    expect(Buffer.from(native.left.buffer).equals(Buffer.from(js.left.buffer))).toBe(true);
    expect(Buffer.from(native.right.buffer).equals(Buffer.from(js.right.buffer))).toBe(true);
  });
});
