import { spawnSync, type SpawnSyncReturns } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { builtinSoundFont, writeSoundFont } from "../../lib/index.js";
import { writeMidiFile } from "../../lib/midi/index.js";
import { fontPart } from "../fontParts.js";
import { tinySoundFont } from "../tinySoundFont.js";
import { cliPath } from "../built.js";
import { compare, describeComparison, fixture, hasFixtures, readReference } from "../fixtures.js";
import { shortSong } from "../io/songs.js";
import { readWav, rms } from "../io/wav.js";

/** Runs the built command as a user would, in `cwd`; `unset` names variables of ours to leave out. */
function meltysynth(
  args: string[],
  cwd = mkdtempSync(path.join(tmpdir(), "meltysynth-")),
  unset: string[] = [],
): SpawnSyncReturns<Buffer> & { cwd: string } {
  const env = { ...process.env };
  delete env.DEBUG;
  for (const name of unset) delete env[name];
  const result = spawnSync(process.execPath, [cliPath, ...args], { cwd, env, maxBuffer: 1 << 30 });
  return Object.assign(result, { cwd });
}

function writeSongs(dir: string, count: number): string[] {
  return Array.from({ length: count }, (_, i) => {
    const file = path.join(dir, `song${i}.mid`);
    writeFileSync(file, shortSong(3 + i, [0, 24, 73][i % 3], 55 + 5 * i));
    return file;
  });
}

describe("meltysynth --help and --version", () => {
  it("prints help for the program and each command", () => {
    for (const args of [["--help"], ["render", "--help"], ["info", "--help"]]) {
      const run = meltysynth(args);
      expect(run.status, args.join(" ")).toBe(0);
      expect(run.stdout.toString()).toMatch(/^Usage: meltysynth/);
    }
    expect(meltysynth(["render", "--help"]).stdout.toString()).toContain("--soundfont");
  });

  it("lists every option of each command in its --help, with its short name and its default", () => {
    const options: Record<string, string[]> = {
      render: [
        "-s, --soundfont", "-o, --out", "--stems", "-f, --format", "-b, --bitrate", "-c, --channels", "-g, --gain", "--normalize", "--dither",
        "-r, --sample-rate", "--block-size", "--polyphony", "--no-effects", "--tail", "--loop", "--start", "--end",
        "--backend", "--profile", "--interpolation", "--reverb", "--chorus", "-j, --jobs", "-q, --quiet", "--verbose", "--debug", "-h, --help",
      ],
      info: ["--debug", "-h, --help"],
      serve: [
        "--fonts", "-p, --port", "--host", "-j, --concurrency", "--backend", "--queue", "--token", "--max-midi-bytes", "--max-song-seconds",
        "--max-render-seconds", "--max-queue", "--result-ttl", "--max-result-bytes", "--request-timeout", "--idle-timeout",
        "--debug", "-h, --help",
      ],
      worker: ["--queue", "--fonts", "-j, --concurrency", "--backend", "--debug", "-h, --help"],
    };
    for (const [command, names] of Object.entries(options)) {
      const run = meltysynth([command, "--help"]);
      expect(run.status, command).toBe(0);
      const listed = run.stdout.toString().split("\n").flatMap((line) => /^ {2}(?:-\w, | {4})--[\w-]+/.exec(line)?.[0].trim() ?? []);
      expect(listed, command).toEqual(names);
    }
    const render = meltysynth(["render", "--help"]).stdout.toString().replace(/\s+/g, " ");
    expect(render).toContain("--tail auto|SECONDS after the last event");
    expect(render).toContain("a number: that many seconds (default auto)");
    expect(render).toMatch(/--profile P .* \(default meltysynth\)/);
    expect(render).toContain("samples per second (default 44100; 48000 for Opus");
    const serve = meltysynth(["serve", "--help"]).stdout.toString().replace(/\s+/g, " ");
    expect(serve).toContain("--fonts DIR the folder of SoundFonts to serve (required)");
    expect(serve).toContain("larger MIDI files are refused with 413 (default 4194304)");
    expect(serve).toContain("larger renders fail with 422 (default 268435456)");
  });

  it("prints the package's version", () => {
    const run = meltysynth(["--version"]);
    expect(run.status).toBe(0);
    const manifest = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as { version: string };
    expect(run.stdout.toString().trim()).toBe(manifest.version);
  });
});

