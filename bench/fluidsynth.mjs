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
 * alike. The chord is a MIDI file: the three notes at time 0, released at 3 s. Its SoundFont load
 * time is the wall time of the empty file's run with the font less that without any font.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CHORD_KEYS, CHORD_VELOCITY, FONT, SAMPLE_RATE } from "./songs.mjs";

const TIME = "/usr/bin/time";

/** The `fluidsynth --version` line, or null when there is no fluidsynth on the PATH. */
export function fluidsynthVersion() {
  const result = spawnSync("fluidsynth", ["--version"], { encoding: "utf8" });
  if (result.error || result.status !== 0) return null;
  const match = /runtime version ([\d.]+)/.exec(result.stdout) ?? /version ([\d.]+)/.exec(result.stdout);
  return match ? match[1] : result.stdout.split("\n")[0];
}

/** A scratch folder for FluidSynth's MIDI inputs and WAV outputs: in memory where /dev/shm is. */
export function makeScratch() {
  const scratch = mkdtempSync(join(existsSync("/dev/shm") ? "/dev/shm" : tmpdir(), "meltysynth-bench-"));
  const chord = join(scratch, "chord3.mid");
  const empty = join(scratch, "empty.mid");
  // Format 0, 480 ticks per quarter note at the default 120 BPM: 960 ticks a second.
  const noteOns = CHORD_KEYS.map((key) => event(0, [0x90, key, CHORD_VELOCITY]));
  const noteOffs = CHORD_KEYS.map((key, i) => event(i === 0 ? 3 * 960 : 0, [0x80, key, 0]));
  writeFileSync(chord, smf([...noteOns, ...noteOffs, event(0, [0xff, 0x2f, 0x00])]));
  writeFileSync(empty, smf([event(0, [0xff, 0x2f, 0x00])]));
  return { dir: scratch, chord, empty, dispose: () => rmSync(scratch, { recursive: true, force: true }) };
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

/** One track event: a delta time in ticks and its bytes. */
function event(/** @type {number} */ delta, /** @type {number[]} */ bytes) {
  const varLength = [delta & 0x7f];
  for (let rest = delta >> 7; rest > 0; rest >>= 7) varLength.unshift((rest & 0x7f) | 0x80);
  return [...varLength, ...bytes];
}

/** A format 0 standard MIDI file of one track, 480 ticks per quarter note. */
function smf(/** @type {number[][]} */ events) {
  const track = events.flat();
  const header = [..."MThd"].map((c) => c.charCodeAt(0)).concat([0, 0, 0, 6, 0, 0, 0, 1, 0x01, 0xe0]);
  const length = track.length;
  const trackHeader = [..."MTrk"].map((c) => c.charCodeAt(0)).concat([length >>> 24, (length >>> 16) & 255, (length >>> 8) & 255, length & 255]);
  return Uint8Array.from([...header, ...trackHeader, ...track]);
}
