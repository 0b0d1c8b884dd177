// @ts-check
/**
 * rustysynth, MeltySynth's Rust port, through `rustyrender`: a render command built on it that
 * the shared tools provide (../shared/tools/rustyrender from the repository root), or the one
 * the MELTYSYNTH_RUSTYRENDER environment variable names. It is MeltySynth's algorithm compiled
 * ahead of time, so it is the peer that shows what our port costs and gains. It times its own
 * render loop and prints one JSON line:
 *   {"load_ms", "render_ms", "audio_s", "frames", "rtf", "rtf_cpu"}
 * where rtf_cpu is audio seconds per CPU second of its rendering thread, the figure the other
 * columns give, and load_ms is the wall time of reading and parsing the SoundFont.
 */
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { BLOCK_SIZE, FONT, POLYPHONY, SAMPLE_RATE, TAIL_SECONDS, framesToRender } from "./songs.mjs";

const OVERRIDE = "MELTYSYNTH_RUSTYRENDER";
const SHARED_TOOL = fileURLToPath(new URL("../../shared/tools/rustyrender", import.meta.url));

/** The command to run, or why there is none. */
export function rustyrenderCommand() {
  const overridden = process.env[OVERRIDE];
  const path = overridden || SHARED_TOOL;
  if (existsSync(path)) return { path, unavailable: null };
  return {
    path: null,
    unavailable: overridden
      ? `${OVERRIDE}=${overridden} does not exist`
      : `no rustyrender at ../shared/tools/rustyrender from the repository root (or set ${OVERRIDE})`,
  };
}

/**
 * Renders one song or chord with our settings: same sample rate, block size, polyphony, tail
 * and effects; a chord for as many frames as ours.
 * @param {string} path the rustyrender command
 * @param {import("./songs.mjs").Song} song
 * @returns {{ audioSeconds: number, cpuMs: number, wallMs: number, loadMs: number } | { error: string }}
 */
export function runRustysynth(path, song) {
  const args = ["--sf2", FONT, "--rate", String(SAMPLE_RATE), "--block", String(BLOCK_SIZE), "--poly", String(POLYPHONY)];
  if (song.file === null) args.push("--chord", "--frames", String(framesToRender(song, 0)));
  else args.push("--mid", song.file, "--tail", String(TAIL_SECONDS));
  if (!song.effects) args.push("--no-fx");
  const result = spawnSync(path, args, { encoding: "utf8" });
  const last = result.stdout?.trim().split("\n").at(-1) ?? "";
  if (result.error || result.status !== 0 || !last.startsWith("{")) {
    return { error: `rustyrender failed (status ${result.status}): ${result.error ?? result.stderr.trim()}` };
  }
  const timings = JSON.parse(last);
  return {
    audioSeconds: timings.audio_s,
    cpuMs: (timings.audio_s / timings.rtf_cpu) * 1000,
    wallMs: timings.render_ms,
    loadMs: timings.load_ms,
  };
}
