import { describe, expect, test } from "vitest";
import { centsBetween, frameAt, keyToHz, median, mixToMono, spectralCentroid, stereoLevelDb, trackPitch } from "./analysis.js";
import { comparisonFont, SINE_PROGRAM } from "./comparisonFont.js";
import { renderWithFluidSynth, skipReason, warnSkip, type StereoRender } from "./fluidsynth.js";
import { renderWithSynthesizer } from "./renderSynthesizer.js";
import { controlChange, noteOff, noteOn, pitchBend, programChange, rolandDataSet, sysex, writeTimedSong, type TimedEvent } from "./timedSong.js";

/**
 * System exclusive from a MIDI file (MidiFileSequencer passes it to processSysEx), full profile
 * against FluidSynth 2.3.
 *
 * What FluidSynth 2.3 does:
 * - GM System On (F0 7E dev 09 01 F7) and GM2 System On (09 03): bank select style GM (bank
 *   select messages ignored from then on), then a system reset: all sounds off, and every channel
 *   reset: program 0, bank 0, drums on channel 10 only (bank 128), all controllers 0 except
 *   volume 100, pan 64, expression 127, balance 64, sound controllers 70-79 at 64, RPN/NRPN
 *   null (127), pitch bend centred, bend range 2 semitones, channel and key pressure 0.
 * - GS reset (Roland DT1 to 40 00 7F, data 00): bank style GS and the same system reset; data
 *   7F ("GS off") sets style GM and resets. Other GS messages are only heeded in GS style, which
 *   is FluidSynth's default style.
 * - GS "use for rhythm part" (DT1 to 40 1x 15, data 0 melodic, 1 or 2 drums): block x names the
 *   part: x = 0 is channel 10, x = 1..9 is channel x, x >= 0x0A is channel x + 1. The channel's
 *   type changes and program 0 is selected on it at once (bank 128 for a drum channel). A part
 *   made melodic keeps the bank it had (128 on channel 10) until a bank select, which GS style
 *   heeds on melodic channels only (drum channels ignore bank select).
 * - XG System On (F0 43 1n 4C 00 00 7E 00 F7): bank style XG and the same system reset. In XG
 *   style, a bank select MSB of 120 or more makes the channel a drum channel (MSB below 120
 *   makes it melodic again; the LSB picks the melodic bank); the next program change picks
 *   from bank 128.
 * - GM2 bank MSB 120 is not a drum bank in FluidSynth 2.3 (GM style ignores bank select), and
 *   there is no universal master volume (F0 7F dev 04 01 ll mm F7): FluidSynth ignores it. Neither
 *   is compared here.
 * - Device ids: FluidSynth accepts a message whose device byte is its synth.device-id or 7F.
 *   Version 2.3's default device id is 0, later versions' 16 (0x10, the GS and XG default); the
 *   renders here set 16 so the usual F0 41 10 ... and F0 43 10 ... messages are heeded.
 * - FluidSynth 2.3 mishandles a DT1 checksum of 0 (it expects 0x80); the messages here avoid it.
 */

const RATE = 44100;
const GM_ON = [0xf0, 0x7e, 0x7f, 0x09, 0x01, 0xf7];
const GS_RESET = rolandDataSet([0x40, 0x00, 0x7f], [0x00]);
const XG_ON = [0xf0, 0x43, 0x10, 0x4c, 0x00, 0x00, 0x7e, 0x00, 0xf7];
/** GS "use for rhythm part" for 0-based MIDI channel `channel`. */
function rhythmPart(channel: number, mode: 0 | 1 | 2): number[] {
  const block = channel === 9 ? 0 : channel < 9 ? channel + 1 : channel;
  return rolandDataSet([0x40, 0x10 | block, 0x15], [mode]);
}

function render(events: TimedEvent[], endMs: number): { fluid: StereoRender; ours: StereoRender } {
  const font = comparisonFont();
  const midi = writeTimedSong(events, endMs);
  const fluid = renderWithFluidSynth(midi, font.path, { settings: { "synth.device-id": 16 } });
  return { fluid, ours: renderWithSynthesizer(midi, font.soundFont, fluid.left.length, { profile: "full" }) };
}

/** The comparison font's drum kit is white noise, its melodic programs a 440 Hz-rooted sine. */
function playsDrums(r: StereoRender, onsetMs: number): boolean {
  const centroid = spectralCentroid(mixToMono(r.left, r.right), RATE, frameAt(onsetMs + 30, RATE), 4096);
  return centroid > 3000;
}

function expectSameInstrument(fluid: StereoRender, ours: StereoRender, onsetMs: number, what: string): boolean {
  const f = playsDrums(fluid, onsetMs);
  expect(playsDrums(ours, onsetMs), `${what}: FluidSynth plays ${f ? "the drum kit" : "a melodic program"}`).toBe(f);
  return f;
}

