import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { MidiFile, MidiFileError, MidiFileSequencer, midiSongFromFile, writeMidiFile, type SequencerTarget } from "../../lib/midi/index.js";
import { fixturesDir } from "../fixtures.js";
import { chunkBoundaries } from "./smf.js";

// The fixtures folder: MELTYSYNTH_FIXTURES, else ../shared/fixtures from the repository's root.
const midiDir = path.join(fixturesDir, "midi") + path.sep;
const present = existsSync(midiDir);
if (!present) {
  console.warn(`Skipping the MIDI fixture tests: ${midiDir} is absent (see the fixtures README).`);
}

/**
 * What rustysynth 1.3.6 computes for each song (its `get_length()` bits, and FNV-1a hashes of
 * every merged event's time and of every message its sequencer sent at 44,100 Hz in 64-frame
 * blocks), so that a one-ulp difference in any event time fails here.
 */
const songs = [
  { name: "5432gone_redfarn", seconds: 60.0, tracks: 6, notes: 1274, lengthBits: "404e004000000000", events: 2590, eventsHash: 0x13c162af, sent: 2584, sentHash: 0xb0612acc },
  { name: "slow_neasy_redfarn", seconds: 74.7, tracks: 6, notes: 1787, lengthBits: "4052aac5e34330e1", events: 3616, eventsHash: 0xd4e5426b, sent: 3610, sentHash: 0x8377d9ca },
  { name: "boogi_marabi_redfarn", seconds: 100.0, tracks: 5, notes: 3192, lengthBits: "405900157e564727", events: 6419, eventsHash: 0x6312d846, sent: 6414, sentHash: 0x9f2df187 },
];

function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (const byte of new TextEncoder().encode(text)) {
    hash = Math.imul(hash ^ byte, 0x01000193) >>> 0;
  }
  return hash;
}

function bits(x: number): string {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, x);
  return view.getBigUint64(0).toString(16).padStart(16, "0");
}

// The line format of the rustysynth dump the hashes were taken from.
function eventLines(file: MidiFile): string[] {
  return [...file.events()].map((e) => `${bits(e.time)} ${e.type === "message" ? `message ${e.status} ${e.data1} ${e.data2}` : e.type}`);
}

function sentLines(file: MidiFile): string[] {
  const lines: string[] = [];
  const synthesizer: SequencerTarget & { frames: number } = {
    blockSize: 64,
    sampleRate: 44100,
    frames: 0,
    processMidiMessage(channel, command, data1, data2) {
      lines.push(`${this.frames} ${channel} ${command} ${data1} ${data2}`);
    },
    noteOffAll() {},
    reset() {},
    renderFrames(_left, _right, _offset, count) {
      this.frames += count;
    },
  };
  const sequencer = new MidiFileSequencer(synthesizer);
  sequencer.play(file, false);
  const left = new Float32Array(4410);
  const right = new Float32Array(4410);
  while (!sequencer.endOfSequence) {
    sequencer.render(left, right);
  }
  return lines;
}

describe.skipIf(!present)("the shared MIDI songs", () => {
  for (const song of songs) {
    describe(song.name, () => {
      const bytes = (): Uint8Array => readFileSync(`${midiDir}${song.name}.mid`);

      it("parses to the README's description", () => {
        const file = new MidiFile(bytes());
        expect(file.format).toBe(1);
        expect(file.trackCount).toBe(song.tracks);
        expect(Math.abs(file.length - song.seconds)).toBeLessThan(0.05);
        const notes = [...file.events()].filter((e) => e.type === "message" && (e.status & 0xf0) === 0x90 && e.data2 > 0);
        expect(notes).toHaveLength(song.notes);
      });

      it("gives rustysynth's length and event times bit for bit", () => {
        const file = new MidiFile(bytes());
        expect(bits(file.length)).toBe(song.lengthBits);
        const lines = eventLines(file);
        expect(lines).toHaveLength(song.events);
        expect(fnv1a(lines.join("\n"))).toBe(song.eventsHash);
      });

      it("is sequenced block for block as rustysynth's sequencer does", () => {
        const lines = sentLines(new MidiFile(bytes()));
        expect(lines).toHaveLength(song.sent);
        expect(fnv1a(lines.join("\n"))).toBe(song.sentHash);
      });

      it("round-trips through the writer with the same events, times and length", () => {
        const file = new MidiFile(bytes());
        const copy = new MidiFile(writeMidiFile(midiSongFromFile(file)));
        expect([...copy.events()]).toEqual([...file.events()]);
        expect(copy.tempoChanges).toEqual(file.tempoChanges);
        expect(copy.metaEvents).toEqual(file.metaEvents);
        expect(copy.length).toBe(file.length);
      });

      it("refuses any cut inside a chunk with a MidiFileError, and keeps whole tracks at chunk boundaries", () => {
        const whole = bytes();
        const boundaries = chunkBoundaries(whole);
        const cuts = new Set<number>();
        for (const b of boundaries) {
          for (let d = -3; d <= 3; d++) {
            if (b + d >= 0 && b + d < whole.length) cuts.add(b + d);
          }
        }
        for (let i = 1; i <= 300; i++) {
          cuts.add(Math.floor((whole.length * i) / 301));
        }
        for (const cut of cuts) {
          let result: MidiFile | unknown;
          try {
            result = new MidiFile(whole.subarray(0, cut));
          } catch (error) {
            result = error;
          }
          const tracksBefore = boundaries.indexOf(cut) - 1;
          if (tracksBefore >= 1) {
            expect((result as MidiFile).trackCount, `cut at ${cut}`).toBe(tracksBefore);
          } else {
            expect(result, `cut at ${cut}`).toBeInstanceOf(MidiFileError);
          }
        }
      });
    });
  }
});
