import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { distDir } from "../built.js";
import { shortSong } from "../io/songs.js";
import { builtinFontFolder } from "./processes.js";

// The package's entry for servers, as a program imports it, and the Node entry to compare with.
const service = (await import(path.join(distDir, "service", "index.js"))) as typeof import("../../lib/service/index.js");
const io = (await import(path.join(distDir, "io", "index.js"))) as typeof import("../../lib/io/index.js");

const midi = shortSong(8);

describe("RenderPool, the service's pool in a program", () => {
  let pool: import("../../lib/service/index.js").RenderPool;
  const fonts = builtinFontFolder();
  const dir = mkdtempSync(path.join(tmpdir(), "meltysynth-pool-"));

  beforeAll(() => {
    pool = new service.RenderPool(service.FontLibrary.load(fonts), 1);
  });
  afterAll(async () => {
    await pool?.close();
    for (const folder of [fonts, dir]) rmSync(folder, { recursive: true, force: true });
  });

  it("renders to the bytes of a whole file in any format, those renderToWav and renderToFile give, call after call", async () => {
    const font = io.builtinSoundFont();
    const song = new io.MidiFile(midi);
    const wav = await pool.render({ font: "builtin.sf2", midi });
    expect(wav.mediaType).toBe("audio/wav");
    expect(Buffer.compare(Buffer.from(wav.audio), Buffer.from(io.renderToWav(song, font)))).toBe(0);

    for (const format of ["opus", "flac", "mp3"] as const) {
      const file = path.join(dir, `song.${format}`);
      await io.renderToFile(song, font, file, { format, tail: 1 });
      const result = await pool.render({ font: "builtin.sf2", midi, options: { format, tail: 1 } });
      expect(result.mediaType).toBe({ opus: "audio/ogg", flac: "audio/flac", mp3: "audio/mpeg" }[format]);
      expect(Buffer.compare(Buffer.from(result.audio), readFileSync(file)), format).toBe(0);
      expect(result.audioSeconds).toBeCloseTo(song.length + 1, 1);
    }
  });

  it("leaves the calling thread's event loop free while it renders", async () => {
    let ticks = 0;
    const timer = setInterval(() => ticks++, 5);
    const started = performance.now();
    await pool.render({ font: "builtin.sf2", midi, options: { format: "opus", tail: 1, normalize: true } });
    const elapsed = performance.now() - started;
    clearInterval(timer);
    // A render in this thread would let no timer run until it ended.
    expect(elapsed).toBeGreaterThan(100);
    expect(ticks).toBeGreaterThan(elapsed / 5 / 4);
  });

  it("refuses a font it lacks and a file that is not MIDI with a RequestError that says which", async () => {
    await expect(pool.render({ font: "piano.sf2", midi })).rejects.toMatchObject({ name: "RequestError", status: 400, message: expect.stringMatching(/font/) });
    const refusal = pool.render({ font: "builtin.sf2", midi: new Uint8Array(64) });
    await expect(refusal).rejects.toBeInstanceOf(service.RequestError);
    await expect(refusal).rejects.toMatchObject({ status: 400 });
    expect(() => new service.RenderPool(service.FontLibrary.load(fonts), 0)).toThrow(RangeError);
  });
});
