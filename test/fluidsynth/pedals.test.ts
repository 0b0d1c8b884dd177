import { describe, expect, test } from "vitest";
import { frameAt, keyToHz, mixToMono, spectralCentroid, stereoLevelDb, toneLevelDb } from "./analysis.js";
import { comparisonFont, SAW_PROGRAM, SINE_PROGRAM } from "./comparisonFont.js";
import { renderWithFluidSynth, skipReason, warnSkip, type StereoRender } from "./fluidsynth.js";
import { noteSeries } from "./noteSeries.js";
import { renderWithSynthesizer } from "./renderSynthesizer.js";
import { controlChange, noteOff, noteOn, programChange, writeTimedSong, type TimedEvent } from "./timedSong.js";

/**
 * Sostenuto (CC66) and soft pedal (CC67), full profile against FluidSynth 2.3.
 *
 * Sostenuto: when CC66 goes to 64 or more, the channel remembers the id the next voice will get.
 * A later note-off leaves a voice sounding (held by sostenuto) if the pedal is down and the voice
 * is older than that mark, i.e. its note was struck before the pedal went down; notes struck
 * after it release normally (unless the sustain pedal holds them). Pressing the pedal again moves
 * the mark. When CC66 drops below 64, every voice held by sostenuto is released; voices held by
 * the sustain pedal stay held until CC64 drops, and releasing CC64 does not release sostenuto's.
 * Reset All Controllers (CC121) clears both pedals and releases what they held.
 *
 * Soft pedal: FluidSynth 2.3 (and its later versions) has no soft pedal behaviour: no default
 * modulator has CC67 as source, so CC67 changes nothing unless the font's own modulators use it.
 * The test asks for the same: level and brightness with CC67 at 127 as FluidSynth's, within
 * 0.5 dB and 3 %.
 */

const RATE = 44100;
const A = 69; // 440 Hz
const B = 76; // 659 Hz
const C = 64; // 330 Hz

function render(events: TimedEvent[], endMs: number, program = SINE_PROGRAM): { fluid: StereoRender; ours: StereoRender } {
  const font = comparisonFont();
  const midi = writeTimedSong([programChange(0, 0, program), ...events], endMs);
  const fluid = renderWithFluidSynth(midi, font.path);
  return { fluid, ours: renderWithSynthesizer(midi, font.soundFont, fluid.left.length, { profile: "full" }) };
}

/**
 * Whether each key's tone sounds in the 4096 frames from `ms`, in both renders: the same set.
 * Levels count from each engine's own level of A alone, just after it is struck at 100 ms, as
 * the two engines' overall gains differ.
 */
function expectSameKeysSounding(fluid: StereoRender, ours: StereoRender, ms: number, keys: readonly number[], what: string): void {
  const toneDb = (r: StereoRender, at: number, key: number) => toneLevelDb(mixToMono(r.left, r.right), RATE, frameAt(at, RATE), 4096, keyToHz(key));
  const fluidA = toneDb(fluid, 110, A);
  const oursA = toneDb(ours, 110, A);
  for (const key of keys) {
    const f = toneDb(fluid, ms, key) - fluidA;
    const o = toneDb(ours, ms, key) - oursA;
    expect(o > -50, `${what}, key ${key} at ${ms} ms: FluidSynth ${f.toFixed(1)} dB, ours ${o.toFixed(1)} dB`).toBe(f > -50);
    if (f > -50) expect(Math.abs(f - o), `${what}, key ${key} at ${ms} ms`).toBeLessThan(1);
  }
}

const reason = skipReason();
describe.skipIf(warnSkip("pedals against FluidSynth", reason))("sostenuto and soft pedal", () => {
  test("sostenuto holds the notes down when it was pressed, not later ones, until it is released", () => {
    const { fluid, ours } = render([
      noteOn(100, 0, A, 100),
      controlChange(200, 0, 66, 127), // A is down: sostenuto takes it
      noteOn(300, 0, B, 100), // struck after the pedal: not taken
      noteOff(400, 0, A),
      noteOff(500, 0, B),
      controlChange(900, 0, 66, 0),
    ], 1200);
    expectSameKeysSounding(fluid, ours, 600, [A, B], "pedal down");
    expectSameKeysSounding(fluid, ours, 1000, [A, B], "pedal up");
  });

  test("sostenuto and sustain hold separately, and each releases only its own", () => {
    const { fluid, ours } = render([
      noteOn(100, 0, A, 100),
      controlChange(150, 0, 66, 127),
      noteOff(200, 0, A), // held by sostenuto
      controlChange(250, 0, 64, 127),
      noteOn(300, 0, B, 100),
      noteOff(350, 0, B), // held by sustain
      controlChange(700, 0, 64, 0), // releases B only
      noteOn(1000, 0, C, 100),
      noteOff(1050, 0, C), // pedal up since... sostenuto still down but C is newer: released
      controlChange(1500, 0, 66, 0), // releases A
    ], 1800);
    expectSameKeysSounding(fluid, ours, 450, [A, B], "both pedals down");
    expectSameKeysSounding(fluid, ours, 800, [A, B], "sustain up");
    expectSameKeysSounding(fluid, ours, 1200, [A, B, C], "sostenuto still down, C struck after it");
    expectSameKeysSounding(fluid, ours, 1600, [A, B, C], "sostenuto up");
  });

  test("pressing sostenuto again takes the notes down at the new press", () => {
    const { fluid, ours } = render([
      noteOn(100, 0, A, 100),
      controlChange(150, 0, 66, 127),
      controlChange(200, 0, 66, 0),
      noteOn(250, 0, B, 100),
      controlChange(300, 0, 66, 127), // now B (and A, still down) are taken
      noteOff(350, 0, A),
      noteOff(350, 0, B),
      controlChange(900, 0, 121, 0),
    ], 1200);
    expectSameKeysSounding(fluid, ours, 500, [A, B], "second press");
    expectSameKeysSounding(fluid, ours, 1000, [A, B], "after Reset All Controllers");
  });

  test.each([
    ["sawtooth through a low-pass", SAW_PROGRAM],
    ["sine", SINE_PROGRAM],
  ])("soft pedal on the %s: level and brightness change as FluidSynth's", (_, program) => {
    const series = noteSeries([0, 127], (ms, v) => [controlChange(ms, 0, 67, v)], () => 100, { program, key: 57, noteMs: 400, gapMs: 50, cut: true });
    const font = comparisonFont();
    const fluid = renderWithFluidSynth(series.midi, font.path);
    const ours = renderWithSynthesizer(series.midi, font.soundFont, fluid.left.length, { profile: "full" });
    const change = (r: StereoRender) => {
      const [off, on] = series.windows.map(([s, e]) => ({
        level: stereoLevelDb(r.left, r.right, s, e).total,
        centroid: spectralCentroid(mixToMono(r.left, r.right), RATE, s, 8192),
      }));
      return { level: on.level - off.level, brightness: on.centroid / off.centroid };
    };
    const f = change(fluid);
    const o = change(ours);
    expect(Math.abs(o.level - f.level), `level change: FluidSynth ${f.level.toFixed(2)} dB, ours ${o.level.toFixed(2)} dB`).toBeLessThan(0.5);
    expect(Math.abs(o.brightness / f.brightness - 1), `centroid ratio: FluidSynth ${f.brightness.toFixed(3)}, ours ${o.brightness.toFixed(3)}`).toBeLessThan(0.03);
  });
});
