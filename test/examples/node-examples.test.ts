import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { builtinSoundFont } from "../../lib/builtin/builtinSoundFont.js";
import { generateDemoSong } from "../../lib/builtin/generateDemoSong.js";
import { renderToWav } from "../../lib/io/renderToWav.js";
import { MidiFile } from "../../lib/midi/index.js";
import "../built.js";
import { shortSong } from "../io/songs.js";

const examples = fileURLToPath(new URL("../../examples/", import.meta.url));

// On the JavaScript backend, like the in-process render they are compared with (native code
// rounds differently).
function run(script: string, args: string[]) {
  const env = { ...process.env, MELTYSYNTH_BACKEND: "js" };
  return spawnSync(process.execPath, [path.join(examples, script), ...args], { env, maxBuffer: 1 << 30 });
}

describe("the Node examples", () => {
  it("render-folder.mjs renders each song of a folder next to it", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "meltysynth-"));
    const songs = [shortSong(3), shortSong(4, 40)];
    songs.forEach((bytes, i) => writeFileSync(path.join(dir, `tune${i}.mid`), bytes));
    const result = run("render-folder.mjs", [dir, "--jobs", "2"]);
    expect(result.status, result.stderr.toString()).toBe(0);
    expect(result.stdout.toString()).toContain("2 songs");
    songs.forEach((bytes, i) => {
      const expected = renderToWav(new MidiFile(bytes), builtinSoundFont());
      expect(Buffer.compare(readFileSync(path.join(dir, `tune${i}.wav`)), Buffer.from(expected))).toBe(0);
    });
  });

  it("stream-to-stdout.mjs streams the demo song as a WAV file", () => {
    const result = run("stream-to-stdout.mjs", []);
    expect(result.status, result.stderr.toString()).toBe(0);
    const expected = renderToWav(new MidiFile(generateDemoSong()), builtinSoundFont());
    // The automatic tail's length is known only at the end, so a stream's header says "to the
    // end of the stream"; the samples are those of renderToWav.
    expect(result.stdout.readUInt32LE(4)).toBe(0xffffffff);
    expect(Buffer.compare(result.stdout.subarray(44), Buffer.from(expected).subarray(44))).toBe(0);
  });
});
