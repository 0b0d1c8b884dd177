import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { cliPath } from "../built.js";
import { shortSong } from "../io/songs.js";

/**
 * One song renders in the command's own thread with the SoundFont read once: peak memory stays
 * within the font's size plus 150 MB, and on the wasm backend (MELTYSYNTH_BACKEND=wasm), which
 * copies the samples into its instance's memory, the font's size once more. Measured on the
 * largest font Debian packages (musescore-general-soundfont-lossless, 490 MB), where it is
 * installed.
 */
const fonts = ["/usr/share/sounds/sf2/MuseScore_General_Full.sf2", "/usr/share/sounds/sf2/FluidR3_GM.sf2"];

describe("meltysynth render: peak memory for one song", () => {
  for (const font of fonts) {
    const present = existsSync(font);
    const name = path.basename(font);
    it.skipIf(!present)(present ? `${name}: no more than its size plus 150 MB (on wasm, twice its size)` : `${name}: skipped, not installed`, () => {
      const dir = mkdtempSync(path.join(tmpdir(), "meltysynth-"));
      writeFileSync(path.join(dir, "song.mid"), shortSong(8));
      const run = spawnSync(process.execPath, [cliPath, "render", "song.mid", "-s", font, "--verbose"], { cwd: dir });
      const stderr = run.stderr.toString();
      expect(run.status, stderr).toBe(0);
      const mib = Number(/peak memory (\d+) MiB/.exec(stderr)?.[1]);
      const copies = /\(wasm backend/.test(stderr) ? 2 : 1;
      const limit = copies * statSync(font).size + 150e6;
      console.log(`${name} (${(statSync(font).size / 1e6).toFixed(0)} MB): peak memory ${(mib * 1.048576).toFixed(0)} MB, limit ${(limit / 1e6).toFixed(0)} MB`);
      expect(mib * 1024 * 1024).toBeLessThanOrEqual(limit);
    });
  }
});
