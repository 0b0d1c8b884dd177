import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { requirement } from "../requirements.js";

/** A stereo render: two channels of equal length at `sampleRate`. */
export interface StereoRender {
  readonly left: Float32Array;
  readonly right: Float32Array;
  readonly sampleRate: number;
}

export interface FluidSynthOptions {
  /** FluidSynth's master gain (its -g option). Default 1, so that levels are easy to reason about. */
  readonly gain?: number;
  readonly sampleRate?: number;
  /** Further `-o name=value` settings, e.g. `{ "synth.device-id": 16 }`. */
  readonly settings?: Readonly<Record<string, string | number>>;
  /** Shell commands run before the song (its -f file), e.g. `["interp 7"]`. */
  readonly commands?: readonly string[];
}

export interface FluidSynthStatus {
  readonly available: boolean;
  /** "FluidSynth runtime version 2.3.1" when available, else why not. */
  readonly description: string;
}

let status: FluidSynthStatus | undefined;

/**
 * Whether the `fluidsynth` command runs here. The comparison tests skip when it does not
 * (a user's machine); CI installs Debian's package so that they run there.
 */
export function fluidsynthStatus(): FluidSynthStatus {
  if (status) return status;
  const probe = spawnSync("fluidsynth", ["--version"], { encoding: "utf8" });
  if (probe.error || probe.status !== 0) {
    status = {
      available: false,
      description: `the fluidsynth command is not available (${probe.error?.message ?? `exit status ${probe.status}`}); install Debian's fluidsynth package to run these comparisons`,
    };
  } else {
    const line = probe.stdout.split("\n").find((l) => /version/i.test(l)) ?? probe.stdout.trim();
    status = { available: true, description: line.trim() };
  }
  return status;
}

/**
 * Renders a standard MIDI file with FluidSynth's file renderer: reverb and chorus off, 32-bit
 * float little-endian raw output, so that nothing but the synthesis itself differs from our render.
 * FluidSynth stops rendering when the song ends, so the song should end after the last release.
 */
export function renderWithFluidSynth(midi: Uint8Array, soundFontPath: string, options: FluidSynthOptions = {}): StereoRender {
  const sampleRate = options.sampleRate ?? 44100;
  const dir = mkdtempSync(path.join(tmpdir(), "meltysynth-fluid-"));
  try {
    const songPath = path.join(dir, "song.mid");
    const outPath = path.join(dir, "out.raw");
    writeFileSync(songPath, midi);
    const args = [
      "-n", "-i", "-q",
      "-R", "0", "-C", "0",
      "-g", String(options.gain ?? 1),
      "-r", String(sampleRate),
      "-o", `synth.sample-rate=${sampleRate}`,
      "-T", "raw", "-O", "float", "-E", "little",
      "-F", outPath,
    ];
    for (const [name, value] of Object.entries(options.settings ?? {})) args.push("-o", `${name}=${value}`);
    if (options.commands !== undefined) {
      const commandsPath = path.join(dir, "commands.txt");
      writeFileSync(commandsPath, options.commands.join("\n") + "\n");
      args.push("-f", commandsPath);
    }
    args.push(soundFontPath, songPath);
    const run = spawnSync("fluidsynth", args, { encoding: "utf8", maxBuffer: 16 << 20 });
    if (run.error) throw run.error;
    if (run.status !== 0) throw new Error(`fluidsynth exited with status ${run.status}: ${run.stderr}`);
    const bytes = readFileSync(outPath);
    const copy = new Uint8Array(bytes.byteLength - (bytes.byteLength % 8));
    copy.set(bytes.subarray(0, copy.length));
    const interleaved = new Float32Array(copy.buffer);
    const frames = interleaved.length / 2;
    const left = new Float32Array(frames);
    const right = new Float32Array(frames);
    for (let i = 0; i < frames; i++) {
      left[i] = interleaved[2 * i];
      right[i] = interleaved[2 * i + 1];
    }
    return { left, right, sampleRate };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Why the comparison tests cannot run here (FluidSynth or a font missing), or null when they can.
 * A missing fluidsynth command throws instead with MELTYSYNTH_REQUIRE_FLUIDSYNTH=1 (CI).
 */
export function skipReason(...missing: (string | null)[]): string | null {
  const fluid = fluidsynthStatus();
  const fluidMissing = requirement("MELTYSYNTH_REQUIRE_FLUIDSYNTH", fluid.available ? null : fluid.description);
  const reasons = [fluidMissing, ...missing].filter((r): r is string => r !== null);
  return reasons.length > 0 ? reasons.join("; ") : null;
}

/** Skips with a message saying why, once per test file. */
export function warnSkip(what: string, reason: string | null): boolean {
  if (reason !== null) console.warn(`Skipping ${what}: ${reason}.`);
  return reason !== null;
}