describe("meltysynth render", () => {
  it("with no arguments, renders the built-in demo to a non-silent stereo WAV of 15 s or more", () => {
    const run = meltysynth(["render"]);
    expect(run.status, run.stderr.toString()).toBe(0);
    const wav = readWav(readFileSync(path.join(run.cwd, "meltysynth-demo.wav")));
    expect(wav.channels).toBe(2);
    expect(wav.samples.length / 2 / wav.sampleRate).toBeGreaterThanOrEqual(15);
    expect(rms(wav.samples)).toBeGreaterThan(0.01);
    const stderr = run.stderr.toString();
    expect(stderr).toContain("Wrote meltysynth-demo.wav");
    expect(stderr).toContain("--soundfont");
    // stderr is a pipe here, not a terminal: no progress bar.
    expect(stderr).not.toContain("\r");
  });

  it("renders on the backend --backend names, the same bytes on each", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "meltysynth-"));
    const [song] = writeSongs(dir, 1);
    const outputs = ["js", "wasm"].map((backend) => {
      // MELTYSYNTH_BACKEND=js would keep the wasm module from loading at all.
      const run = meltysynth(["render", song, "--backend", backend, "--out", `${backend}.wav`], dir, ["MELTYSYNTH_BACKEND"]);
      expect(run.status, run.stderr.toString()).toBe(0);
      expect(run.stderr.toString()).toContain(`(${backend} backend`);
      return readFileSync(path.join(dir, `${backend}.wav`));
    });
    expect(outputs[1].equals(outputs[0])).toBe(true);
  });

  it("plays a stack of --soundfont files as one font: the built-in one split in two renders as the whole", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "meltysynth-"));
    const songs = writeSongs(dir, 2);
    const whole = builtinSoundFont();
    writeFileSync(path.join(dir, "whole.sf2"), writeSoundFont(whole));
    writeFileSync(path.join(dir, "melodic.sf2"), writeSoundFont(fontPart(whole, (bank) => bank < 128)));
    writeFileSync(path.join(dir, "kits.sf2"), writeSoundFont(fontPart(whole, (bank) => bank >= 128, -128)));
    const render = (fonts: string[], out: string, several = false) => {
      const run = meltysynth(["render", ...(several ? songs : songs.slice(0, 1)), ...fonts.flatMap((f) => ["-s", f]), "--out", out, "-q"], dir);
      expect(run.status, run.stderr.toString()).toBe(0);
    };
    render(["whole.sf2"], "whole.wav");
    render(["melodic.sf2", "kits.sf2@128"], "stack.wav");
    expect(readFileSync(path.join(dir, "stack.wav")).equals(readFileSync(path.join(dir, "whole.wav")))).toBe(true);
    // Several songs go to worker threads, which combine the stack themselves.
    render(["melodic.sf2", "kits.sf2@128"], "stacked", true);
    expect(readFileSync(path.join(dir, "stacked", "song0.wav")).equals(readFileSync(path.join(dir, "whole.wav")))).toBe(true);
    // Without the offset the kits land on bank 0, over the piano: another sound.
    render(["melodic.sf2", "kits.sf2"], "wrong.wav");
    expect(readFileSync(path.join(dir, "wrong.wav")).equals(readFileSync(path.join(dir, "whole.wav")))).toBe(false);
    const refused = meltysynth(["render", songs[0], "-s", "melodic.sf2", "-s", "kits.sf2@-1"], dir);
    expect(refused.status).toBe(2);
    expect(refused.stderr.toString()).toContain("--soundfont: kits.sf2: bankOffset must be a whole number that keeps the font's banks within 0-16383, got -1");
  });

  it("plays an RMIDI song with the SoundFont it carries, and describes it with info", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "meltysynth-"));
    const [song] = writeSongs(dir, 1);
    const smf = readFileSync(song);
    const carried = writeSoundFont(tinySoundFont());
    writeFileSync(path.join(dir, "tiny.sf2"), carried);
    const chunk = (id: string, body: Uint8Array): Buffer => {
      const head = Buffer.alloc(8);
      head.write(id, "latin1");
      head.writeUInt32LE(body.length, 4);
      return Buffer.concat([head, body, Buffer.alloc(body.length & 1)]);
    };
    const dbnk = chunk("LIST", Buffer.concat([Buffer.from("INFO"), chunk("INAM", Buffer.from("Tune\0")), chunk("DBNK", Uint8Array.of(0, 0))]));
    writeFileSync(path.join(dir, "tune.rmi"), chunk("RIFF", Buffer.concat([Buffer.from("RMID"), chunk("data", smf), dbnk, Buffer.from(carried)])));
    for (const args of [["tune.rmi", "--out", "carried.wav"], [song, "-s", "tiny.sf2", "--out", "tiny.wav"], [song, "--out", "builtin.wav"]]) {
      const run = meltysynth(["render", ...args, "-q"], dir);
      expect(run.status, run.stderr.toString()).toBe(0);
    }
    const wav = (name: string) => readFileSync(path.join(dir, name));
    expect(wav("carried.wav").equals(wav("tiny.wav"))).toBe(true);
    expect(wav("carried.wav").equals(wav("builtin.wav"))).toBe(false);
    const info = meltysynth(["info", "tune.rmi"], dir);
    expect(info.status, info.stderr.toString()).toBe(0);
    expect(info.stdout.toString()).toMatch(/tune\.rmi: RMIDI file, a standard MIDI file, format \d\n {2}Name: {8}Tune\n {2}Bank: {8}SoundFont, [\d.]+ \w+, bank offset 0\n/);
  });

  it("names the output after the song, and --quiet prints nothing", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "meltysynth-"));
    const [song] = writeSongs(dir, 1);
    const run = meltysynth(["render", song, "--quiet"], dir);
    expect(run.status, run.stderr.toString()).toBe(0);
    expect(run.stderr.toString()).toBe("");
    expect(readWav(readFileSync(path.join(dir, "song0.wav"))).channels).toBe(2);
  });

  it.skipIf(!hasFixtures)("renders a shared song with the shared SoundFont as MeltySynth does (within 1 dB of the SNR it reaches)", () => {
    const run = meltysynth([
      "render",
      fixture("midi", "5432gone_redfarn.mid"),
      "--soundfont",
      fixture("soundfonts", "TimGM6mb.sf2"),
      "--format",
      "f32",
      "--tail",
      "2",
      "--out",
      "out.wav",
    ]);
    expect(run.status, run.stderr.toString()).toBe(0);
    const wav = readWav(readFileSync(path.join(run.cwd, "out.wav")));
    const comparison = compare(readReference("5432gone_redfarn.f32"), wav.samples);
    console.log(describeComparison("meltysynth render 5432gone_redfarn.mid --format f32", comparison));
    expect(comparison.snr).toBeGreaterThanOrEqual(135.8 - 1); // the SNR reached, less a 1 dB margin
  });

  it("writes to standard output with --out - exactly what it writes to a file", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "meltysynth-"));
    const [song] = writeSongs(dir, 1);
    for (const tail of ["2", "auto"]) {
      const toFile = meltysynth(["render", song, "--tail", tail, "--out", "file.wav"], dir);
      const toStdout = meltysynth(["render", song, "--tail", tail, "--out", "-"], dir);
      expect(toFile.status, toFile.stderr.toString()).toBe(0);
      expect(toStdout.status, toStdout.stderr.toString()).toBe(0);
      const file = readFileSync(path.join(dir, "file.wav"));
      if (tail === "auto") {
        // A pipe cannot seek back: the header says "to the end of the stream"; the samples match.
        expect(toStdout.stdout.readUInt32LE(40), "data size").toBe(0xffffffff - 44);
        expect(Buffer.compare(toStdout.stdout.subarray(44), file.subarray(44))).toBe(0);
      } else {
        expect(Buffer.compare(toStdout.stdout, file)).toBe(0);
      }
      expect(toStdout.stderr.toString()).toContain("Wrote standard output");
    }
  });

  it("with --jobs 2, renders three songs exactly as one job at a time does", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "meltysynth-"));
    const songs = writeSongs(dir, 3);
    const parallel = meltysynth(["render", ...songs, "--jobs", "2", "--out", "parallel", "--format", "f32"], dir);
    expect(parallel.status, parallel.stderr.toString()).toBe(0);
    expect(parallel.stderr.toString()).toContain("Wrote 3 files");
    for (const [i, song] of songs.entries()) {
      const alone = meltysynth(["render", song, "--jobs", "1", "--out", `alone${i}.wav`, "--format", "f32"], dir);
      expect(alone.status, alone.stderr.toString()).toBe(0);
      const a = readFileSync(path.join(dir, "parallel", `song${i}.wav`));
      const b = readFileSync(path.join(dir, `alone${i}.wav`));
      expect(Buffer.compare(a, b), `song ${i}`).toBe(0);
    }
  });

  it("plays the song again with --loop and renders the tail asked for", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "meltysynth-"));
    const [song] = writeSongs(dir, 1); // 1.5 s long
    const run = meltysynth(["render", song, "--loop", "1", "--tail", "0.5", "--sample-rate", "22050", "--no-effects"], dir);
    expect(run.status, run.stderr.toString()).toBe(0);
    const wav = readWav(readFileSync(path.join(dir, "song0.wav")));
    expect(wav.sampleRate).toBe(22050);
    expect(wav.samples.length / 2).toBe(Math.ceil((2 * 1.5 + 0.5) * 22050));
  });
});

