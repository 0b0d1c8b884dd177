import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
import { distDir } from "../built.js";
import { shortSong } from "./songs.js";

// The encoder threads run the compiled package, as a user's would: so does everything here.
const io = (await import(path.join(distDir, "io", "index.js"))) as typeof import("../../lib/io/index.js");
const { createEncoder } = (await import(path.join(distDir, "io", "createEncoder.js"))) as typeof import("../../lib/io/createEncoder.js");
const { SongRender } = (await import(path.join(distDir, "io", "SongRender.js"))) as typeof import("../../lib/io/SongRender.js");
const { wholeFile } = (await import(path.join(distDir, "io", "wholeFile.js"))) as typeof import("../../lib/io/wholeFile.js");

const font = io.builtinSoundFont();
const song = new io.MidiFile(shortSong(8));
const formats = ["flac", "flac24", "mp3", "opus"] as const;

/** The file as the encoder writes it in the render's own thread, in the chunks renderToFile renders. */
async function encodedHere(options: import("../../lib/io/index.js").RenderOptions): Promise<Uint8Array> {
  const render = new SongRender(song, font, options);
  const encoder = await createEncoder(render.encoderSetup);
  const parts: Uint8Array[] = [];
  while (!render.done) {
    const { channels, frames } = render.render(16384);
    parts.push(encoder.encode(channels, frames));
  }
  parts.push(encoder.finish(render.framesRendered));
  return wholeFile(parts, encoder.rewrite());
}

async function streamBytes(stream: import("../../lib/io/index.js").RenderStream): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

describe("encoding in a thread beside the render", () => {
  it("writes, to a file and to a stream, the bytes the same encoder writes in the render's thread", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "meltysynth-encoder-"));
    for (const format of formats) {
      for (const tail of [1, "auto"] as const) {
        const options = { format, tail, dither: format.startsWith("flac") };
        const expected = Buffer.from(await encodedHere(options));
        const file = path.join(dir, `song-${tail}.${format.startsWith("flac") ? "flac" : format}`);
        await io.renderToFile(song, font, file, options);
        expect(Buffer.compare(readFileSync(file), expected), `${format}, tail ${tail}`).toBe(0);
        const stream = new io.RenderStream(song, font, options);
        const streamed = await streamBytes(stream);
        expect(Buffer.compare(Buffer.from(wholeFile([streamed], stream.rewrite())), expected), `${format} streamed, tail ${tail}`).toBe(0);
      }
    }
    rmSync(dir, { recursive: true, force: true });
  });

  it("reports a failure in the thread as a typed error, and leaves no thread behind, failed or left early", () => {
    // A process of its own, which must end by itself: a thread left running would keep it alive.
    const script = `
      const io = await import(${JSON.stringify(pathToFileURL(path.join(distDir, "io", "index.js")).href)});
      const { EncoderThread } = await import(${JSON.stringify(pathToFileURL(path.join(distDir, "io", "EncoderThread.js")).href)});
      const names = [];
      const setup = { format: "mp3", sampleRate: 44100, channels: 2, frames: undefined, dither: false };
      // A setup the encoder refuses when it starts in its thread.
      await EncoderThread.start({ ...setup, sampleRate: 12345 }).catch((e) => names.push(e.name + ": " + e.message));
      // A chunk the encoder cannot take (one channel of a stereo stream), met in the thread.
      const thread = await EncoderThread.start(setup);
      await thread.encode([new Float32Array(4096)], 4096).then(() => thread.finish(4096)).catch((e) => names.push(e.name + ": " + e.message));
      // An output that fills up while the thread encodes.
      const song = new io.MidiFile(io.generateDemoSong());
      await io.renderToFile(song, io.builtinSoundFont(), "/dev/full", { format: "opus", tail: 0 }).catch((e) => names.push(e.name + ": " + e.message));
      // A stream its reader leaves after the first bytes.
      for await (const chunk of new io.RenderStream(song, io.builtinSoundFont(), { format: "mp3" })) break;
      console.log(JSON.stringify(names));
    `;
    const run = spawnSync(process.execPath, ["--input-type=module", "-e", script], { timeout: 20_000, encoding: "utf8" });
    expect(run.signal, run.stderr).toBeNull();
    expect(run.status, run.stderr).toBe(0);
    const [refused, failed, full] = JSON.parse(run.stdout) as string[];
    expect(refused).toMatch(/^RangeError: MP3 takes sample rates of .* not 12345/);
    expect(failed).toMatch(/^EncodingError: the mp3 encoder failed: /);
    expect(full).toMatch(/^OutputFileError: \/dev\/full: cannot write the output: no space left on the device/);
  });
});
