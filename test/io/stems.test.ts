import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { builtinSoundFont, MidiFile, OutputFileError, renderStems, renderToFile, SoundFont } from "../../lib/io/index.js";
import { writeMidiFile } from "../../lib/midi/index.js";
import { cliPath } from "../built.js";
import { fixture, hasFixtures, readFixture } from "../fixtures.js";
import { requirement } from "../requirements.js";
import { shortSong } from "./songs.js";
import { readWav } from "./wav.js";

/**
 * Stems: each part of a song rendered on its own, with the other parts' notes silent, adds up to
 * the full mix. Without reverb and chorus the sum is the mix to within float rounding; with them
 * the reverb's flush of values under 1e-6 (MeltySynth's, so that its tail does not decay into
 * denormals) acts on each stem's own tail, which leaves the sum about 90-100 dB from the mix.
 * Each test runs on the backend the suite runs on.
 */

const tempFolder = () => mkdtempSync(path.join(tmpdir(), "meltysynth-stems-"));

/** 10 log10 of the mix's energy over the energy of what the stems' sum leaves out. */
function sumSnrDb(mixFile: string, stemFiles: string[]): number {
  const mix = readWav(readFileSync(mixFile)).samples;
  const sum = new Float64Array(mix.length);
  for (const file of stemFiles) {
    const stem = readWav(readFileSync(file)).samples;
    expect(stem.length, file).toBe(mix.length);
    for (let i = 0; i < stem.length; i++) sum[i] += stem[i];
  }
  let signal = 0;
  let error = 0;
  for (let i = 0; i < mix.length; i++) {
    signal += mix[i] * mix[i];
    error += (sum[i] - mix[i]) ** 2;
  }
  return 10 * Math.log10(signal / error);
}

describe.skipIf(!hasFixtures)("stems of the shared songs", () => {
  const font = hasFixtures ? new SoundFont(readFixture("soundfonts", "TimGM6mb.sf2")) : null;

  it.each(["5432gone_redfarn.mid", "slow_neasy_redfarn.mid", "boogi_marabi_redfarn.mid"])(
    "%s: one float stem per channel that plays, named by channel and preset, summing to the full mix within 90 dB",
    async (name) => {
      const midi = new MidiFile(readFixture("midi", name));
      const dir = tempFolder();
      const mix = await renderToFile(midi, font!, path.join(dir, "mix.wav"), { format: "f32" });
      const folder = path.join(dir, "stems", "of", name);
      const stems = await renderStems(midi, font!, folder, { format: "f32" });
      const files = readdirSync(folder).sort();
      expect(files).toEqual(stems.map((stem) => path.basename(stem.out)).sort());
      for (const file of files) expect(file).toMatch(/^ch(0[1-9]|1[0-6])-[A-Za-z0-9_]+\.wav$/);
      expect(files).toContain("ch10-Standard.wav");
      expect(stems.every((stem) => stem.frames === mix.frames)).toBe(true);
      const snr = sumSnrDb(path.join(dir, "mix.wav"), stems.map((stem) => stem.out));
      console.log(`${name}: ${stems.length} stems, their sum ${snr.toFixed(1)} dB from the mix (${mix.backend})`);
      expect(snr).toBeGreaterThanOrEqual(90);
    },
  );

  it("divides by track with sample-exact events, and without effects the sum is the mix to within float rounding", async () => {
    const midi = new MidiFile(readFixture("midi", "5432gone_redfarn.mid"));
    for (const enableReverbAndChorus of [true, false]) {
      const options = { format: "f32", eventTiming: "sample", end: 20, enableReverbAndChorus } as const;
      const dir = tempFolder();
      await renderToFile(midi, font!, path.join(dir, "mix.wav"), options);
      const stems = await renderStems(midi, font!, path.join(dir, "stems"), { ...options, stems: "track" });
      expect(stems.map((stem) => path.basename(stem.out))).toEqual([
        "track02-Alto.wav", "track03-Honky_tonk_Piano.wav", "track04-Piano.wav", "track05-Bass_Guitar.wav", "track06-Drum_Kit.wav",
      ]);
      const snr = sumSnrDb(path.join(dir, "mix.wav"), stems.map((stem) => stem.out));
      expect(snr).toBeGreaterThanOrEqual(enableReverbAndChorus ? 90 : 130);
    }
  });
});

