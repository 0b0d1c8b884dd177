import { describe, expect, test } from "vitest";
import { Synthesizer } from "../../lib/index.js";
import { controlChange, noteOff, noteOn, programChange, rolandDataSet, sysex, writeTimedSong, type TimedEvent } from "../fluidsynth/timedSong.js";
import { SINE_HZ, delayTrackMs, effectTestFont, levelDb, oscillationHz, renderSong, rt60, swing, wetPart } from "./effectAnalysis.js";

/**
 * The GS reverb and chorus messages and GM2's, in the 'full' profile: what each type does to the
 * decay time of a noise burst and to the chorus's modulation, and that GS's defaults are
 * MeltySynth's sound.
 */

const font = effectTestFont();
const REVERB_TYPES = ["Room 1", "Room 2", "Room 3", "Hall 1", "Hall 2", "Plate", "Delay", "Panning Delay"];
const gsReverb = (parameter: number, value: number) => sysex(0, rolandDataSet([0x40, 0x01, 0x30 + parameter], [value]));
const gsChorus = (parameter: number, value: number) => sysex(0, rolandDataSet([0x40, 0x01, 0x38 + parameter], [value]));
const gm2 = (slot: number, parameter: number, value: number) => sysex(0, [0xf0, 0x7f, 0x7f, 0x04, 0x05, 1, 1, 1, 1, slot, parameter, value, 0xf7]);
const burst = (messages: TimedEvent[]) =>
  writeTimedSong([...messages, controlChange(0, 0, 91, 127), controlChange(0, 0, 93, 0), noteOn(1, 0, 60, 127), noteOff(101, 0, 60)], 5000);
const dry = renderSong(font.soundFont, burst([]), 5, { enableReverbAndChorus: false, profile: "full" });
const decay = (messages: TimedEvent[]) => rt60(wetPart(renderSong(font.soundFont, burst(messages), 5, { profile: "full" }), dry), 0.15);

describe("GS and GM2 reverb messages", () => {
  test("each reverb macro sets a decay as its type says: rooms shortest, then halls, the plate longest", () => {
    const times = REVERB_TYPES.map((_, type) => decay([gsReverb(0, type)]));
    const [room1, room2, room3, hall1, hall2, plate] = times;
    // Measured: Room 1 0.84 s, Room 2 0.77, Room 3 0.96, Hall 1 1.13, Hall 2 1.12, Plate 1.70,
    // Delay 0.74, Panning Delay 1.11.
    for (const room of [room1, room2, room3]) expect(room).toBeLessThan(0.9 * Math.min(hall1, hall2));
    expect(room2).toBeLessThan(room1);
    expect(plate).toBeGreaterThan(1.3 * Math.max(hall1, hall2));
  });

  test("the reverb time lengthens the decay of the type in use; GM2's types and time act as GS's", () => {
    expect(decay([gsReverb(0, 3), gsReverb(4, 100)])).toBeGreaterThan(1.5 * decay([gsReverb(0, 3), gsReverb(4, 40)]));
    expect(decay([gm2(1, 0, 8)])).toBeCloseTo(decay([gsReverb(0, 5)]), 6);
    expect(decay([gm2(1, 0, 0), gm2(1, 1, 90)])).toBeCloseTo(decay([gsReverb(0, 0), gsReverb(4, 90)]), 6);
  });

  test("the reverb level scales the return; a GS reset undoes every message", () => {
    const level = (messages: TimedEvent[]) => levelDb(wetPart(renderSong(font.soundFont, burst(messages), 5, { profile: "full" }), dry), 0.1, 1);
    expect(level([gsReverb(3, 127)]) - level([])).toBeCloseTo(20 * Math.log10(127 / 64), 1);
    const reset = sysex(0, rolandDataSet([0x40, 0x00, 0x7f], [0]));
    expect(decay([gsReverb(0, 5), reset])).toBe(decay([]));
  });
});

describe("GS and GM2 chorus messages", () => {
  const tone = (messages: TimedEvent[]) =>
    writeTimedSong([...messages, programChange(0, 0, 1), controlChange(0, 0, 91, 0), controlChange(0, 0, 93, 127), noteOn(10, 0, 60, 127), noteOff(6000, 0, 60)], 6100);
  const toneDry = renderSong(font.soundFont, tone([]), 6.1, { enableReverbAndChorus: false, profile: "full" });
  const delays = (messages: TimedEvent[]) => delayTrackMs(wetPart(renderSong(font.soundFont, tone(messages), 6.1, { profile: "full" }), toneDry).left, toneDry.left, 44100, SINE_HZ, 0.5, 6, 5);

  test("each chorus macro sets its rate and depth; GM2's rate and depth are in its units", () => {
    const chorus2 = delays([gsChorus(0, 1)]);
    expect(oscillationHz(chorus2, 5)).toBeCloseTo(1.2, 1);
    expect(swing(chorus2)).toBeCloseTo(3.8, 1);
    const chorus1 = delays([gsChorus(0, 0)]);
    expect(swing(chorus1)).toBeCloseTo(1, 1);
    const gm2Chorus = delays([gm2(2, 1, 5), gm2(2, 2, 20)]);
    expect(oscillationHz(gm2Chorus, 5)).toBeCloseTo(0.61, 1);
    expect(swing(gm2Chorus)).toBeCloseTo(21 / 3.2, 1);
  });
});

describe("GS's defaults", () => {
  test("are MeltySynth's reverb and chorus, bit for bit; the 'meltysynth' profile ignores the messages", () => {
    const song = writeTimedSong(
      [gsReverb(0, 4), gsChorus(0, 2), controlChange(0, 0, 91, 100), controlChange(0, 0, 93, 100), noteOn(10, 0, 60, 100), noteOff(800, 0, 60)],
      1500,
    );
    const plain = writeTimedSong([controlChange(0, 0, 91, 100), controlChange(0, 0, 93, 100), noteOn(10, 0, 60, 100), noteOff(800, 0, 60)], 1500);
    const bits = (midi: Uint8Array, profile: "full" | "meltysynth") => Buffer.from(renderSong(font.soundFont, midi, 1.5, { profile }).left.buffer);
    expect(bits(song, "full").equals(bits(plain, "full"))).toBe(true);
    expect(bits(writeTimedSong([gsReverb(0, 5), noteOn(10, 0, 60, 100), controlChange(0, 0, 91, 100), noteOff(800, 0, 60)], 1500), "meltysynth").equals(
      bits(writeTimedSong([noteOn(10, 0, 60, 100), controlChange(0, 0, 91, 100), noteOff(800, 0, 60)], 1500), "meltysynth"),
    )).toBe(true);
    const synthesizer = new Synthesizer(font.soundFont, { profile: "full" });
    synthesizer.processSysEx(Uint8Array.from(rolandDataSet([0x40, 0x01, 0x30], [5])));
    expect(synthesizer.reverb).toMatchObject({ roomSize: 88 / 128, damping: 0.2 });
    synthesizer.setReverb({ width: 0.5 });
    expect(synthesizer.reverb).toMatchObject({ roomSize: 88 / 128, damping: 0.2, width: 0.5 });
    synthesizer.reset();
    expect(synthesizer.reverb).toEqual({ roomSize: 0.5, damping: 0.5, width: 0.5, level: 1 / 3 });
  });
});
