import { describe, expect, it } from "vitest";
import { MidiFile } from "../../lib/midi/index.js";
import { endOfTrack, smf, tempo, vlq } from "./smf.js";

const text = (delta: number, type: number, words: string): number[] => [
  ...vlq(delta),
  0xff,
  type,
  ...vlq(words.length),
  ...[...words].map((c) => c.charCodeAt(0)),
];

describe("MidiFile.metaEvents", () => {
  // Two tracks at 96 ticks a quarter: a conductor track (name, time signature, a tempo change to
  // 60 BPM at tick 96, a marker) and a karaoke track whose syllables fall with its notes.
  const conductor = [
    ...text(0, 0x03, "Song"),
    0x00, 0xff, 0x58, 0x04, 3, 2, 24, 8,
    ...tempo(96, 1000000),
    ...text(96, 0x06, "Verse"),
    ...endOfTrack(0),
  ];
  const karaoke = [
    ...text(0, 0x01, "@TKaraoke"),
    ...text(48, 0x05, "Hel"), 0x00, 0x90, 60, 100,
    ...text(96, 0x05, "lo\u00e9"), 0x00, 0x90, 62, 100,
    0x60, 0x80, 60, 0, 0x00, 0x80, 62, 0,
    ...endOfTrack(0),
  ];
  const song = new MidiFile(smf(1, 96, conductor, karaoke));

  it("keeps text, lyrics, markers, names and signatures, in playback order with their kinds and texts", () => {
    expect(song.metaEvents.map((e) => [e.kind, e.tick, e.track, e.text])).toEqual([
      ["trackName", 0, 0, "Song"],
      ["timeSignature", 0, 0, undefined],
      ["text", 0, 1, "@TKaraoke"],
      ["lyric", 48, 1, "Hel"],
      ["lyric", 144, 1, "lo\u00e9"],
      ["marker", 192, 0, "Verse"],
    ]);
    expect([...song.metaEvents[1].data]).toEqual([3, 2, 24, 8]);
  });

  it("gives each the time a message at its tick has, and leaves the messages' times as they were", () => {
    // 120 BPM up to tick 96 (0.5 s), then 60 BPM: tick 144 is 1.0 s, tick 192 is 1.5 s.
    const times = Object.fromEntries(song.metaEvents.map((e) => [e.text ?? e.kind, e.time]));
    expect(times.Hel).toBe(0.25);
    expect(times["lo\u00e9"]).toBe(1);
    expect(times.Verse).toBe(1.5);
    const noteOns = [...song.events()].filter((e) => e.type === "message" && (e.status & 0xf0) === 0x90);
    expect(noteOns.map((e) => e.time)).toEqual([times.Hel, times["lo\u00e9"]]);
    // The same notes without any meta event: the same times, bit for bit.
    const bare = new MidiFile(smf(1, 96, [...tempo(96, 1000000), ...endOfTrack(96)], [0x30, 0x90, 60, 100, 0x60, 0x90, 62, 100, 0x60, 0x80, 60, 0, 0x00, 0x80, 62, 0, ...endOfTrack(0)]));
    expect([...bare.events()].map((e) => e.time)).toEqual([...song.events()].map((e) => e.time));
    expect(bare.length).toBe(song.length);
  });

  it("skips a type above 0x7F, which the standard does not have, so that a written copy reads back", () => {
    const odd = new MidiFile(smf(0, 96, [0x00, 0xff, 0x90, 0x01, 65, ...text(0, 0x06, "A"), ...endOfTrack(0)]));
    expect(odd.metaEvents.map((e) => e.kind)).toEqual(["marker"]);
  });
});
