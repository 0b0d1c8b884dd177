// GS/XG drum instrument NRPNs in the full profile: pitch (MSB 24), level (26) and pan (28) of
// one key of a drum channel, the key in the NRPN LSB; the other keys stay as voiced, and the
// 'meltysynth' profile ignores them all.
import { describe, expect, it } from "vitest";
import { Synthesizer } from "../../lib/synth/Synthesizer.js";
import type { Profile } from "../../lib/synth/SynthesizerSettings.js";
import { tinySoundFont } from "../tinySoundFont.js";

const font = tinySoundFont();
const FRAMES = 4410;

function hit(key: number, profile: Profile, nrpn?: [msb: number, value: number]): { left: Float32Array; right: Float32Array } {
  const synthesizer = new Synthesizer(font, { profile, enableReverbAndChorus: false });
  if (nrpn !== undefined) {
    synthesizer.processMidiMessage(9, 0xb0, 99, nrpn[0]);
    synthesizer.processMidiMessage(9, 0xb0, 98, 60);
    synthesizer.processMidiMessage(9, 0xb0, 6, nrpn[1]);
  }
  synthesizer.noteOn(9, key, 100);
  const left = new Float32Array(FRAMES);
  const right = new Float32Array(FRAMES);
  synthesizer.render(left, right);
  return { left, right };
}

const energy = (x: Float32Array): number => x.reduce((sum, v) => sum + v * v, 0);
const db = (a: Float32Array, b: Float32Array): number => 10 * Math.log10(energy(a) / energy(b));

describe("drum instrument NRPNs", () => {
  it("level 64 on key 60 takes 20 log10(127/64) dB off that key only", () => {
    const quiet = hit(60, "full", [26, 64]);
    const plain = hit(60, "full");
    expect(db(quiet.left, plain.left)).toBeCloseTo(-20 * Math.log10(127 / 64), 1);
    expect(hit(62, "full", [26, 64])).toEqual(hit(62, "full"));
  });

  it("pan 1 puts key 60 hard left; other keys keep their pan", () => {
    const left = hit(60, "full", [28, 1]);
    expect(db(left.right, left.left)).toBeLessThan(-40);
    const centre = hit(62, "full", [28, 1]);
    expect(Math.abs(db(centre.right, centre.left))).toBeLessThan(0.5);
  });

  it("pitch 76 (+12 semitones) changes key 60 only", () => {
    expect(hit(60, "full", [24, 76])).not.toEqual(hit(60, "full"));
    expect(hit(62, "full", [24, 76])).toEqual(hit(62, "full"));
  });

  it("leaves MeltySynth's profile as it is", () => {
    for (const nrpn of [[24, 76], [26, 64], [28, 1]] as [number, number][]) expect(hit(60, "meltysynth", nrpn)).toEqual(hit(60, "meltysynth"));
  });
});
