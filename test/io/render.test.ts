import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { Writable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { describe, expect, it } from "vitest";
import { builtinSoundFont } from "../../lib/builtin/builtinSoundFont.js";
import { generateDemoSong } from "../../lib/builtin/generateDemoSong.js";
import { MidiFile, MidiFileSequencer, SoundFont, Synthesizer, renderToWav, RenderStream } from "../../lib/io/index.js";
import { readWav, rms } from "./wav.js";
import { shortSong } from "./songs.js";

const font = builtinSoundFont();
const song = new MidiFile(shortSong(6));
// A fixed tail, as the references have; the automatic tail has tests of its own.
const options = { backend: "js", tail: 2 } as const;

/** The song rendered the plain way: a sequencer, one render call, for length + tail. */
function sequencerRender(midi: MidiFile, tail = 2): [Float32Array, Float32Array] {
  const sequencer = new MidiFileSequencer(new Synthesizer(font, { backend: options.backend }));
  sequencer.play(midi, false);
  const frames = Math.ceil((midi.length + tail) * 44100);
  const left = new Float32Array(frames);
  const right = new Float32Array(frames);
  sequencer.render(left, right);
  return [left, right];
}

// Compared as bytes: a deep equality over a million elements takes seconds.
function bytesOf(array: Float32Array | Int16Array): Buffer {
  return Buffer.from(array.buffer, array.byteOffset, array.byteLength);
}

function interleave(left: Float32Array, right: Float32Array): Float32Array {
  const out = new Float32Array(2 * left.length);
  for (let i = 0; i < left.length; i++) {
    out[2 * i] = left[i];
    out[2 * i + 1] = right[i];
  }
  return out;
}

describe("renderToWav", () => {
  it("writes, as 32-bit float, exactly what the sequencer renders", () => {
    const wav = readWav(renderToWav(song, font, { ...options, format: "f32" }));
    expect(wav.sampleRate).toBe(44100);
    expect(Buffer.compare(bytesOf(wav.samples), bytesOf(interleave(...sequencerRender(song))))).toBe(0);
  });

  it("writes, as 16-bit PCM, what the sequencer's own 16-bit conversion gives", () => {
    const wav = renderToWav(song, font, options);
    const sequencer = new MidiFileSequencer(new Synthesizer(font, { backend: options.backend }));
    sequencer.play(song, false);
    const expected = new Int16Array(2 * Math.ceil((song.length + 2) * 44100));
    sequencer.renderInterleavedInt16(expected);
    expect(Buffer.compare(Buffer.from(wav.subarray(44)), bytesOf(expected))).toBe(0);
  });

  it("renders for the song's length plus the tail, at the sample rate asked for", () => {
    const wav = readWav(renderToWav(song, font, { ...options, sampleRate: 22050, tail: 0.5 }));
    expect(wav.sampleRate).toBe(22050);
    expect(wav.samples.length / 2).toBe(Math.ceil((song.length + 0.5) * 22050));
  });

  it("plays the song `loop` more times, then lets it fade instead of starting again", () => {
    const loops = 2;
    const wav = readWav(renderToWav(song, font, { ...options, format: "f32", loop: loops, tail: 2 }));
    const frames = wav.samples.length / 2;
    expect(frames).toBe(Math.ceil((3 * song.length + 2) * 44100));
    const energyAt = (seconds: number) => rms(wav.samples.subarray(2 * Math.round(seconds * 44100), 2 * Math.round((seconds + 0.2) * 44100)));
    for (let pass = 0; pass <= loops; pass++) {
      expect(energyAt(pass * song.length + 0.05), `pass ${pass}`).toBeGreaterThan(0.01);
    }
    // After the last pass, only the release and the reverb: far quieter than a new pass would be.
    expect(energyAt((loops + 1) * song.length + 0.6)).toBeLessThan(energyAt(0.05) / 20);
  });

  it("refuses a negative tail or a fractional loop count", () => {
    expect(() => renderToWav(song, font, { tail: -1 })).toThrow(RangeError);
    expect(() => renderToWav(song, font, { loop: 1.5 })).toThrow(RangeError);
  });
});

describe("RenderStream", () => {
  it("yields the bytes of renderToWav, whatever the chunk size", async () => {
    const expected = renderToWav(song, font, { ...options, format: "f32" });
    for (const chunkFrames of [64, 1000, 1 << 20]) {
      const chunks: Buffer[] = [];
      for await (const chunk of new RenderStream(song, font, { ...options, format: "f32", chunkFrames })) chunks.push(chunk as Buffer);
      expect(Buffer.compare(Buffer.concat(chunks), expected), `chunks of ${chunkFrames}`).toBe(0);
    }
  });

  it("yields raw PCM without the header when asked", async () => {
    const wav = renderToWav(song, font, options);
    const chunks: Buffer[] = [];
    for await (const chunk of new RenderStream(song, font, { ...options, container: "pcm" })) chunks.push(chunk as Buffer);
    expect(Buffer.compare(Buffer.concat(chunks), wav.subarray(44))).toBe(0);
  });

  it("renders only as fast as a slow reader reads", async () => {
    const demo = new MidiFile(generateDemoSong());
    const stream = new RenderStream(demo, font, { ...options, chunkFrames: 1024, highWaterMark: 16384 });
    let consumed = 0;
    let furthestAhead = 0;
    const slowReader = new Writable({
      highWaterMark: 4096,
      write(chunk: Buffer, _encoding, done) {
        consumed += chunk.length;
        furthestAhead = Math.max(furthestAhead, stream.framesRendered * 4 + 44 - consumed);
        // A reader that falls behind: about one chunk per millisecond, far slower than rendering.
        setTimeout(done, 1);
      },
    });
    setTimeout(() => stream.destroy(), 300);
    await pipeline(stream, slowReader).catch(() => {});
    expect(consumed).toBeGreaterThan(0);
    expect(stream.framesRendered).toBeLessThan(stream.totalFrames! / 4);
    // The stream's buffer, the writer's, and one chunk in hand.
    expect(furthestAhead).toBeLessThanOrEqual(16384 + 4096 + 2 * 4096 + 44);
  });
});

describe("fromFile", () => {
  it("reads SoundFonts and MIDI files from paths", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "meltysynth-"));
    const midiPath = path.join(dir, "song.mid");
    const fontPath = path.join(dir, "font.sf2");
    writeFileSync(midiPath, shortSong(2));
    writeFileSync(fontPath, new Uint8Array(0));
    expect(MidiFile.fromFile(midiPath).length).toBeCloseTo(1, 5);
    expect(() => SoundFont.fromFile(fontPath)).toThrow(/SoundFont/);
    expect(() => SoundFont.fromFile(path.join(dir, "missing.sf2"))).toThrow(/ENOENT/);
  });
});