const reason = skipReason();
describe.skipIf(warnSkip("sysex against FluidSynth", reason))("system exclusive", () => {
  test("a GS song whose drums are on channel 11 plays a drum kit there", () => {
    const { fluid, ours } = render([
      sysex(0, GS_RESET),
      sysex(40, rhythmPart(10, 1)),
      programChange(60, 10, 0),
      noteOn(100, 10, 38, 100),
      noteOff(300, 10, 38),
      noteOn(400, 0, 69, 100),
      noteOff(600, 0, 69),
    ], 700);
    expect(expectSameInstrument(fluid, ours, 100, "channel 11 after the rhythm part message")).toBe(true);
    expect(expectSameInstrument(fluid, ours, 400, "channel 1")).toBe(false);
  });

  test("without the rhythm part message, channel 11 stays melodic; GS can also make channel 10 melodic", () => {
    const { fluid, ours } = render([
      sysex(0, GS_RESET),
      noteOn(100, 10, 69, 100),
      noteOff(300, 10, 69),
      sysex(350, rhythmPart(9, 0)),
      // FluidSynth keeps the channel's bank (128) when the part turns melodic; a bank select
      // is then heeded (the channel is no longer a drum channel) and picks the melodic bank.
      controlChange(360, 9, 0, 0),
      programChange(370, 9, SINE_PROGRAM),
      noteOn(400, 9, 69, 100),
      noteOff(600, 9, 69),
    ], 700);
    expect(expectSameInstrument(fluid, ours, 100, "channel 11 without the message")).toBe(false);
    expect(expectSameInstrument(fluid, ours, 400, "channel 10 made melodic")).toBe(false);
  });

  test("XG: bank select MSB 127 then a program change selects a drum kit on channel 1", () => {
    const { fluid, ours } = render([
      sysex(0, XG_ON),
      controlChange(40, 0, 0, 127),
      programChange(50, 0, 0),
      noteOn(100, 0, 38, 100),
      noteOff(300, 0, 38),
      controlChange(350, 0, 0, 0),
      programChange(360, 0, SINE_PROGRAM),
      noteOn(400, 0, 69, 100),
      noteOff(600, 0, 69),
    ], 700);
    expect(expectSameInstrument(fluid, ours, 100, "XG bank 127")).toBe(true);
    expect(expectSameInstrument(fluid, ours, 400, "XG bank 0")).toBe(false);
  });

  test.each([
    ["GM System On", GM_ON],
    ["GS reset", GS_RESET],
    ["XG System On", XG_ON],
  ])("%s in the middle of a song resets the controllers and the drum channel as FluidSynth does", (_, reset) => {
    const controllers = [
      controlChange(10, 0, 7, 40), controlChange(10, 0, 11, 70), controlChange(10, 0, 10, 10),
      controlChange(10, 0, 1, 127), pitchBend(10, 0, 12000),
    ];
    const { fluid, ours } = render([
      programChange(0, 0, SINE_PROGRAM),
      ...controllers,
      sysex(20, GS_RESET), sysex(30, rhythmPart(10, 1)),
      noteOn(100, 0, 69, 100), noteOff(600, 0, 69),
      sysex(700, reset),
      noteOn(800, 0, 69, 100), noteOff(1300, 0, 69),
      noteOn(1400, 10, 69, 100), noteOff(1600, 10, 69),
      noteOn(1700, 9, 38, 100), noteOff(1900, 9, 38),
    ], 2000);
    const window = (ms: number) => [frameAt(ms + 100, RATE), frameAt(ms + 450, RATE)] as const;
    for (const side of ["left", "right"] as const) {
      const change = (r: StereoRender) => stereoLevelDb(r.left, r.right, ...window(800))[side] - stereoLevelDb(r.left, r.right, ...window(100))[side];
      const f = change(fluid);
      const o = change(ours);
      expect(Math.abs(o - f), `${side} level after the reset from before: FluidSynth ${f.toFixed(2)} dB, ours ${o.toFixed(2)} dB`).toBeLessThan(0.5);
    }
    const pitch = (r: StereoRender) => median(centsBetween(trackPitch(mixToMono(r.left, r.right), RATE, 0, r.left.length), keyToHz(69), 0.9, 1.25));
    expect(Math.abs(pitch(ours) - pitch(fluid)), `pitch after the reset: FluidSynth ${pitch(fluid).toFixed(1)}, ours ${pitch(ours).toFixed(1)} cents`).toBeLessThan(1);
    expectSameInstrument(fluid, ours, 1400, "channel 11 after the reset");
    expectSameInstrument(fluid, ours, 1700, "channel 10 after the reset");
  });
});
