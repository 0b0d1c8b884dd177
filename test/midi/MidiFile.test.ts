import { describe, expect, it } from "vitest";
import { MidiFile, MidiFileLoopType, type MidiFileEvent } from "../../lib/midi/index.js";
import { chunk, endOfTrack, header, smf, tempo, vlq } from "./smf.js";

const note = (delta: number, status: number, key: number, velocity: number): number[] => [...vlq(delta), status, key, velocity];
const events = (file: MidiFile): MidiFileEvent[] => [...file.events()];
const summary = (file: MidiFile): string[] =>
  events(file).map((e) => `${e.tick}:${e.track}:${e.type}:${e.status.toString(16)} ${e.data1} ${e.data2}`);

describe("MidiFile: parsing", () => {
  it("reads a format 0 file: header fields, events, times and length", () => {
    const file = new MidiFile(smf(0, 96, [...note(0, 0x90, 60, 100), ...note(96, 0x80, 60, 0), ...endOfTrack(48)]));
    expect(file.format).toBe(0);
    expect(file.trackCount).toBe(1);
    expect(file.declaredTrackCount).toBe(1);
    expect(file.resolution).toBe(96);
    expect(file.eventCount).toBe(3);
    expect(events(file)).toEqual([
      { type: "message", time: 0, tick: 0, track: 0, port: 0, status: 0x90, data1: 60, data2: 100 },
      { type: "message", time: (60 / (96 * 120)) * 96, tick: 96, track: 0, port: 0, status: 0x80, data1: 60, data2: 0 },
      { type: "endOfTrack", time: (60 / (96 * 120)) * 96 + (60 / (96 * 120)) * 48, tick: 144, track: 0, port: 0, status: 0, data1: 0, data2: 0 },
    ]);
    expect(file.length).toBeCloseTo(0.75, 12);
    expect(file.length).toBe(events(file)[2].time);
  });

  it("accepts an ArrayBuffer as well as a Uint8Array", () => {
    const bytes = smf(0, 96, [...note(0, 0x90, 60, 100), ...endOfTrack(96)]);
    expect(events(new MidiFile(bytes.slice().buffer))).toEqual(events(new MidiFile(bytes)));
  });

  it("applies running status, with one data byte for program change and channel pressure", () => {
    const track = [
      ...note(0, 0x91, 60, 100),
      ...vlq(10), 62, 101, // running status: note on, channel 1
      ...vlq(0), 0xc2, 5,
      ...vlq(0), 6, // running status: program change, one data byte
      ...vlq(0), 0xd3, 40,
      ...vlq(0), 41,
      ...vlq(5), 0xe4, 0, 64,
      ...vlq(0), 1, 65,
      ...endOfTrack(),
    ];
    expect(summary(new MidiFile(smf(0, 96, track)))).toEqual([
      "0:0:message:91 60 100",
      "10:0:message:91 62 101",
      "10:0:message:c2 5 0",
      "10:0:message:c2 6 0",
      "10:0:message:d3 40 0",
      "10:0:message:d3 41 0",
      "15:0:message:e4 0 64",
      "15:0:message:e4 1 65",
      "15:0:endOfTrack:0 0 0",
    ]);
  });

  it("keeps whole sysex messages, skips escapes and non-tempo meta events, and ignores events after the end of track", () => {
    const track = [
      ...vlq(0), 0xf0, 3, 0x7e, 0x7f, 0xf7,
      ...vlq(0), 0xff, 0x03, 4, 0x4e, 0x61, 0x6d, 0x65, // track name
      ...vlq(0), 0xf7, 1, 0xf7,
      ...note(10, 0x90, 60, 100),
      ...endOfTrack(10),
      ...note(0, 0x90, 61, 100), // after the end of track: ignored
    ];
    const file = new MidiFile(smf(0, 96, track));
    expect(summary(file)).toEqual(["0:0:systemExclusive:f0 0 0", "10:0:message:90 60 100", "20:0:endOfTrack:0 0 0"]);
    expect([...file.events()][0].data).toEqual(Uint8Array.of(0xf0, 0x7e, 0x7f, 0xf7));
  });

  it("merges format 1 tracks by tick, the lower track first at equal ticks", () => {
    const file = new MidiFile(
      smf(
        1,
        96,
        [...note(10, 0x90, 1, 1), ...note(10, 0x90, 2, 1), ...endOfTrack()],
        [...note(5, 0x91, 3, 1), ...note(5, 0x91, 4, 1), ...note(10, 0x91, 5, 1), ...endOfTrack()],
        [...note(0, 0x92, 6, 1), ...endOfTrack(20)],
      ),
    );
    expect(file.format).toBe(1);
    expect(file.trackCount).toBe(3);
    expect(summary(file)).toEqual([
      "0:2:message:92 6 1",
      "5:1:message:91 3 1",
      "10:0:message:90 1 1",
      "10:1:message:91 4 1",
      "20:0:message:90 2 1",
      "20:0:endOfTrack:0 0 0",
      "20:1:message:91 5 1",
      "20:1:endOfTrack:0 0 0",
      "20:2:endOfTrack:0 0 0",
    ]);
  });

  it("computes exact times through a tempo map, as rustysynth's float64 clock does", () => {
    const conductor = [...tempo(0, 500000), ...tempo(96, 1000000), ...tempo(96, 250000), ...endOfTrack(96)];
    const notes = [...note(48, 0x90, 60, 100), ...note(96, 0x90, 62, 100), ...note(96, 0x90, 64, 100), ...endOfTrack()];
    const file = new MidiFile(smf(1, 96, conductor, notes));

    // The clock advances at every event of any track, tempo changes included.
    const step = (bpm: number, ticks: number): number => (60 / (96 * bpm)) * ticks;
    let t = 0;
    const expected: [number, number][] = [];
    t += step(120, 48);
    expected.push([48, t]); // note 60
    t += step(120, 48); // tempo 60 BPM at 96
    t += step(60, 48);
    expected.push([144, t]); // note 62
    t += step(60, 48); // tempo 240 BPM at 192
    t += step(240, 48);
    expected.push([240, t]); // note 64 and the second track's end
    expected.push([240, t]);
    t += step(240, 48);
    expected.push([288, t]); // the conductor's end

    const got = events(file).map((e) => [e.tick, e.time]);
    expect(got.sort((a, b) => a[0] - b[0])).toEqual(expected);
    expect(file.length).toBe(t);
    expect(file.length).toBeCloseTo(0.5 + 1 + 0.125 + 0.125, 12);

    expect(file.tempoChanges).toEqual([
      { tick: 0, time: 0, track: 0, microsecondsPerQuarterNote: 500000, beatsPerMinute: 120 },
      { tick: 96, time: step(120, 48) + step(120, 48), track: 0, microsecondsPerQuarterNote: 1000000, beatsPerMinute: 60 },
      { tick: 192, time: expected[1][1] + step(60, 48), track: 0, microsecondsPerQuarterNote: 250000, beatsPerMinute: 240 },
    ]);
  });

  it("keeps rustysynth's reading of running status after a meta event: two data bytes, a system status", () => {
    // The SMF spec says meta events cancel running status; rustysynth instead reuses 0xFF as a
    // status whose command (0xF0) no synthesizer acts on. Replicated so that times match.
    const track = [...vlq(0), 0xff, 0x01, 1, 0x41, ...vlq(0), 60, 100, ...endOfTrack()];
    expect(summary(new MidiFile(smf(0, 96, track)))).toEqual(["0:0:message:ff 60 100", "0:0:endOfTrack:0 0 0"]);
  });
});

