import { spawnSync, type SpawnSyncReturns } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { writeSoundFont } from "../../lib/soundfont/SoundFontWriter.js";
import { tinyModel } from "../soundfont/tinyModel.js";
import { cliPath } from "../built.js";
import { shortSong } from "../io/songs.js";
import { readWav, rms } from "../io/wav.js";

function meltysynth(args: string[], cwd: string): SpawnSyncReturns<Buffer> {
  const env = { ...process.env };
  delete env.DEBUG;
  return spawnSync(process.execPath, [cliPath, ...args], { cwd, env, maxBuffer: 1 << 30 });
}

function setUp(): { dir: string; song: string } {
  const dir = mkdtempSync(path.join(tmpdir(), "meltysynth-"));
  writeFileSync(path.join(dir, "song.mid"), shortSong(4));
  return { dir, song: "song.mid" };
}

/** One line on stderr, naming `names`, no stack trace; exit status `status`. */
function expectOneLine(run: SpawnSyncReturns<Buffer>, names: (string | RegExp)[], status = 1): string {
  const stderr = run.stderr.toString();
  expect(run.status, stderr).toBe(status);
  const lines = stderr.trim().split("\n");
  expect(lines[0]).toMatch(/^meltysynth: /);
  expect(lines.length, stderr).toBe(status === 2 ? 2 : 1); // bad usage adds "Try 'meltysynth render --help'."
  for (const name of names) expect(lines[0]).toMatch(name);
  expect(stderr).not.toMatch(/^\s+at /m);
  return lines[0];
}

describe("meltysynth render: level, format and tail", () => {
  it("--gain -6 is 6 dB quieter, and the summary gives the peak and the clipping", () => {
    const { dir, song } = setUp();
    const plain = meltysynth(["render", song, "-f", "f32", "--tail", "1", "-o", "plain.wav"], dir);
    const quiet = meltysynth(["render", song, "-f", "f32", "--tail", "1", "--gain", "-6", "-o", "quiet.wav"], dir);
    expect(plain.status, plain.stderr.toString()).toBe(0);
    expect(quiet.status, quiet.stderr.toString()).toBe(0);
    const ratio = rms(readWav(readFileSync(path.join(dir, "quiet.wav"))).samples) / rms(readWav(readFileSync(path.join(dir, "plain.wav"))).samples);
    expect(20 * Math.log10(ratio)).toBeCloseTo(-6, 3);
    expect(plain.stderr.toString()).toMatch(/Peak -\d+\.\d dBFS, no clipping\./);

    const loud = meltysynth(["render", song, "--gain", "24", "-o", "loud.wav"], dir);
    expect(loud.status).toBe(0);
    expect(loud.stderr.toString()).toMatch(/Peak \d+\.\d dBFS: \d+ samples clipped\. Try --gain -\d+\.\d or --normalize\./);
  });

  it("--normalize never clips: the peak is at -1 dBFS", () => {
    const { dir, song } = setUp();
    const run = meltysynth(["render", song, "--normalize", "-o", "n.wav"], dir);
    expect(run.status, run.stderr.toString()).toBe(0);
    expect(run.stderr.toString()).toMatch(/Peak -1\.0 dBFS \(normalized\), no clipping\./);
    const samples = readWav(readFileSync(path.join(dir, "n.wav"))).samples;
    const peak = samples.reduce((m, x) => Math.max(m, Math.abs(x)), 0);
    expect(peak).toBeLessThan(1);
    expect(20 * Math.log10(peak)).toBeCloseTo(-1, 2);
  });

  it("the output's extension chooses the format, --format and --channels 1 too; --verbose gives peak memory", () => {
    const { dir, song } = setUp();
    const flac = meltysynth(["render", song, "-o", "song.flac", "--verbose"], dir);
    expect(flac.status, flac.stderr.toString()).toBe(0);
    expect(readFileSync(path.join(dir, "song.flac")).subarray(0, 4).toString("latin1")).toBe("fLaC");
    expect(flac.stderr.toString()).toMatch(/of 16-bit FLAC .*peak memory \d+ MiB\)/);
    const mp3 = meltysynth(["render", song, "--format", "mp3", "--channels", "1"], dir);
    expect(mp3.status, mp3.stderr.toString()).toBe(0);
    expect(mp3.stderr.toString()).toContain("Wrote song.mp3");
    expect(mp3.stderr.toString()).toContain("of mono MP3");
    const s24 = meltysynth(["render", song, "--format", "s24", "--channels", "1", "-o", "s24.wav"], dir);
    expect(s24.status, s24.stderr.toString()).toBe(0);
    expect(readWav(readFileSync(path.join(dir, "s24.wav")))).toMatchObject({ bitsPerSample: 24, channels: 1 });
  });

  it("--tail auto (the default) stops when the sound has died away; a number keeps the fixed tail", () => {
    const { dir, song } = setUp();
    const auto = meltysynth(["render", song, "-o", "auto.wav"], dir);
    const fixed = meltysynth(["render", song, "--tail", "4", "-o", "fixed.wav"], dir);
    expect(auto.status, auto.stderr.toString()).toBe(0);
    expect(fixed.status, fixed.stderr.toString()).toBe(0);
    const autoFrames = readWav(readFileSync(path.join(dir, "auto.wav"))).samples.length / 2;
    expect(readWav(readFileSync(path.join(dir, "fixed.wav"))).samples.length / 2).toBe(Math.ceil((2 + 4) * 44100));
    expect(autoFrames).toBeGreaterThan(2 * 44100);
    expect(autoFrames).toBeLessThan((2 + 30) * 44100);
  });
});

