import { describe, expect, test } from "vitest";
import { controlChange, noteOff, noteOn, programChange, writeTimedSong } from "./timedSong.js";
import { renderWithFluidSynth, skipReason, warnSkip } from "./fluidsynth.js";
import {
  SINE_HZ, channelCorrelation, delayTrackMs, effectTestFont, levelDb, oscillationHz, renderSong, rt60, swing, wetPart,
} from "../effects/effectAnalysis.js";

/**
 * The reverb and chorus settings against FluidSynth's of the same names: each one moves the
 * measured decay time, level, stereo correlation, modulation rate and depth the way FluidSynth's
 * does, and by about as much. FluidSynth's reverb is not Freeverb any more (2.1 made it a
 * feedback delay network), so its decay times are not ours; what a setting does to them is
 * compared, as ratios. Its chorus, one voice, modulates as ours does, to within a few percent.
 */

const reason = skipReason();
describe.skipIf(warnSkip("reverb and chorus against FluidSynth", reason))("reverb and chorus settings against FluidSynth", () => {
  const font = effectTestFont();

  describe("reverb", () => {
    const burst = writeTimedSong([controlChange(0, 0, 91, 127), controlChange(0, 0, 93, 0), noteOn(0, 0, 60, 127), noteOff(100, 0, 60)], 4000);
    const ourDry = renderSong(font.soundFont, burst, 4, { enableReverbAndChorus: false });
    const ours = (reverb: object) => wetPart(renderSong(font.soundFont, burst, 4, { reverb }), ourDry);
    const fluidDry = renderWithFluidSynth(burst, font.path);
    const fluid = (settings: Record<string, number>) =>
      wetPart(renderWithFluidSynth(burst, font.path, { settings: { "synth.reverb.active": 1, "synth.reverb.damp": 0, ...settings } }), fluidDry);

    test("the room size lengthens the decay by about as much", () => {
      const ourRatio = rt60(ours({ roomSize: 0.8, damping: 0 }), 0.15) / rt60(ours({ roomSize: 0.2, damping: 0 }), 0.15);
      const fluidRatio = rt60(fluid({ "synth.reverb.room-size": 0.8 }), 0.15) / rt60(fluid({ "synth.reverb.room-size": 0.2 }), 0.15);
      // Measured: 3.6 and 3.9 times as long.
      expect(ourRatio).toBeGreaterThan(2.5);
      expect(fluidRatio).toBeGreaterThan(2.5);
      expect(ourRatio / fluidRatio).toBeGreaterThan(0.75);
      expect(ourRatio / fluidRatio).toBeLessThan(1.33);
    });

    test("damping shortens it, by somewhat less than FluidSynth's", () => {
      const ourRatio = rt60(ours({ damping: 1 }), 0.15) / rt60(ours({ damping: 0 }), 0.15);
      const fluidRatio = rt60(fluid({ "synth.reverb.room-size": 0.5, "synth.reverb.damp": 1 }), 0.15) / rt60(fluid({ "synth.reverb.room-size": 0.5 }), 0.15);
      // Measured: 0.86 and 0.64 of the undamped time (Freeverb's damping filters the combs'
      // feedback only, and the undamped lows carry the late tail).
      expect(ourRatio).toBeLessThan(0.95);
      expect(fluidRatio).toBeLessThan(0.95);
      expect(ourRatio / fluidRatio).toBeLessThan(1.5);
    });

    test("the level scales the return as FluidSynth's does, and width 0 makes both mono", () => {
      const ourChange = levelDb(ours({ level: 1 / 9 }), 0.1, 1) - levelDb(ours({ level: 1 / 3 }), 0.1, 1);
      const fluidChange = levelDb(fluid({ "synth.reverb.level": 0.3 }), 0.1, 1) - levelDb(fluid({ "synth.reverb.level": 0.9 }), 0.1, 1);
      expect(ourChange).toBeCloseTo(-9.54, 1);
      expect(Math.abs(ourChange - fluidChange)).toBeLessThan(0.5);
      expect(channelCorrelation(ours({ width: 0 }), 0.1, 1)).toBeGreaterThan(0.999);
      expect(channelCorrelation(fluid({ "synth.reverb.width": 0 }), 0.1, 1)).toBeGreaterThan(0.999);
    });
  });

  describe("chorus", () => {
    const tone = writeTimedSong(
      [programChange(0, 0, 1), controlChange(0, 0, 91, 0), controlChange(0, 0, 93, 127), noteOn(10, 0, 60, 127), noteOff(6000, 0, 60)],
      6100,
    );
    const ourDry = renderSong(font.soundFont, tone, 6.1, { enableReverbAndChorus: false });
    const fluidDry = renderWithFluidSynth(tone, font.path);
    const measure = (wet: Float32Array, dry: Float32Array) => {
      const delays = delayTrackMs(wet, dry, 44100, SINE_HZ, 0.5, 6, 5);
      return { hz: oscillationHz(delays, 5), swingMs: swing(delays) };
    };

    test.each([
      [0.4, 3.8],
      [1.5, 3.8],
      [0.4, 10],
    ])("speed %s Hz and depth %s ms modulate the delay at the same rate and by the same swing", (speed, depth) => {
      const wet = wetPart(renderSong(font.soundFont, tone, 6.1, { chorus: { speed, depth } }), ourDry);
      const settings = { "synth.chorus.active": 1, "synth.chorus.nr": 1, "synth.chorus.speed": speed, "synth.chorus.depth": depth };
      const fluidWet = wetPart(renderWithFluidSynth(tone, font.path, { settings }), fluidDry);
      const ourMeasure = measure(wet.left, ourDry.left);
      const fluidMeasure = measure(fluidWet.left, fluidDry.left);
      expect(ourMeasure.hz / fluidMeasure.hz).toBeCloseTo(1, 1);
      expect(Math.abs(ourMeasure.swingMs / fluidMeasure.swingMs - 1)).toBeLessThan(0.03);
    });

    test("more voices make the return louder, as in FluidSynth", () => {
      const ours = (voices: number) => levelDb(wetPart(renderSong(font.soundFont, tone, 6.1, { chorus: { voices } }), ourDry), 1, 5);
      const fluid = (voices: number) =>
        levelDb(wetPart(renderWithFluidSynth(tone, font.path, { settings: { "synth.chorus.active": 1, "synth.chorus.nr": voices, "synth.chorus.speed": 0.4, "synth.chorus.depth": 3.8 } }), fluidDry), 1, 5);
      // Measured from 1 to 3 voices: +5.4 dB here, +7.1 dB in FluidSynth, whose voices take the
      // left and right outputs in turn where ours each read both channels' lines.
      const ourGain = ours(3) - ours(1);
      const fluidGain = fluid(3) - fluid(1);
      expect(ourGain).toBeGreaterThan(3);
      expect(fluidGain).toBeGreaterThan(3);
      expect(Math.abs(ourGain - fluidGain)).toBeLessThan(3);
    });

    test("the level scales the return as FluidSynth's does", () => {
      const ours = (level: number) => levelDb(wetPart(renderSong(font.soundFont, tone, 6.1, { chorus: { level } }), ourDry), 1, 5);
      const fluid = (level: number) =>
        levelDb(wetPart(renderWithFluidSynth(tone, font.path, { settings: { "synth.chorus.active": 1, "synth.chorus.nr": 1, "synth.chorus.level": level } }), fluidDry), 1, 5);
      const ourChange = ours(3) - ours(1);
      expect(ourChange).toBeCloseTo(20 * Math.log10(3), 1);
      expect(Math.abs(ourChange - (fluid(6) - fluid(2)))).toBeLessThan(0.5);
    });
  });
});
