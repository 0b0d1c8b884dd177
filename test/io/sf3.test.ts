import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { cliPath, distDir } from "../built.js";
import { fixture } from "../fixtures.js";
import { Sf3Edit } from "../soundfont/sf3Fixtures.js";
import { shortSong } from "./songs.js";

// Worker threads and the command line run compiled JavaScript: this exercises the built Node entry.
const io = (await import(path.join(distDir, "io", "index.js"))) as typeof import("../../lib/io/index.js");

const sf3Path = fixture("soundfonts", "TimGM6mb.sf3");
const present = existsSync(sf3Path);
if (!present) console.warn(`Skipping the SF3 rendering tests: ${sf3Path} is absent (the shared fixtures are not beside the clone).`);

describe.skipIf(!present)("SF3 wherever a SoundFont is taken", () => {
  const songs = [shortSong(3, 0), shortSong(4, 24, 48), shortSong(3, 73, 70)];

  it("renderFiles: each worker decodes what its songs need, giving what renderToWav gives", async () => {
    const results = await io.renderFiles(
      songs.map((midi) => ({ midi, soundFont: sf3Path, backend: "js" as const })),
      { concurrency: 2 },
    );
    const font = io.SoundFont.fromFile(sf3Path);
    results.forEach((result, i) => {
      const expected = io.renderToWav(new io.MidiFile(songs[i]), font, { backend: "js" });
      expect(Buffer.compare(Buffer.from(result.wav!), Buffer.from(expected)), `song ${i}`).toBe(0);
    });
    // The three songs needed a few samples, not the font's 520.
    expect(font.decodedSampleCount).toBeGreaterThan(0);
    expect(font.decodedSampleCount).toBeLessThan(40);
  });

  it("renderFiles: a sample that cannot be decoded is a warning, and the job goes on", async () => {
    const edit = new Sf3Edit();
    const clean = io.SoundFont.fromFile(sf3Path);
    const piano = clean.presets.find((p) => p.bankNumber === 0 && p.patchNumber === 0)!;
    const sample = clean.sampleHeaders.indexOf(piano.regions[0].instrument.regions.find((r) => r.contains(60, 100))!.sample);
    const stream = edit.stream(sample);
    stream[stream.length - 10] ^= 0x55;
    const warnings: string[] = [];
    const [result] = await io.renderFiles([{ midi: songs[0], soundFont: edit.bytes(), backend: "js" }], {
      onWarning: (_job, message) => warnings.push(message),
    });
    expect(result.frames).toBeGreaterThan(0);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(new RegExp(`sample ${sample} '.*' \\(Ogg stream at byte \\d+\\) cannot be decoded: .*checksum`));
  });

  it("RenderStream gives what renderToWav gives", async () => {
    const font = io.SoundFont.fromFile(sf3Path);
    const song = new io.MidiFile(songs[1]);
    const chunks: Buffer[] = [];
    // A fixed tail, so that the stream knows its length up front and writes the same header.
    for await (const chunk of new io.RenderStream(song, font, { backend: "js", tail: 2 })) chunks.push(chunk as Buffer);
    const expected = io.renderToWav(song, io.SoundFont.fromFile(sf3Path), { backend: "js", tail: 2 });
    expect(Buffer.compare(Buffer.concat(chunks), Buffer.from(expected))).toBe(0);
  });

  it("the command line describes an SF3 font and renders with it", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "meltysynth-"));
    const info = spawnSync(process.execPath, [cliPath, "info", sf3Path], { cwd: dir });
    expect(info.status, info.stderr.toString()).toBe(0);
    const out = info.stdout.toString();
    expect(out).toMatch(/Format:\s+SF3 \(Ogg Vorbis\)/);
    expect(out).toMatch(/Samples:\s+520 \(.* of audio, [\d.]+ MiB decoded\)/);
    expect(out).toMatch(/Presets:\s+136/);

    writeFileSync(path.join(dir, "song.mid"), songs[0]);
    const render = spawnSync(process.execPath, [cliPath, "render", "song.mid", "-s", sf3Path, "--quiet"], { cwd: dir });
    expect(render.status, render.stderr.toString()).toBe(0);
    expect(existsSync(path.join(dir, "song.wav"))).toBe(true);
  });
});