describe("meltysynth errors", () => {
  function expectOneLineError(run: SpawnSyncReturns<Buffer>, file: string, status = 1): void {
    const stderr = run.stderr.toString();
    expect(run.status, stderr).toBe(status);
    expect(stderr.trim().split("\n")).toHaveLength(1);
    expect(stderr).toContain(file);
    expect(stderr).not.toMatch(/^\s+at /m);
  }

  it("names a song that is not a MIDI file, in one line without a stack trace", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "meltysynth-"));
    writeFileSync(path.join(dir, "notes.mid"), "these are not notes");
    expectOneLineError(meltysynth(["render", "notes.mid"], dir), "notes.mid");
  });

  it("names a SoundFont that is not a SoundFont, in one line without a stack trace", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "meltysynth-"));
    const [song] = writeSongs(dir, 1);
    writeFileSync(path.join(dir, "font.sf2"), writeMidiFile({ format: 0, resolution: 96, tracks: [[]] }));
    expectOneLineError(meltysynth(["render", song, "--soundfont", "font.sf2"], dir), "font.sf2");
  });

  it("names a file that does not exist", () => {
    expectOneLineError(meltysynth(["render", "missing.mid"]), "missing.mid: no such file");
    expectOneLineError(meltysynth(["info", "missing.sf2"]), "missing.sf2: no such file");
  });

  it("shows the stack trace with --debug", () => {
    const run = meltysynth(["render", "missing.mid", "--debug"]);
    expect(run.status).toBe(1);
    expect(run.stderr.toString()).toMatch(/^\s+at /m);
  });

  it("exits with 2 for bad usage, pointing to the help", () => {
    for (const args of [["render", "--frobnicate"], ["render", "--sample-rate", "fast"], ["render", "--sample-rate", "1000"], ["render", "--format", "ogg"], ["render", "--backend", "gpu"], ["render", "--profile", "gs"], ["play"]]) {
      const run = meltysynth(args);
      expect(run.status, args.join(" ")).toBe(2);
      expect(run.stderr.toString(), args.join(" ")).toContain("--help");
    }
    expect(meltysynth(["render", "--sample-rate", "1000"]).stderr.toString()).toContain("--sample-rate must be");
  });

  it("suggests the nearest option for an unknown one, and exits with 2", () => {
    const run = meltysynth(["render", "--samplerate", "48000"]);
    expect(run.status).toBe(2);
    expect(run.stderr.toString()).toBe("meltysynth: unknown option '--samplerate' (did you mean --sample-rate?)\nTry 'meltysynth render --help'.\n");
  });

  it("refuses a --backend or --profile it does not know with 2, listing the values it knows", () => {
    const backend = meltysynth(["render", "--backend", "gpu"]);
    expect(backend.status).toBe(2);
    expect(backend.stderr.toString()).toBe("meltysynth: --backend must be one of auto, native, wasm, js, got 'gpu'\nTry 'meltysynth render --help'.\n");
    const profile = meltysynth(["render", "--profile", "gs"]);
    expect(profile.status).toBe(2);
    expect(profile.stderr.toString()).toBe("meltysynth: --profile must be one of meltysynth, full, got 'gs'\nTry 'meltysynth render --help'.\n");
    expect(existsSync(path.join(backend.cwd, "meltysynth-demo.wav"))).toBe(false);
  });

  it("takes reverb and chorus settings: MeltySynth's own render the same bytes, others other bytes, and bad ones are refused", () => {
    const plain = meltysynth(["render", "--end", "2", "-q"]);
    const same = meltysynth(["render", "--end", "2", "-q", "--reverb", "roomSize=0.5,damping=0.5", "--chorus", "depth=3.8"]);
    const other = meltysynth(["render", "--end", "2", "-q", "--reverb", "roomSize=0.9,width=0.5", "--chorus", "voices=3,speed=1"]);
    for (const run of [plain, same, other]) expect(run.status, run.stderr.toString()).toBe(0);
    const wav = (run: typeof plain) => readFileSync(path.join(run.cwd, "meltysynth-demo.wav"));
    expect(wav(same).equals(wav(plain))).toBe(true);
    expect(wav(other).equals(wav(plain))).toBe(false);
    const refusals: [string[], string][] = [
      [["--reverb", "roomSize=2"], "--reverb roomSize must be a number from 0 to 1, got 2"],
      [["--chorus", "rate=1"], "unknown setting 'rate' in --chorus; the settings are voices, level, speed, depth"],
      [["--chorus", "depth"], "--chorus must be NAME=NUMBER pairs separated by commas (roomSize=0.8,level=0.5), got 'depth'"],
    ];
    for (const [args, message] of refusals) {
      const run = meltysynth(["render", ...args]);
      expect(run.status).toBe(2);
      expect(run.stderr.toString()).toBe(`meltysynth: ${message}\nTry 'meltysynth render --help'.\n`);
    }
  });

  it("renders with the full profile when asked, to other bytes than the default profile's", () => {
    const full = meltysynth(["render", "--profile", "full", "--end", "4", "-q"]);
    const plain = meltysynth(["render", "--end", "4", "-q"]);
    expect(full.status, full.stderr.toString()).toBe(0);
    expect(plain.status, plain.stderr.toString()).toBe(0);
    const fullWav = readFileSync(path.join(full.cwd, "meltysynth-demo.wav"));
    const plainWav = readFileSync(path.join(plain.cwd, "meltysynth-demo.wav"));
    expect(readWav(fullWav).samples.length).toBeGreaterThan(2 * 4 * 44100);
    expect(fullWav.equals(plainWav)).toBe(false);
  });
});

