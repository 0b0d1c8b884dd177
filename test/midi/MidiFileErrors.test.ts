import { describe, expect, it } from "vitest";
import { MidiFile, MidiFileError } from "../../lib/midi/index.js";
import { chunk, chunkBoundaries, endOfTrack, header, smf, tempo, u32, vlq } from "./smf.js";

/** Parses, and returns the MidiFileError thrown; fails the test on success or any other error. */
function parseError(bytes: Uint8Array | number[]): MidiFileError {
  try {
    new MidiFile(bytes instanceof Uint8Array ? bytes : Uint8Array.from(bytes));
  } catch (error) {
    expect(error).toBeInstanceOf(MidiFileError);
    return error as MidiFileError;
  }
  throw new Error("expected a MidiFileError");
}

/** Either loads or throws MidiFileError; anything else (RangeError, TypeError) fails the test. */
function loadsOrRefuses(bytes: Uint8Array): MidiFile | MidiFileError {
  try {
    return new MidiFile(bytes);
  } catch (error) {
    if (!(error instanceof MidiFileError)) {
      throw error;
    }
    return error;
  }
}

const note = [...vlq(0), 0x90, 60, 100];
// Header at 0-13; MTrk chunk header at 14-21; first track event at 22.
const trackStart = 22;

describe("MidiFileError", () => {
  it("is an Error named MidiFileError with the offset and track, named in its message", () => {
    const error = parseError(smf(0, 96, [...vlq(0), 60, 100, ...endOfTrack()]));
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe("MidiFileError");
    expect(error.offset).toBe(trackStart + 1);
    expect(error.track).toBe(0);
    expect(error.message).toBe("Invalid MIDI file: track 0 at byte 23: running status with no previous status byte");
  });

  it("names the header when no track is involved", () => {
    const error = parseError([0x4f, 0x67, 0x67, 0x53, 0, 2, 0, 0, 0, 0, 0, 0]);
    expect(error.track).toBeUndefined();
    expect(error.offset).toBe(0);
    expect(error.message).toBe("Invalid MIDI file: at byte 0: not a standard MIDI file: expected chunk 'MThd', found 'OggS'");
  });
});

describe("MidiFile: refused input", () => {
  it("refuses a data byte with its top bit set, naming its offset", () => {
    const error = parseError(smf(0, 96, [...vlq(0), 0x90, 60, 0xc8, ...endOfTrack()]));
    expect(error.offset).toBe(trackStart + 3);
    expect(error.message).toMatch(/data byte 0xC8 has its top bit set/);
  });

  it.each([
    ["empty input", [], 0, /header chunk id \(4 bytes\) runs past the end of the file \(0 left\)/],
    ["a non-text chunk id", [0, 1, 2, 3, ...u32(6)], 0, /found bytes 00 01 02 03/],
    ["a header length other than 6", chunk("MThd", [0, 0, 0, 1, 0, 96, 0, 0]), 4, /header chunk length is 8, expected 6/],
    ["a header length of 0xFFFFFFFF", [...chunk("MThd", [], 0xffffffff)], 4, /header chunk length is 4294967295/],
    ["format 2", header(2, 1, 96), 8, /format 2 is not supported/],
    ["SMPTE time division", header(1, 1, 0xe728), 12, /SMPTE time division is not supported/],
    ["a division of 0", header(1, 1, 0), 12, /time division of 0/],
    ["a truncated header", header(1, 1, 96).slice(0, 11), 10, /track count \(2 bytes\) runs past the end of the file \(1 left\)/],
    ["no track chunk", header(0, 1, 96), 14, /no track chunk \(MTrk\) found/],
    ["only unknown chunks", [...header(0, 1, 96), ...chunk("XYZW", [1, 2])], 24, /no track chunk/],
  ])("refuses %s", (_, bytes, offset, message) => {
    const error = parseError(bytes as number[]);
    expect(error.offset).toBe(offset);
    expect(error.message).toMatch(message);
  });

  it("refuses a track chunk length larger than the bytes left, before reading it", () => {
    const error = parseError([...header(0, 1, 96), ...chunk("MTrk", endOfTrack(), 0xffffffff)]);
    expect(error.track).toBe(0);
    expect(error.offset).toBe(18);
    expect(error.message).toBe("Invalid MIDI file: track 0 at byte 18: chunk 'MTrk' length 4294967295 exceeds the 4 bytes left in the file");
  });

  it("refuses an unknown chunk's length larger than the bytes left, while tracks are still expected", () => {
    const error = parseError([...header(1, 2, 96), ...chunk("MTrk", endOfTrack()), ...chunk("XYZW", [1], 0xffffffff)]);
    expect(error.track).toBeUndefined();
    expect(error.message).toMatch(/chunk 'XYZW' length 4294967295 exceeds the 1 bytes left/);
  });

  it("names the track when a later chunk is cut", () => {
    const error = parseError([...header(1, 2, 96), ...chunk("MTrk", endOfTrack()), ...chunk("MTrk", endOfTrack()).slice(0, 6)]);
    expect(error.track).toBe(1);
    expect(error.message).toMatch(/^Invalid MIDI file: track 1 at byte 30: chunk 'MTrk' length \(4 bytes\) runs past the end of the file \(2 left\)/);
  });

  it.each([
    ["a delta time longer than 4 bytes", [0x81, 0x80, 0x80, 0x80, 0x00, 0x90, 60, 100], 0, /delta time is a variable-length quantity longer than 4 bytes/],
    ["a meta length longer than 4 bytes", [0, 0xff, 0x01, 0xff, 0xff, 0xff, 0xff, 0x7f], 3, /meta event length is a variable-length quantity longer than 4 bytes/],
    ["a meta event longer than its chunk", [0, 0xff, 0x01, 0xff, 0xff, 0xff, 0x7f, 65], 7, /meta event 0x01 data \(268435455 bytes\) runs past the end of the track chunk \(1 left\)/],
    ["a sysex longer than its chunk", [0, 0xf0, 0x7f, 1, 2], 3, /sysex data \(127 bytes\) runs past the end of the track chunk \(2 left\)/],
    ["a tempo of the wrong length", [0, 0xff, 0x51, 2, 7, 0xa1], 3, /tempo meta event has length 2, expected 3/],
    ["a message cut by its chunk end", [0, 0x90, 60], 3, /data byte \(1 byte\) runs past the end of the track chunk \(0 left\)/],
    ["a delta time cut by its chunk end", [0x83], 1, /delta time \(1 byte\) runs past/],
    ["an end-of-track without its length byte", [0, 0xff, 0x2f], 3, /end-of-track length/],
    ["running status with no previous status byte", [0, 60, 100], 1, /running status with no previous status byte/],
  ])("refuses %s", (_, track, at, message) => {
    const error = parseError(smf(0, 96, track as number[]));
    expect(error.track).toBe(0);
    expect(error.offset).toBe(trackStart + (at as number));
    expect(error.message).toMatch(message);
  });

  it("refuses a track whose ticks overflow 31 bits, as MeltySynth does", () => {
    const huge = vlq(0x0fffffff);
    const track = [...Array.from({ length: 9 }, () => [...huge, 0x90, 60, 100]).flat(), ...endOfTrack()];
    expect(parseError(smf(0, 96, track)).message).toMatch(/the track is too long: tick 2415919095 reaches the limit/);
  });

  it("refuses more than 65535 track chunks", () => {
    const bytes = Uint8Array.from([...header(1, 1, 96), ...Array.from({ length: 65536 }, () => chunk("MTrk", [])).flat()]);
    const error = parseError(bytes);
    expect(error.track).toBe(65535);
    expect(error.message).toMatch(/more than 65535 track chunks/);
  });
});

