import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { distDir } from "../built.js";
import { readWav, rms } from "./wav.js";
import { shortSong } from "./songs.js";
import { requirement } from "../requirements.js";

// FLAC, MP3 and Opus are encoded in worker threads, which run the compiled package, as a user's
// would: so does everything here.
const io = (await import(path.join(distDir, "io", "index.js"))) as typeof import("../../lib/io/index.js");
const { builtinSoundFont, writeMidiFile, MidiFile, renderToFile, renderToWav, RenderStream, Synthesizer } = io;
type RenderStream = import("../../lib/io/index.js").RenderStream;
const { longestTail, silenceHold, silenceLevel } = (await import(path.join(distDir, "io", "SongRender.js"))) as typeof import("../../lib/io/SongRender.js");

const font = builtinSoundFont();
const song = new MidiFile(shortSong(4));
const base = { backend: "js", tail: 1 } as const;

function hasTool(tool: string): boolean {
  return spawnSync(tool, ["--version"]).status === 0;
}
// MELTYSYNTH_REQUIRE_FLAC=1 (CI, which installs Debian's flac package) makes a missing decoder a failure.
const flacTool = requirement("MELTYSYNTH_REQUIRE_FLAC", hasTool("flac") ? null : "the flac command is not installed (apt-get install flac)") === null;

async function streamBytes(stream: RenderStream): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

describe("loudness", () => {
  const plain = readWav(renderToWav(song, font, { ...base, format: "f32" })).samples;

  it("gain -6 scales every sample by 10^(-6/20): 6 dB quieter", () => {
    const quieter = readWav(renderToWav(song, font, { ...base, format: "f32", gain: -6 })).samples;
    const g = Math.fround(10 ** (-6 / 20));
    for (let i = 0; i < plain.length; i += 997) expect(quieter[i]).toBe(Math.fround(plain[i] * g));
    expect(20 * Math.log10(rms(quieter) / rms(plain))).toBeCloseTo(-6, 3);
  });

  it("normalize puts the peak at -1 dBFS and never clips, however loud the render", () => {
    for (const options of [{}, { maximumPolyphony: 8 }]) {
      const stream = new RenderStream(song, font, { ...base, ...options, normalize: true, format: "f32" });
      expect(stream.totalFrames).toBe(Math.ceil((song.length + 1) * 44100));
      const wav = readWav(renderToWav(song, font, { ...base, ...options, normalize: true, format: "f32" }));
      const peak = wav.samples.reduce((m, x) => Math.max(m, Math.abs(x)), 0);
      expect(20 * Math.log10(peak)).toBeCloseTo(-1, 4);
    }
    // A render made to clip by +30 dB, and the same song normalized.
    const loud = new RenderStream(song, font, { ...base, gain: 30 });
    const normalized = new RenderStream(song, font, { ...base, normalize: true });
    return Promise.all([streamBytes(loud), streamBytes(normalized)]).then(() => {
      expect(loud.clippedSamples).toBeGreaterThan(1000);
      expect(loud.peak).toBeGreaterThan(1);
      expect(normalized.clippedSamples).toBe(0);
      expect(normalized.peak).toBeLessThan(1);
    });
  });

  it("refuses gain with normalize, and a gain that is not a number", () => {
    expect(() => renderToWav(song, font, { gain: -3, normalize: true })).toThrow(/gain and normalize cannot be combined/);
    expect(() => renderToWav(song, font, { gain: Number.NaN })).toThrow(RangeError);
  });
});

