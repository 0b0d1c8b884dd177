import { describe, expect, it } from "vitest";
import { MidiFile, MidiFileLoopType, midiSongFromFile, writeMidiFile, type MidiSong } from "../../lib/midi/index.js";
import { endOfTrack, smf, tempo, vlq } from "./smf.js";

const tempoBytes = (us: number): Uint8Array => Uint8Array.of(us >> 16, (us >> 8) & 0xff, us & 0xff);
const events = (file: MidiFile) => [...file.events()];

describe("writeMidiFile", () => {
  it("writes sorted delta times, full status bytes and an end of track", () => {
    const song: MidiSong = {
      format: 0,
      resolution: 96,
      tracks: [
        [
          { tick: 96, status: 0x80, data1: 60, data2: 0 },
          { tick: 0, status: 0x90, data1: 60, data2: 100 },
          { tick: 0, meta: 0x51, data: tempoBytes(600000) },
          { tick: 0, status: 0xc0, data1: 5, data2: 99 }, // program change: data2 is not written
          { tick: 0x4000, status: 0x90, data1: 62, data2: 1 },
        ],
      ],
    };
    expect([...writeMidiFile(song)]).toEqual([
      ...[0x4d, 0x54, 0x68, 0x64, 0, 0, 0, 6, 0, 0, 0, 1, 0, 96],
      ...[0x4d, 0x54, 0x72, 0x6b, 0, 0, 0, 27],
      ...[0x00, 0x90, 60, 100],
      ...[0x00, 0xff, 0x51, 3, 0x09, 0x27, 0xc0],
      ...[0x00, 0xc0, 5],
      ...[0x60, 0x80, 60, 0],
      ...[0xff, 0x20, 0x90, 62, 1], // 0x4000 - 96 = 0x3FA0 = (0x7F << 7) | 0x20
      ...[0x00, 0xff, 0x2f, 0x00],
    ]);
  });

  it("writes what the parser reads back: the same events, tempo map and length", () => {
    const song: MidiSong = {
      format: 1,
      resolution: 480,
      tracks: [
        [
          { tick: 0, meta: 0x51, data: tempoBytes(500000) },
          { tick: 0, meta: 0x03, data: new TextEncoder().encode("Conductor") },
          { tick: 1920, meta: 0x51, data: tempoBytes(750000) },
        ],
        [
          { tick: 0, status: 0x90, data1: 60, data2: 100 },
          { tick: 960, status: 0x80, data1: 60, data2: 64 },
          { tick: 1920, status: 0xe0, data1: 0, data2: 0x40 },
          { tick: 2880, status: 0xd0, data1: 33, data2: 0 },
        ],
        [{ tick: 480, status: 0x99, data1: 36, data2: 127 }],
      ],
    };
    const file = new MidiFile(writeMidiFile(song));
    expect(file.format).toBe(1);
    expect(file.trackCount).toBe(3);
    expect(file.resolution).toBe(480);
    expect(events(file).map((e) => [e.tick, e.track, e.type, e.status, e.data1, e.data2])).toEqual([
      [0, 1, "message", 0x90, 60, 100],
      [480, 2, "message", 0x99, 36, 127],
      [480, 2, "endOfTrack", 0, 0, 0],
      [960, 1, "message", 0x80, 60, 64],
      [1920, 0, "endOfTrack", 0, 0, 0],
      [1920, 1, "message", 0xe0, 0, 0x40],
      [2880, 1, "message", 0xd0, 33, 0],
      [2880, 1, "endOfTrack", 0, 0, 0],
    ]);
    expect(file.tempoChanges.map((t) => [t.tick, t.microsecondsPerQuarterNote])).toEqual([
      [0, 500000],
      [1920, 750000],
    ]);
    expect(file.length).toBeCloseTo(2 + 1.5, 12);
  });

  it("places the end of track at the latest explicit end-of-track event, for trailing silence", () => {
    const song: MidiSong = {
      format: 0,
      resolution: 96,
      tracks: [
        [
          { tick: 400, meta: 0x2f, data: new Uint8Array(0) },
          { tick: 0, status: 0x90, data1: 60, data2: 100 },
          { tick: 200, meta: 0x2f, data: new Uint8Array(0) }, // superseded by the later one
        ],
      ],
    };
    const file = new MidiFile(writeMidiFile(song));
    expect(events(file).map((e) => [e.tick, e.type])).toEqual([
      [0, "message"],
      [400, "endOfTrack"],
    ]);
    // An end-of-track earlier than the last event cannot cut it off.
    const early = writeMidiFile({ format: 0, resolution: 96, tracks: [[{ tick: 50, status: 0x90, data1: 1, data2: 1 }, { tick: 10, meta: 0x2f, data: new Uint8Array(0) }]] });
    expect(events(new MidiFile(early)).map((e) => e.tick)).toEqual([50, 50]);
  });

  it("encodes delta times of every width", () => {
    const ticks = [0, 0x7f, 0x7f + 0x80, 0x7f + 0x80 + 0x3fff, 0x7f + 0x80 + 0x3fff + 0x4000, 0x7f + 0x80 + 0x3fff + 0x4000 + 0x0fffffff];
    const song: MidiSong = { format: 0, resolution: 1, tracks: [ticks.map((tick) => ({ tick, status: 0xb0, data1: 7, data2: 1 }))] };
    expect(events(new MidiFile(writeMidiFile(song))).map((e) => e.tick)).toEqual([...ticks, ticks[ticks.length - 1]]);
  });

  it("writes an empty track as a lone end of track", () => {
    const bytes = writeMidiFile({ format: 0, resolution: 96, tracks: [[]] });
    expect([...bytes.subarray(14)]).toEqual([0x4d, 0x54, 0x72, 0x6b, 0, 0, 0, 4, 0, 0xff, 0x2f, 0]);
  });

  it.each([
    ["a format 0 song with two tracks", { format: 0, resolution: 96, tracks: [[], []] }, /format 0 song cannot have 2 tracks/],
    ["a song without tracks", { format: 1, resolution: 96, tracks: [] }, /cannot have 0 tracks/],
    ["format 2", { format: 2, resolution: 96, tracks: [[]] }, /format must be 0 or 1/],
    ["a resolution of 0", { format: 0, resolution: 0, tracks: [[]] }, /resolution must be an integer from 1 to 32767/],
    ["a resolution of 32768 (SMPTE)", { format: 0, resolution: 32768, tracks: [[]] }, /resolution/],
    ["a negative tick", { format: 0, resolution: 96, tracks: [[{ tick: -1, status: 0x90, data1: 1, data2: 1 }]] }, /track 0, tick -1: tick must be a non-negative integer/],
    ["a fractional tick", { format: 0, resolution: 96, tracks: [[{ tick: 1.5, status: 0x90, data1: 1, data2: 1 }]] }, /tick must be a non-negative integer/],
    ["a system status", { format: 0, resolution: 96, tracks: [[{ tick: 0, status: 0xf0, data1: 1, data2: 1 }]] }, /status must be a channel message status/],
    ["a data byte of 128", { format: 0, resolution: 96, tracks: [[{ tick: 0, status: 0x90, data1: 128, data2: 1 }]] }, /data bytes must be 0-127/],
    ["a meta type of 128", { format: 0, resolution: 96, tracks: [[{ tick: 0, meta: 0x80, data: new Uint8Array(0) }]] }, /meta type must be 0-127/],
    ["a gap too long for a delta time", { format: 0, resolution: 96, tracks: [[{ tick: 0x10000000, status: 0x90, data1: 1, data2: 1 }]] }, /exceeds the 268435455 ticks a delta time can hold/],
  ])("refuses %s with a RangeError", (_, song, message) => {
    expect(() => writeMidiFile(song as MidiSong)).toThrow(RangeError);
    expect(() => writeMidiFile(song as MidiSong)).toThrow(message);
  });
});