describe("MidiFile: hostile input neither hangs nor allocates", () => {
  it("loads an astronomically long song at once", () => {
    // Seven maximal deltas at the slowest tempo, one tick per quarter note: about 3e10 s (a thousand years).
    const track = [...tempo(0, 0xffffff), ...Array.from({ length: 7 }, () => [...vlq(0x0fffffff), 0x90, 60, 100]).flat(), ...endOfTrack()];
    const started = performance.now();
    const file = new MidiFile(smf(0, 1, track));
    expect(file.length).toBeCloseTo(7 * 0x0fffffff * (0xffffff / 1e6), -3);
    expect(Number.isFinite(file.length)).toBe(true);
    expect(performance.now() - started).toBeLessThan(1000);
  });

  it("treats a tempo of 0 as infinitely fast rather than producing NaN", () => {
    const file = new MidiFile(smf(0, 96, [...tempo(0, 0), ...vlq(96), 0x90, 60, 100, ...endOfTrack(96)]));
    expect(file.tempoChanges[0].beatsPerMinute).toBe(Infinity);
    expect(file.length).toBe(0);
  });

  it("merges many tracks quickly", () => {
    const tracks = Array.from({ length: 20000 }, (_, i) => chunk("MTrk", [...vlq(i % 97), 0x90, 60, 100, ...endOfTrack(1)])).flat();
    const started = performance.now();
    const file = new MidiFile(Uint8Array.from([...header(1, 20000, 96), ...tracks]));
    expect(file.eventCount).toBe(40000);
    expect(performance.now() - started).toBeLessThan(2000);
  });
});

describe("MidiFile: truncated and corrupted files throw only MidiFileError", () => {
  const song = smf(
    1,
    96,
    [...tempo(0, 400000), ...vlq(0), 0xff, 0x03, 3, 0x41, 0x42, 0x43, ...tempo(96, 600000), ...endOfTrack(96)],
    [...note, ...vlq(10), 62, 100, ...vlq(0), 0xc0, 5, ...vlq(0), 0xf0, 2, 1, 0xf7, ...vlq(300), 0xb0, 7, 100, ...endOfTrack()],
    [...vlq(5), 0xe1, 0, 64, ...vlq(0x4000), 0x81, 60, 0, ...endOfTrack(3)],
  );

  it("at every byte: a cut inside a chunk is refused; a cut at a chunk boundary keeps the whole tracks", () => {
    const boundaries = chunkBoundaries(song);
    for (let cut = 0; cut < song.length; cut++) {
      const result = loadsOrRefuses(song.subarray(0, cut));
      const tracksBefore = boundaries.indexOf(cut) - 1; // the header is the first chunk
      if (tracksBefore >= 1) {
        // Leniency: fewer tracks than declared are used as they are.
        expect(result, `cut at ${cut}`).toBeInstanceOf(MidiFile);
        expect((result as MidiFile).trackCount).toBe(tracksBefore);
      } else {
        expect(result, `cut at ${cut}`).toBeInstanceOf(MidiFileError);
        expect((result as MidiFileError).offset).toBeLessThanOrEqual(cut);
      }
    }
  });

  it("with random bytes overwritten", () => {
    let seed = 1;
    const random = (n: number): number => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed % n;
    };
    for (let round = 0; round < 3000; round++) {
      const bytes = song.slice();
      for (let k = 1 + random(4); k > 0; k--) {
        bytes[random(bytes.length)] = random(3) === 0 ? 0xff : random(256);
      }
      const result = loadsOrRefuses(bytes);
      if (result instanceof MidiFile) {
        expect(Number.isNaN(result.length)).toBe(false);
      }
    }
  });
});