describe("renderStems", () => {
  const font = builtinSoundFont();
  const song = new MidiFile(shortSong(3));

  it("gives every stem the mix's length and gain, normalize included", async () => {
    const dir = tempFolder();
    const mix = await renderToFile(song, font, path.join(dir, "mix.wav"), { format: "f32", normalize: true });
    const stems = await renderStems(song, font, path.join(dir, "stems"), { format: "f32", normalize: true });
    expect(stems).toHaveLength(1);
    expect(stems[0].frames).toBe(mix.frames);
    // One part: its stem is the mix.
    expect(Buffer.compare(readFileSync(stems[0].out), readFileSync(path.join(dir, "mix.wav")))).toBe(0);
  });

  it("writes nothing for a song without notes, and refuses a bad folder or division by name", async () => {
    const silent = new MidiFile(writeMidiFile({ format: 0, resolution: 480, tracks: [[{ tick: 480, meta: 0x2f, data: new Uint8Array(0) }]] }));
    const dir = tempFolder();
    expect(await renderStems(silent, font, path.join(dir, "none"))).toEqual([]);
    expect(readdirSync(path.join(dir, "none"))).toEqual([]);
    await expect(renderStems(song, font, "")).rejects.toThrow(/^folder must be the path of a folder/);
    await expect(renderStems(song, font, dir, { stems: "bar" as never })).rejects.toThrow("stems must be one of channel, track, got bar");
    writeFileSync(path.join(dir, "file"), "");
    await expect(renderStems(song, font, path.join(dir, "file"))).rejects.toBeInstanceOf(OutputFileError);
  });
});

const flacTool = requirement("MELTYSYNTH_REQUIRE_FLAC", spawnSync("flac", ["--version"]).status === 0 ? null : "the flac command is not installed (apt-get install flac)") === null;

describe.skipIf(!hasFixtures)("meltysynth render --stems", () => {
  const run = (args: string[], cwd: string) => spawnSync(process.execPath, [cliPath, "render", ...args], { cwd, encoding: "utf8" });
  const song = fixture("midi", "5432gone_redfarn.mid");
  const font = fixture("soundfonts", "TimGM6mb.sf2");

  it.skipIf(!flacTool)("writes FLAC stems per channel into the folder --out names, creating it", () => {
    const cwd = tempFolder();
    const result = run([song, "-s", font, "--stems", "--out", "new/folder", "-f", "flac", "--end", "4"], cwd);
    expect(result.status, result.stderr).toBe(0);
    const files = readdirSync(path.join(cwd, "new", "folder"));
    expect(files.length).toBeGreaterThanOrEqual(3);
    expect(files).toContain("ch10-Standard.flac");
    for (const file of files) expect(file).toMatch(/^ch(0[1-9]|1[0-6])-[A-Za-z0-9_]+\.flac$/);
    for (const file of files) execFileSync("flac", ["-t", "-s", path.join(cwd, "new", "folder", file)]);
    expect(result.stderr).toMatch(new RegExp(`^Wrote ${files.length} stems to new/folder/`, "m"));
  });

  it("writes MP3 stems per track with --stems track, into the song's name and -stems by default", () => {
    const cwd = tempFolder();
    const result = run([song, "-s", font, "--stems", "track", "-f", "mp3", "--end", "4"], cwd);
    expect(result.status, result.stderr).toBe(0);
    const folder = path.join(cwd, "5432gone_redfarn-stems");
    const files = readdirSync(folder);
    expect(files.length).toBeGreaterThanOrEqual(3);
    for (const file of files) {
      expect(file).toMatch(/^track0[1-6]-[A-Za-z0-9_]+\.mp3$/);
      const bytes = readFileSync(path.join(folder, file));
      expect([bytes[0], bytes[1] & 0xfe]).toEqual([0xff, 0xfa]);
    }
    expect(existsSync(path.join(cwd, "5432gone_redfarn.wav"))).toBe(false);
  });

  it("refuses several songs and standard output with the reason", () => {
    const cwd = tempFolder();
    expect(run([song, song, "--stems"], cwd).stderr).toContain("--stems takes a single song");
    expect(run([song, "--stems", "-o", "-"], cwd).stderr).toContain("--stems writes several files");
    expect(run([song, "--stems", "trak"], cwd).stderr).toMatch(/trak: .*does not exist|trak: .*no such file/i);
  });
});