describe("MidiFile: loops", () => {
  const cc = (delta: number, controller: number): number[] => [...vlq(delta), 0xb0, controller, 0];
  const loopFile = (): Uint8Array =>
    smf(0, 96, [...cc(0, 110), ...cc(10, 111), ...cc(10, 116), ...cc(10, 117), ...endOfTrack(10)]);
  const types = (loopType: MidiFileLoopType): string[] =>
    events(new MidiFile(loopFile(), { loopType })).map((e) => `${e.type} ${e.data1}`);

  it("treats loop controllers as ordinary controllers by default", () => {
    expect(types(MidiFileLoopType.None)).toEqual(["message 110", "message 111", "message 116", "message 117", "endOfTrack 0"]);
    expect(events(new MidiFile(loopFile()))).toEqual(events(new MidiFile(loopFile(), { loopType: MidiFileLoopType.None })));
  });

  it("turns CC #111 into the loop start for RPG Maker", () => {
    expect(types(MidiFileLoopType.RpgMaker)).toEqual(["message 110", "loopStart 111", "message 116", "message 117", "endOfTrack 0"]);
  });

  it("turns CC #110 and #111 into the loop start and end for The Incredible Machine", () => {
    expect(types(MidiFileLoopType.IncredibleMachine)).toEqual(["loopStart 110", "loopEnd 111", "message 116", "message 117", "endOfTrack 0"]);
  });

  it("turns CC #116 and #117 into the loop start and end for Final Fantasy", () => {
    expect(types(MidiFileLoopType.FinalFantasy)).toEqual(["message 110", "message 111", "loopStart 116", "loopEnd 117", "endOfTrack 0"]);
  });

  it("recognises loop controllers under running status too", () => {
    const file = new MidiFile(smf(0, 96, [...cc(0, 7), ...vlq(5), 111, 0, ...endOfTrack()]), { loopType: MidiFileLoopType.RpgMaker });
    expect(summary(file)).toEqual(["0:0:message:b0 7 0", "5:0:loopStart:b0 111 0", "5:0:endOfTrack:0 0 0"]);
  });

  it("inserts an explicit loop point into the first track before its first event at or after that tick", () => {
    const bytes = smf(1, 96, [...note(10, 0x90, 1, 1), ...note(10, 0x90, 2, 1), ...endOfTrack(10)], [...note(15, 0x91, 3, 1), ...endOfTrack()]);
    expect(summary(new MidiFile(bytes, { loopPoint: 15 }))).toEqual([
      "10:0:message:90 1 1",
      "15:0:loopStart:0 0 0",
      "15:1:message:91 3 1",
      "15:1:endOfTrack:0 0 0",
      "20:0:message:90 2 1",
      "30:0:endOfTrack:0 0 0",
    ]);
    expect(summary(new MidiFile(bytes, { loopPoint: 20 })).slice(1, 5)).toEqual([
      "15:1:message:91 3 1",
      "15:1:endOfTrack:0 0 0",
      "20:0:loopStart:0 0 0",
      "20:0:message:90 2 1",
    ]);
  });

  it("appends a loop point beyond the first track's end, which then sets the length", () => {
    const file = new MidiFile(smf(0, 96, [...note(0, 0x90, 1, 1), ...endOfTrack(96)]), { loopPoint: 192 });
    expect(summary(file)).toEqual(["0:0:message:90 1 1", "96:0:endOfTrack:0 0 0", "192:0:loopStart:0 0 0"]);
    expect(file.length).toBe((60 / (96 * 120)) * 96 + (60 / (96 * 120)) * 96);
  });

  it("refuses invalid options with a RangeError", () => {
    const bytes = smf(0, 96, endOfTrack());
    expect(() => new MidiFile(bytes, { loopPoint: -1 })).toThrow(RangeError);
    expect(() => new MidiFile(bytes, { loopPoint: 1.5 })).toThrow(RangeError);
    expect(() => new MidiFile(bytes, { loopPoint: 2 ** 31 })).toThrow(RangeError);
    expect(() => new MidiFile(bytes, { loopType: "sometimes" as MidiFileLoopType })).toThrow(/loopType must be one of/);
  });
});

