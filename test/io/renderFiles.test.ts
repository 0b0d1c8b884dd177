import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { distDir } from "../built.js";
import { shortSong } from "./songs.js";

// Worker threads run compiled JavaScript, so this exercises the built Node entry.
const io = (await import(path.join(distDir, "io", "index.js"))) as typeof import("../../lib/io/index.js");

describe("renderFiles", () => {
  const songs = [shortSong(3, 0), shortSong(5, 24, 48), shortSong(4, 73, 70)];

  it("renders in parallel exactly what renderToWav renders one song at a time", async () => {
    const progress = new Map<number, number>();
    const results = await io.renderFiles(
      songs.map((midi) => ({ midi, backend: "js" as const })),
      { concurrency: 2, onProgress: (job, frames, total) => progress.set(job, frames / total) },
    );
    const font = io.builtinSoundFont();
    results.forEach((result, i) => {
      const expected = io.renderToWav(new io.MidiFile(songs[i]), font, { backend: "js" });
      expect(Buffer.compare(Buffer.from(result.wav!), Buffer.from(expected)), `song ${i}`).toBe(0);
      expect(result.backend).toBe("js");
      expect(progress.get(i)).toBe(1);
    });
  });

  it("reads songs and SoundFonts from paths and writes WAV files", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "meltysynth-"));
    const fontPath = path.join(dir, "font.sf2");
    writeFileSync(fontPath, io.generateBuiltinSoundFont());
    const jobs = songs.map((bytes, i) => {
      const midi = path.join(dir, `song${i}.mid`);
      writeFileSync(midi, bytes);
      return { midi, soundFont: fontPath, out: path.join(dir, `song${i}.wav`), format: "f32" as const, backend: "js" as const };
    });
    const results = await io.renderFiles(jobs, { concurrency: 3 });
    const font = io.SoundFont.fromFile(fontPath);
    results.forEach((result, i) => {
      expect(result.out).toBe(jobs[i].out);
      expect(result.wav).toBeUndefined();
      const expected = io.renderToWav(io.MidiFile.fromFile(jobs[i].midi), font, { format: "f32", backend: "js" });
      expect(Buffer.compare(readFileSync(jobs[i].out), Buffer.from(expected)), `song ${i}`).toBe(0);
    });
  });

  it("rejects with the song's name when a job fails", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "meltysynth-"));
    const bad = path.join(dir, "bad.mid");
    writeFileSync(bad, "not a MIDI file");
    await expect(io.renderFiles([{ midi: songs[0] }, { midi: bad }], { concurrency: 2 })).rejects.toThrow(/bad\.mid: Invalid MIDI file/);
  });

  it("writes FLAC and MP3 in its workers, by the output's extension, with the levels in the results", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "meltysynth-"));
    const jobs = ["a.flac", "b.mp3"].map((name, i) => ({ midi: songs[i], out: path.join(dir, name), backend: "js" as const, gain: -3 }));
    const results = await io.renderFiles(jobs, { concurrency: 2 });
    expect(readFileSync(jobs[0].out).subarray(0, 4).toString("latin1")).toBe("fLaC");
    expect(readFileSync(jobs[1].out)[0]).toBe(0xff);
    expect(results.map((result) => result.format)).toEqual(["flac", "mp3"]);
    for (const result of results) {
      expect(result.peak).toBeGreaterThan(0);
      expect(result.clippedSamples).toBe(0);
    }
  });

  it("names the output file, not the song, when the output cannot be written; refuses a misspelt option", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "meltysynth-"));
    const out = path.join(dir, "missing", "a.wav");
    await expect(io.renderFiles([{ midi: songs[0], out }])).rejects.toThrow(`${out}: cannot write the output: its folder does not exist`);
    await expect(io.renderFiles([{ midi: songs[0], soundfont: "x.sf2" } as never])).rejects.toThrow(/unknown option 'soundfont' in the render job \(did you mean 'soundFont'\?\)/);
  });

  it("refuses a concurrency below 1", async () => {
    await expect(io.renderFiles([], { concurrency: 0 })).rejects.toThrow(RangeError);
  });
});