describe("midiSongFromFile", () => {
  it("round-trips messages, running status, tempo changes, meta events, loop controllers and track ends", () => {
    const original = smf(
      1,
      120,
      [...tempo(0, 400000), ...vlq(0), 0xff, 0x03, 2, 0x41, 0x42, ...tempo(240, 900000), ...endOfTrack(500)],
      [...vlq(0), 0xc0, 3, ...vlq(0), 0x90, 60, 100, ...vlq(10), 62, 100, ...vlq(0), 0xb0, 111, 0, ...vlq(0), 0xf0, 1, 0xf7, ...vlq(100), 0xb0, 7, 90, ...endOfTrack()],
    );
    for (const loopType of Object.values(MidiFileLoopType)) {
      const file = new MidiFile(original, { loopType });
      const copy = new MidiFile(writeMidiFile(midiSongFromFile(file)), { loopType });
      expect(events(copy)).toEqual(events(file));
      expect(copy.tempoChanges).toEqual(file.tempoChanges);
      expect(copy.metaEvents).toEqual(file.metaEvents);
      expect(copy.metaEvents.map((e) => e.text)).toEqual(["AB"]);
      expect(copy.length).toBe(file.length);
      expect(copy.format).toBe(1);
      expect(copy.resolution).toBe(120);
    }
  });

  it("drops the explicit loop point, which belongs to the parse options rather than the file", () => {
    const original = smf(0, 96, [...vlq(0), 0x90, 60, 100, ...endOfTrack(96)]);
    const file = new MidiFile(original, { loopPoint: 48 });
    const song = midiSongFromFile(file);
    expect(song.tracks[0]).toHaveLength(2);
    expect(events(new MidiFile(writeMidiFile(song), { loopPoint: 48 }))).toEqual(events(file));
  });
});