describe("MidiFile: leniency", () => {
  it("ends a track at its chunk end when the end-of-track event is missing", () => {
    const file = new MidiFile(smf(0, 96, [...note(0, 0x90, 60, 100), ...note(96, 0x80, 60, 0)]));
    expect(summary(file)).toEqual(["0:0:message:90 60 100", "96:0:message:80 60 0", "96:0:endOfTrack:0 0 0"]);
    expect(file.length).toBe((60 / (96 * 120)) * 96);
  });

  it("reads an empty track chunk as a track that ends at tick 0", () => {
    const file = new MidiFile(smf(1, 96, [], [...note(10, 0x90, 60, 100), ...endOfTrack()]));
    expect(file.trackCount).toBe(2);
    expect(summary(file)).toEqual(["0:0:endOfTrack:0 0 0", "10:1:message:90 60 100", "10:1:endOfTrack:0 0 0"]);
  });

  it("skips unknown chunks before, between and after the tracks", () => {
    const t0 = chunk("MTrk", [...note(0, 0x90, 60, 100), ...endOfTrack(10)]);
    const t1 = chunk("MTrk", [...note(5, 0x91, 61, 100), ...endOfTrack()]);
    const odd = chunk("XFIH", [1, 2, 3, 4, 5]);
    const bytes = Uint8Array.from([...header(1, 2, 96), ...odd, ...t0, ...chunk("junk", []), ...t1, ...odd]);
    const file = new MidiFile(bytes);
    expect(file.trackCount).toBe(2);
    expect(events(file)).toEqual(events(new MidiFile(Uint8Array.from([...header(1, 2, 96), ...t0, ...t1]))));
  });

  it("ignores trailing garbage after the last track", () => {
    const plain = smf(0, 96, [...note(0, 0x90, 60, 100), ...endOfTrack(10)]);
    for (const garbage of [[0], [0x00, 0x00, 0x0a], [0xde, 0xad, 0xbe, 0xef, 0, 0, 0, 0, 1], [...chunk("MTrk", []).slice(0, 6)], chunk("MTrk", [1, 2, 3], 1000)]) {
      const file = new MidiFile(Uint8Array.from([...plain, ...garbage]));
      expect(file.trackCount).toBe(1);
      expect(events(file)).toEqual(events(new MidiFile(plain)));
    }
  });

  it("uses the tracks present when the header declares fewer or more", () => {
    const t0 = chunk("MTrk", [...note(0, 0x90, 60, 100), ...endOfTrack(10)]);
    const t1 = chunk("MTrk", [...note(5, 0x91, 61, 100), ...endOfTrack()]);
    const t2 = chunk("MTrk", [...note(7, 0x92, 62, 100), ...endOfTrack()]);
    const reference = new MidiFile(Uint8Array.from([...header(1, 3, 96), ...t0, ...t1, ...t2]));
    for (const declared of [0, 1, 2, 5, 65535]) {
      const file = new MidiFile(Uint8Array.from([...header(1, declared, 96), ...t0, ...t1, ...t2]));
      expect(file.declaredTrackCount).toBe(declared);
      expect(file.trackCount).toBe(3);
      expect(events(file)).toEqual(events(reference));
    }
  });
});
