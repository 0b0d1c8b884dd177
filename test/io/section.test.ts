// Rendering a section of a song: from `start` (through the sequencer's seek) to `end`, where the
// notes are released and the tail follows; and the command line's --start and --end.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { MidiFile, MidiFileSequencer, SoundFont, Synthesizer, renderToWav } from "../../lib/io/index.js";
import { cliPath } from "../built.js";
import { fixture, hasFixtures, readFixture } from "../fixtures.js";
import { readWav } from "./wav.js";

const RATE = 44100;

describe.skipIf(!hasFixtures)("a section of a song", () => {
  const font = hasFixtures ? new SoundFont(readFixture("soundfonts", "TimGM6mb.sf2")) : null;
  const song = hasFixtures ? new MidiFile(readFixture("midi", "5432gone_redfarn.mid")) : null;

  it("starts where a seek starts and plays what the sequencer plays from there, then the tail", () => {
    const options = { format: "f32" as const, start: 20, end: 25, tail: 1, enableReverbAndChorus: false, backend: "js" as const };
    const wav = readWav(renderToWav(song!, font!, options));

    const sequencer = new MidiFileSequencer(new Synthesizer(font!, { enableReverbAndChorus: false, backend: "js" }));
    sequencer.play(song!, false);
    sequencer.seek(20);
    const from = sequencer.position;
    const sectionFrames = Math.ceil((25 - from) * RATE);
    expect(wav.samples.length / 2).toBe(sectionFrames + RATE);
    const expected = new Float32Array(2 * sectionFrames);
    sequencer.renderInterleaved(expected);
    expect(wav.samples.subarray(0, 2 * sectionFrames)).toEqual(expected);
    // The notes released at the end fade out in the tail.
    const tail = wav.samples.subarray(2 * sectionFrames);
    expect(tail.some((x) => x !== 0)).toBe(true);
    expect(Math.max(...tail.subarray(tail.length - 2000).map(Math.abs))).toBeLessThan(Math.max(...tail.subarray(0, 2000).map(Math.abs)));
  });

  it("refuses a start past the song, an end before the start, and a section with loops", () => {
    expect(() => renderToWav(song!, font!, { start: 61 })).toThrow(/start must be a number of seconds from 0 to before the song's end/);
    expect(() => renderToWav(song!, font!, { start: -1 })).toThrow(RangeError);
    expect(() => renderToWav(song!, font!, { start: 10, end: 5 })).toThrow(/end must be a number of seconds after start/);
    expect(() => renderToWav(song!, font!, { end: Number.NaN })).toThrow(RangeError);
    expect(() => renderToWav(song!, font!, { start: 5, loop: 1 })).toThrow(/loop cannot be combined with start or end/);
  });

  it("meltysynth render --start --end writes that section", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "meltysynth-section-"));
    const run = (...args: string[]) => spawnSync(process.execPath, [cliPath, "render", fixture("midi", "5432gone_redfarn.mid"), ...args], { cwd: dir });
    const ok = run("--start", "30", "--end", "32.5", "--tail", "0.5", "-o", "part.wav", "--quiet");
    expect(ok.status, ok.stderr.toString()).toBe(0);
    const frames = readWav(readFileSync(path.join(dir, "part.wav"))).samples.length / 2;
    // 2.5 s from the frame at 30 s, then 0.5 s.
    expect(frames).toBe(Math.ceil(2.5 * RATE) + Math.ceil(0.5 * RATE));
    const bad = run("--start", "abc", "-o", "x.wav");
    expect(bad.status).toBe(2);
    expect(bad.stderr.toString()).toMatch(/--start must be a number of seconds into the song/);
  });
});