describe("formats", () => {
  it("mono is the mean of both channels", () => {
    const stereo = readWav(renderToWav(song, font, { ...base, format: "f32" })).samples;
    const mono = readWav(renderToWav(song, font, { ...base, format: "f32", channels: 1 }));
    expect(mono.channels).toBe(1);
    expect(mono.samples.length).toBe(stereo.length / 2);
    for (let t = 0; t < mono.samples.length; t += 1009) {
      expect(mono.samples[t]).toBe(Math.fround((stereo[2 * t] + stereo[2 * t + 1]) * 0.5));
    }
  });

  it("24-bit WAV truncates toward zero, as the 16-bit output does, with 256 times the resolution", () => {
    const float = readWav(renderToWav(song, font, { ...base, format: "f32" })).samples;
    const wav = readWav(renderToWav(song, font, { ...base, format: "s24" }));
    expect(wav).toMatchObject({ formatTag: 1, bitsPerSample: 24, blockAlign: 6, channels: 2 });
    for (let i = 0; i < float.length; i += 211) expect(wav.samples[i] * 8388608).toBe(Math.trunc(float[i] * 8388608));
  });

  it.skipIf(!flacTool)(
    flacTool ? "FLAC decodes (flac -d) to exactly the samples of the 16- and 24-bit WAV, dithered or not" : "FLAC decoding: skipped, the flac tool is not installed",
    async () => {
      const dir = mkdtempSync(path.join(tmpdir(), "meltysynth-flac-"));
      for (const [flac, wav, dither, channels] of [
        ["flac", "s16", false, 2],
        ["flac24", "s24", false, 2],
        ["flac", "s16", true, 1],
      ] as const) {
        const options = { ...base, tail: "auto", dither, channels } as const;
        const file = path.join(dir, `${flac}-${dither}-${channels}.flac`);
        const summary = await renderToFile(song, font, file, { ...options, format: flac });
        execFileSync("flac", ["-t", "-s", file]); // also checks the MD5 signature of STREAMINFO
        const decoded = path.join(dir, `${flac}-${dither}-${channels}.wav`);
        execFileSync("flac", ["-d", "-s", "-f", "-o", decoded, file]);
        const expected = renderToWav(song, font, { ...options, format: wav });
        expect(summary.frames).toBe(readWav(expected).samples.length / channels);
        const [a, b] = [readWav(readFileSync(decoded)).samples, readWav(expected).samples];
        expect(Buffer.compare(Buffer.from(a.buffer), Buffer.from(b.buffer)), `${flac} dither ${dither}`).toBe(0);
      }
    },
  );

  it("streams FLAC that decodes to the same samples as the file", async () => {
    const bytes = await streamBytes(new RenderStream(song, font, { ...base, format: "flac" }));
    expect(bytes.subarray(0, 4).toString("latin1")).toBe("fLaC");
    const dir = mkdtempSync(path.join(tmpdir(), "meltysynth-flac-"));
    const file = path.join(dir, "song.flac");
    await renderToFile(song, font, file, { ...base, format: "flac" });
    // The file's STREAMINFO gets the MD5 signature at the end; everything after it is the same.
    expect(Buffer.compare(bytes.subarray(42), readFileSync(file).subarray(42))).toBe(0);
  });

  it("writes MP3 as MPEG-1 Layer III frames at 192 kbit/s for the whole length, and refuses a rate MPEG lacks", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "meltysynth-mp3-"));
    const file = path.join(dir, "song.mp3");
    const summary = await renderToFile(song, font, file, { ...base, format: "mp3" });
    const bytes = readFileSync(file);
    // Frame sync, MPEG-1, Layer III; bit rate index 11 (192 kbit/s); 44.1 kHz.
    expect(bytes[0]).toBe(0xff);
    expect(bytes[1] & 0xfe).toBe(0xfa);
    expect(bytes[2] >> 4).toBe(11);
    const seconds = summary.frames / 44100;
    expect(bytes.length).toBeGreaterThan(0.9 * seconds * 24000);
    expect(bytes.length).toBeLessThan(1.1 * (seconds + 0.1) * 24000);
    await expect(renderToFile(song, font, file, { ...base, format: "mp3", sampleRate: 96000 })).rejects.toThrow(/MP3 takes sample rates/);
  });

  it("renderToFile takes the format from the file's extension when none is given", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "meltysynth-ext-"));
    for (const [name, magic] of [["a.flac", "fLaC"], ["a.wav", "RIFF"]]) {
      const summary = await renderToFile(song, font, path.join(dir, name), base);
      expect(readFileSync(path.join(dir, name)).subarray(0, 4).toString("latin1"), name).toBe(magic);
      expect(summary.format).toBe(name.endsWith("flac") ? "flac" : "s16");
    }
  });

  it("renderToWav names what to use for FLAC and MP3", () => {
    expect(() => renderToWav(song, font, { format: "flac" })).toThrow(/use RenderStream or renderToFile/);
  });
});

describe("the automatic tail", () => {
  it("ends 100 ms after the output fell below -90 dBFS, whatever the chunk size", async () => {
    const wav = readWav(renderToWav(song, font, { backend: "js", format: "f32" }));
    const frames = wav.samples.length / 2;
    const hold = Math.round(silenceHold * 44100);
    expect(frames).toBeGreaterThan(Math.ceil(song.length * 44100) + hold);
    expect(frames).toBeLessThan(Math.ceil((song.length + longestTail) * 44100));
    const quiet = wav.samples.subarray(2 * (frames - hold));
    expect(quiet.every((x) => Math.abs(x) <= silenceLevel)).toBe(true);
    const before = wav.samples.subarray(2 * (frames - hold - 1), 2 * (frames - hold));
    expect(before.some((x) => Math.abs(x) > silenceLevel)).toBe(true);
    for (const chunkFrames of [64, 5000]) {
      const bytes = await streamBytes(new RenderStream(song, font, { backend: "js", format: "f32", chunkFrames }));
      expect(Buffer.compare(bytes.subarray(58), Buffer.from(renderToWav(song, font, { backend: "js", format: "f32" })).subarray(58))).toBe(0);
    }
  });

  it("stops at 30 s after the last event when a note never ends", () => {
    // A note-on without its note-off, on a sustained organ: it would sound forever.
    const held = new MidiFile(
      writeMidiFile({
        format: 0,
        resolution: 480,
        tracks: [[{ tick: 0, status: 0xc0, data1: 19, data2: 0 }, { tick: 0, status: 0x90, data1: 60, data2: 100 }, { tick: 480, meta: 0x2f, data: new Uint8Array(0) }]],
      }),
    );
    const wav = readWav(renderToWav(held, font, { backend: "js", sampleRate: 16000, enableReverbAndChorus: false }));
    expect(wav.samples.length / 2).toBe(Math.ceil(held.length * 16000) + longestTail * 16000);
  });
});

describe("option names", () => {
  it("a misspelt setting or option throws a TypeError naming it and the known ones", () => {
    expect(() => new Synthesizer(font, { samplerate: 48000 } as never)).toThrow(TypeError);
    expect(() => new Synthesizer(font, { samplerate: 48000 } as never)).toThrow(
      /unknown setting 'samplerate' \(did you mean 'sampleRate'\?\); the settings are sampleRate, blockSize/,
    );
    expect(() => renderToWav(song, font, { gian: 3 } as never)).toThrow(/unknown option 'gian' in the render options; the options are .*gain/);
    expect(() => new RenderStream(song, font, { chunkframes: 64 } as never)).toThrow(/did you mean 'chunkFrames'/);
  });
});
