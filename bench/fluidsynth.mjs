// @ts-check
/**
 * FluidSynth (Debian's `fluidsynth` command, when it is on the PATH) at its default settings,
 * rendering with its documented fast render to a file:
 *   fluidsynth -ni -q -F out.wav -r 44100 -O float font.sf2 song.mid
 * It is its own process, so it cannot time its render loop for us. We read the CPU time (user +
 * system) of the process from the shell's `times`, its peak memory from /usr/bin/time when that
 * exists, and the frames it wrote from the WAV header (it renders on for a few seconds after the
 * last event, until its voices are silent). From each song's run we subtract a run on an empty
 * MIDI file (startup, SoundFont load and the 2 s of silence it renders then), frames and CPU time
 * alike. It plays the songs only: the chord lines hold three notes on a fresh synthesizer, which
 * a whole process fed a MIDI file would not measure apart from its startup. Its SoundFont load
 * time is the CPU time of the empty file's run with the font less that without any font.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { FONT, SAMPLE_RATE } from "./songs.mjs";

const TIME = "/usr/bin/time";

/** A format 0 MIDI file whose one track holds only its end: startup, load and silence. */
const EMPTY_MIDI_FILE = Uint8Array.from([
  ...[0x4d, 0x54, 0x68, 0x64, 0, 0, 0, 6, 0, 0, 0, 1, 0x01, 0xe0], // MThd, format 0, 1 track, 480 ticks per quarter note
  ...[0x4d, 0x54, 0x72, 0x6b, 0, 0, 0, 4, 0x00, 0xff, 0x2f, 0x00], // MTrk: end of track at delta 0
]);

/** The `fluidsynth --version` line, or null when there is no fluidsynth on the PATH. */
export function fluidsynthVersion() {
  const result = spawnSync("fluidsynth", ["--version"], { encoding: "utf8" });
  if (result.error || result.status !== 0) return null;
  const match = /runtime version ([\d.]+)/.exec(result.stdout) ?? /version ([\d.]+)/.exec(result.stdout);
  return match ? match[1] : result.stdout.split("\n")[0];
}

/** A scratch folder for FluidSynth's MIDI input and WAV outputs: in memory where /dev/shm is. */
export function makeScratch() {
  const scratch = mkdtempSync(join(existsSync("/dev/shm") ? "/dev/shm" : tmpdir(), "meltysynth-bench-"));
  const empty = join(scratch, "empty.mid");
  writeFileSync(empty, EMPTY_MIDI_FILE);
  return { dir: scratch, empty, dispose: () => rmSync(scratch, { recursive: true, force: true }) };
}

/**
 * Runs FluidSynth once on a MIDI file and measures the whole process.
 * @param {string} scratchDir
 * @param {string} midiPath
 * @param {boolean} withFont false to load no SoundFont at all (not even Debian's default one)
 * @returns {{ frames: number, cpuMs: number, wallMs: number, maxRssKiB: number | null } | { error: string }}
 */
export function runFluidsynth(scratchDir, midiPath, withFont = true) {
  const out = join(scratchDir, "out.wav");
  const memory = join(scratchDir, "memory.txt");
  rmSync(out, { force: true });
  rmSync(memory, { force: true });
  const args = ["-ni", "-q", "-F", out, "-r", String(SAMPLE_RATE), "-O", "float", ...(withFont ? [FONT] : ["-o", "synth.default-soundfont="]), midiPath];
  const command = existsSync(TIME) ? [TIME, "-f", "%M", "-o", memory, "fluidsynth", ...args] : ["fluidsynth", ...args];
  // `times` prints the shell's own CPU time, then its children's: "0m2.510s 0m0.160s".
  const script = '"$@" >/dev/null 2>&1; status=$?; times; exit $status';
  const start = performance.now();
  const result = spawnSync("bash", ["-c", script, "bash", ...command], { encoding: "utf8" });
  const wallMs = performance.now() - start;
  if (result.status !== 0 || !existsSync(out)) {
    return { error: `fluidsynth failed (status ${result.status}): ${result.stderr || result.stdout}`.trim() };
  }
  const children = result.stdout.trim().split("\n").at(-1) ?? "";
  const [user, system] = children.split(/\s+/).map(shellSeconds);
  const frames = wavFrames(readFileSync(out));
  const maxRssKiB = existsSync(memory) ? Number(readFileSync(memory, "utf8").trim().split("\n").at(-1)) : null;
  return { frames, cpuMs: (user + system) * 1000, wallMs, maxRssKiB };
}

/** "1m2.345s" -> 62.345 */
function shellSeconds(/** @type {string} */ text) {
  const match = /^(\d+)m([\d.]+)s$/.exec(text);
  if (!match) throw new Error(`unexpected output of 'times': ${text}`);
  return Number(match[1]) * 60 + Number(match[2]);
}

/** The number of frames in a WAV file: its data chunk's size over its block align. */
function wavFrames(/** @type {Buffer} */ wav) {
  let blockAlign = 0;
  for (let at = 12; at + 8 <= wav.length; ) {
    const id = wav.toString("ascii", at, at + 4);
    const size = wav.readUInt32LE(at + 4);
    if (id === "fmt ") blockAlign = wav.readUInt16LE(at + 8 + 12);
    if (id === "data") return Math.floor(Math.min(size, wav.length - at - 8) / blockAlign);
    at += 8 + size + (size & 1);
  }
  throw new Error("FluidSynth's WAV output has no data chunk");
}