describe("meltysynth render: messages that name the file or option and the fix", () => {
  it("--tail -1, and -s without a value", () => {
    const { dir, song } = setUp();
    expectOneLine(meltysynth(["render", song, "--tail", "-1"], dir), ["--tail must be auto or a number of seconds, 0 or more, got '-1'"], 2);
    expectOneLine(meltysynth(["render", song, "-s"], dir), ["--soundfont (-s) needs a value: a SoundFont file, e.g. --soundfont font.sf2"], 2);
  });

  it("an output path that cannot be written names the output, not the song", () => {
    const { dir, song } = setUp();
    const line = expectOneLine(meltysynth(["render", song, "-o", "missing/song.wav"], dir), ["missing/song.wav", /folder missing does not exist/, /create it/]);
    expect(line).not.toContain("ENOENT");
    expect(line).not.toMatch(/^meltysynth: song\.mid/);
    expect(existsSync(path.join(dir, "missing"))).toBe(false);
  });

  it("a song and a SoundFont the wrong way round, and an empty file", () => {
    const { dir, song } = setUp();
    writeFileSync(path.join(dir, "font.sf2"), writeSoundFont(tinyModel()));
    expectOneLine(meltysynth(["render", "font.sf2", "-s", song], dir), ["font.sf2", /is a SoundFont, not a song: give it with --soundfont/]);
    expectOneLine(meltysynth(["render", song, "-s", song], dir), ["song.mid", /is a MIDI file, not a SoundFont/]);
    writeFileSync(path.join(dir, "empty.mid"), "");
    writeFileSync(path.join(dir, "empty.sf2"), "");
    expectOneLine(meltysynth(["render", "empty.mid"], dir), ["empty.mid", /the file is empty \(0 bytes\)/]);
    expectOneLine(meltysynth(["render", song, "-s", "empty.sf2"], dir), ["empty.sf2", /the file is empty \(0 bytes\)/]);
    expectOneLine(meltysynth(["info", "empty.sf2"], dir), ["empty.sf2", /the file is empty \(0 bytes\)/]);
    writeFileSync(path.join(dir, "second.mid"), shortSong(2));
    expectOneLine(meltysynth(["render", song, "second.mid", "-s", "empty.sf2", "-o", "out"], dir), ["empty.sf2", /empty/]);
  });

  it("a format that does not match the output's extension, and an unknown extension", () => {
    const { dir, song } = setUp();
    expectOneLine(meltysynth(["render", song, "--format", "flac", "-o", "x.wav"], dir), [/--out x\.wav, --format: the format flac writes \.flac files, but the file is x\.wav: change one of them/], 2);
    expectOneLine(meltysynth(["render", song, "-o", "x.ogg"], dir), [/--out x\.ogg, --format: unknown extension '\.ogg' of x\.ogg; name a \.wav, \.flac, \.mp3 or \.opus file, or give the format/], 2);
  });

  it("several songs: a SoundFont the workers cannot parse is named, not the song", () => {
    const { dir, song } = setUp();
    writeFileSync(path.join(dir, "second.mid"), shortSong(2));
    writeFileSync(path.join(dir, "bad.sf2"), "RIFF\u0004\u0000\u0000\u0000sfbk");
    const line = expectOneLine(meltysynth(["render", song, "second.mid", "-s", "bad.sf2", "-o", "out"], dir), ["bad.sf2"]);
    expect(line).toMatch(/^meltysynth: bad\.sf2: /);
  });
});

describe("meltysynth info", () => {
  it("decodes INFO text as UTF-8 where it is valid UTF-8, else as Latin-1", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "meltysynth-"));
    const base = tinyModel();
    // The writer stores each character as one byte: UTF-8 bytes go in as Latin-1 characters.
    const model = { ...base, info: { ...base.info, copyright: Buffer.from("© 2024 Zoë", "utf8").toString("latin1"), author: "Fran\u00e7ois \u00a9" } };
    writeFileSync(path.join(dir, "font.sf2"), writeSoundFont(model));
    const run = meltysynth(["info", "font.sf2"], dir);
    expect(run.status, run.stderr.toString()).toBe(0);
    const out = run.stdout.toString();
    expect(out).toMatch(/Copyright:\s+© 2024 Zoë\n/);
    expect(out).toMatch(/Author:\s+François ©\n/);
    expect(out).not.toContain("Â©");
  });
});
