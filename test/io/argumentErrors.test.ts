import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import {
  builtinSoundFont,
  generateDemoSong,
  MidiFile,
  MidiFileSequencer,
  RenderStream,
  renderToFile,
  renderToWav,
  SoundFont,
  Synthesizer,
} from "../../lib/io/index.js";

const font = builtinSoundFont();
const song = new MidiFile(generateDemoSong());

// What a new user meets first: arguments of the wrong kind, named with what was expected.
describe("arguments of the wrong kind", () => {
  it("a path where a constructor takes bytes points to fromFile", () => {
    expect(() => new MidiFile("song.mid" as never)).toThrow(
      new TypeError(`new MidiFile() takes the file's bytes, not a path: use MidiFile.fromFile("song.mid") in Node, or read the file first`),
    );
    expect(() => new SoundFont("/x.sf2" as never)).toThrow(/new SoundFont\(\) takes the file's bytes, not a path: use SoundFont\.fromFile\("\/x\.sf2"\)/);
    expect(() => new MidiFile(42 as never)).toThrow(/takes the file's bytes \(a Uint8Array or an ArrayBuffer\), got a number/);
    expect(() => new Synthesizer("/x.sf2" as never)).toThrow(/soundFont must be a SoundFont, got a string \(for a path, use SoundFont\.fromFile\)/);
  });

  it("reads bytes from any view of them", () => {
    const bytes = generateDemoSong();
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    expect(new MidiFile(view as never).length).toBe(song.length);
  });

  it("swapped song and SoundFont are named as swapped, in every render", async () => {
    const swapped = /the song must be a MidiFile, got a SoundFont \(the song comes first, then the SoundFont\)/;
    expect(() => renderToWav(font as never, song as never)).toThrow(swapped);
    expect(() => new RenderStream(font as never, song as never)).toThrow(swapped);
    await expect(renderToFile(font as never, song as never, "x.wav")).rejects.toThrow(swapped);
    expect(() => renderToWav("song.mid" as never, font)).toThrow(/got a string \(for a path, use MidiFile\.fromFile\)/);
    expect(() => renderToWav(song, undefined as never)).toThrow(/the SoundFont must be a SoundFont, got undefined/);
    expect(() => renderToWav(song, font, null as never)).toThrow(/the render options must be an object, got null/);
    expect(() => new MidiFileSequencer(new Synthesizer(font)).play("song.mid" as never, false)).toThrow(/play takes a MidiFile, got a string/);
  });

  it("renderToFile refuses a file whose extension names no format, or another format than asked", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "meltysynth-args-"));
    await expect(renderToFile(song, font, path.join(dir, "x.ogg"))).rejects.toThrow(/unknown extension '\.ogg'.*name a \.wav, \.flac, \.mp3 or \.opus file, or give the format/);
    await expect(renderToFile(song, font, path.join(dir, "x.wav"), { format: "flac" })).rejects.toThrow(/the format flac writes \.flac files, but the file is .*x\.wav/);
    await expect(renderToFile(song, font, 42 as never)).rejects.toThrow(/out must be the path of the file to write, got a number/);
    // A format given for an extension this package does not know is taken as asked.
    const summary = await renderToFile(song, font, path.join(dir, "x.bin"), { format: "s16", end: 0.5, tail: 0 });
    expect(summary.format).toBe("s16");
  });
});