describe("meltysynth info", () => {
  it("describes a MIDI file", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "meltysynth-"));
    const [song] = writeSongs(dir, 1);
    const run = meltysynth(["info", song], dir);
    expect(run.status, run.stderr.toString()).toBe(0);
    const out = run.stdout.toString();
    expect(out).toContain("format 0");
    expect(out).toMatch(/Length:\s+0:02 \(1\.5 s\)/);
    expect(out).toMatch(/Tempo:\s+120 BPM/);
    expect(out).toMatch(/1\s+Acoustic Grand Piano\s+3 notes/);
  });

  it("shows the ports of a song on several, with the channels each takes", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "meltysynth-"));
    const port = (value: number) => ({ tick: 0, meta: 0x21, data: Uint8Array.of(value) });
    const note = (channel: number, key: number) => ({ tick: 0, status: 0x90 | channel, data1: key, data2: 100 });
    const song = path.join(dir, "ports.mid");
    writeFileSync(song, writeMidiFile({ format: 1, resolution: 96, tracks: [[port(3), note(0, 60)], [port(1), { tick: 0, status: 0xc0, data1: 40, data2: 0 }, note(0, 62), note(9, 38)]] }));
    const run = meltysynth(["info", song], dir);
    expect(run.status, run.stderr.toString()).toBe(0);
    const out = run.stdout.toString();
    expect(out).toMatch(/Ports:\s+2 \(port 3 on channels 1-16, port 1 on channels 17-32\)/);
    expect(out).toMatch(/3: 1\s+Acoustic Grand Piano\s+1 notes/);
    expect(out).toMatch(/1: 1\s+Violin\s+1 notes/);
    expect(out).toMatch(/1:10\s+Drums\s+1 notes/);
  });

  it.skipIf(!hasFixtures)("describes a SoundFont", () => {
    const run = meltysynth(["info", fixture("soundfonts", "TimGM6mb.sf2")]);
    expect(run.status, run.stderr.toString()).toBe(0);
    const out = run.stdout.toString();
    expect(out).toMatch(/Presets:\s+136/);
    expect(out).toMatch(/Instruments:\s+210/);
    expect(out).toMatch(/Modulators:\s+\d+ \(played with --profile full\)/);
    expect(out).not.toMatch(/Warnings:/);
    expect(out).toMatch(/000:000\s+\S/);
    expect(out).toMatch(/128:000\s+\S/);
  });
});
