import { execFileSync, spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { distDir } from "../built.js";
import { requirement } from "../requirements.js";
import { shortSong } from "./songs.js";
import { readWav } from "./wav.js";

// Opus is encoded in a worker thread, which runs the compiled package, as a user's would: so does everything here.
const io = (await import(path.join(distDir, "io", "index.js"))) as typeof import("../../lib/io/index.js");
const { builtinSoundFont, MidiFile, renderFiles, renderToFile, renderToWav, RenderStream } = io;
type RenderStream = import("../../lib/io/index.js").RenderStream;

const font = builtinSoundFont();
// Eight notes of the built-in piano, a second of tail: about 5 s at 48 kHz.
const song = new MidiFile(shortSong(8));
const base = { tail: 1 } as const;
const work = mkdtempSync(path.join(tmpdir(), "meltysynth-opus-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));
let folders = 0;
/** A new folder for one test's files. */
function folder(): string {
  const dir = path.join(work, String(folders++));
  mkdirSync(dir);
  return dir;
}

// MELTYSYNTH_REQUIRE_OPUSDEC=1 (CI, which installs Debian's opus-tools) makes a missing decoder a failure.
const missing = requirement(
  "MELTYSYNTH_REQUIRE_OPUSDEC",
  spawnSync("opusdec", ["--version"]).status === 0 && spawnSync("opusenc", ["--version"]).status === 0
    ? null
    : "opusdec and opusenc are not installed (apt-get install opus-tools)",
);

/** Decodes an Ogg Opus file with opusdec to 16-bit samples at 48 kHz, undithered. */
function decode(file: string): ReturnType<typeof readWav> {
  const out = `${file}.wav`;
  execFileSync("opusdec", ["--quiet", "--no-dither", "--rate", "48000", file, out]);
  return readWav(readFileSync(out));
}

/** Signal to noise ratio in dB of `decoded` against `reference`, sample by sample (no shift). */
function snr(reference: Float32Array, decoded: Float32Array): number {
  let signal = 0;
  let noise = 0;
  for (let i = 0; i < reference.length; i++) {
    signal += reference[i] ** 2;
    noise += (reference[i] - decoded[i]) ** 2;
  }
  return 10 * Math.log10(signal / noise);
}

async function streamBytes(stream: RenderStream): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

describe("Opus", () => {
  it.skipIf(missing !== null)(
    missing === null
      ? "a .opus file is Ogg Opus at 48 kHz that opusdec decodes to the song's length, in step with the WAV render and as close to it as opusenc's own 128 kbit/s"
      : `Opus decoding: skipped, ${missing}`,
    async () => {
      const dir = folder();
      const file = path.join(dir, "song.opus");
      const summary = await renderToFile(song, font, file, base);
      expect(summary).toMatchObject({ format: "opus", sampleRate: 48000, channels: 2 });
      const bytes = readFileSync(file);
      expect(bytes.subarray(0, 4).toString("latin1")).toBe("OggS");
      expect(bytes.subarray(28, 36).toString("latin1")).toBe("OpusHead");

      const reference = renderToWav(song, font, { ...base, format: "f32", sampleRate: 48000 });
      const wav = readWav(reference);
      const decoded = decode(file);
      expect(decoded.sampleRate).toBe(48000);
      expect(decoded.channels).toBe(2);
      // The pre-skip and the last page's granule position make the decoder give back exactly the render's frames.
      expect(decoded.samples.length).toBe(wav.samples.length);
      expect(decoded.samples.length / 2).toBe(summary.frames);
      const ours = snr(wav.samples, decoded.samples);

      // The same samples through opusenc (the reference encoder's command) at the same bit rate.
      const wavFile = path.join(dir, "reference.wav");
      writeFileSync(wavFile, reference);
      execFileSync("opusenc", ["--quiet", "--bitrate", "128", wavFile, path.join(dir, "reference.opus")]);
      const theirs = snr(wav.samples, decode(path.join(dir, "reference.opus")).samples);
      const theirBytes = readFileSync(path.join(dir, "reference.opus")).length;
      const shifted = snr(wav.samples.subarray(2), decoded.samples);
      // Measured: 36.4 dB here and 36.1 dB for opusenc, in 112 and 114 kB; a shift of one frame
      // (a pre-skip off by one) drops it to 22 dB.
      expect(ours).toBeGreaterThan(32);
      expect(ours).toBeGreaterThan(theirs - 1.5);
      expect(shifted).toBeLessThan(ours - 6);
      expect(bytes.length / theirBytes).toBeGreaterThan(0.8);
      expect(bytes.length / theirBytes).toBeLessThan(1.2);
    },
  );

  it("renderFiles writes a .opus job in its worker as renderToFile writes it here", async () => {
    const dir = folder();
    const bytes = shortSong(8);
    const [result] = await renderFiles([{ ...base, midi: bytes, out: path.join(dir, "worker.opus") }], { concurrency: 1 });
    expect(result).toMatchObject({ format: "opus", sampleRate: 48000 });
    await renderToFile(new MidiFile(bytes), font, path.join(dir, "here.opus"), base);
    expect(Buffer.compare(readFileSync(path.join(dir, "worker.opus")), readFileSync(path.join(dir, "here.opus")))).toBe(0);
  });

  it("takes a bit rate, and streams the bytes renderToFile writes", async () => {
    const dir = folder();
    const low = await renderToFile(song, font, path.join(dir, "low.opus"), { ...base, bitrate: 32, channels: 1 });
    const high = await renderToFile(song, font, path.join(dir, "high.opus"), { ...base, bitrate: 128, channels: 1 });
    expect(low.channels).toBe(1);
    expect(high.bytes / low.bytes).toBeGreaterThan(3);
    const streamed = await streamBytes(new RenderStream(song, font, { ...base, format: "opus", bitrate: 32, channels: 1 }));
    expect(Buffer.compare(streamed, readFileSync(path.join(dir, "low.opus")))).toBe(0);
  });

  it("renders at another rate libopus takes when asked, and refuses one it does not, or a bit rate out of range or for another format", async () => {
    const dir = folder();
    const summary = await renderToFile(song, font, path.join(dir, "a.opus"), { ...base, sampleRate: 24000 });
    expect(summary.sampleRate).toBe(24000);
    // The header records the rate the samples came at (OpusHead's input sample rate).
    expect(readFileSync(path.join(dir, "a.opus")).readUInt32LE(28 + 12)).toBe(24000);
    await expect(renderToFile(song, font, path.join(dir, "b.opus"), { ...base, sampleRate: 44100 })).rejects.toThrow(
      /Opus takes sample rates of 8000, 12000, 16000, 24000, 48000 Hz, not 44100/,
    );
    await expect(renderToFile(song, font, path.join(dir, "c.opus"), { ...base, bitrate: 600 })).rejects.toThrow(RangeError);
    expect(() => new RenderStream(song, font, { ...base, format: "mp3", bitrate: 96 })).toThrow(/bitrate applies to the opus format only/);
    await expect(renderToFile(song, font, path.join(dir, "d.opus"), { ...base, format: "flac" })).rejects.toThrow(/writes .flac files/);
  });
});
