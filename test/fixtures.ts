import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import path from "node:path";
import { requirement } from "./requirements.js";

/**
 * The fixtures (real SoundFonts, songs and reference renders) are not part of the project: the
 * folder named by the environment variable MELTYSYNTH_FIXTURES, else ../shared/fixtures from the
 * project's root. Without it, tests that need it skip with a message saying so; with
 * MELTYSYNTH_REQUIRE_FIXTURES=1 (CI), any file of it missing fails instead.
 */
export const fixturesDir = process.env.MELTYSYNTH_FIXTURES
  ? path.resolve(process.env.MELTYSYNTH_FIXTURES)
  : path.resolve(fileURLToPath(new URL(".", import.meta.url)), "../../shared/fixtures");
export const hasFixtures = existsSync(path.join(fixturesDir, "soundfonts", "TimGM6mb.sf2"));

/** Every file and folder of the fixtures that some test reads (see the fixtures README). */
const fixtureFiles = [
  "soundfonts/TimGM6mb.sf2",
  "soundfonts/TimGM6mb.sf3",
  "midi/5432gone_redfarn.mid",
  "midi/slow_neasy_redfarn.mid",
  "midi/boogi_marabi_redfarn.mid",
  "references/chord3.f32",
  "references/5432gone_redfarn.f32",
  "references/slow_neasy_redfarn.first30s.f32",
  "references/boogi_marabi_redfarn.first30s.f32",
  "polyphone/TimGM6mb/Presets",
  "polyphone/TimGM6mb/Instruments",
];
const absentFixtures = fixtureFiles.filter((file) => !existsSync(path.join(fixturesDir, file)));
requirement(
  "MELTYSYNTH_REQUIRE_FIXTURES",
  absentFixtures.length === 0 ? null : `the fixtures folder ${fixturesDir} lacks ${absentFixtures.join(", ")}`,
);

if (!hasFixtures) {
  console.warn(
    `Skipping conformance tests: the fixtures folder ${fixturesDir} is absent (set MELTYSYNTH_FIXTURES to a folder holding soundfonts/, midi/ and references/; see the README).`,
  );
}

export function fixture(...parts: string[]): string {
  return path.join(fixturesDir, ...parts);
}

export function readFixture(...parts: string[]): Uint8Array {
  return readFileSync(fixture(...parts));
}

/** A raw interleaved little-endian float32 reference render. */
export function readReference(name: string): Float32Array {
  const bytes = readFileSync(fixture("references", name));
  const copy = new Uint8Array(bytes.byteLength);
  copy.set(bytes);
  return new Float32Array(copy.buffer);
}

export interface Comparison {
  /** 10 log10(sum ref^2 / sum (out - ref)^2); Infinity when identical. */
  snr: number;
  maxDifference: number;
  /** First frame where |out - ref| > 1e-4, or -1. */
  firstDivergentFrame: number;
}

/** Compares two interleaved stereo renders as the fixtures README describes. */
export function compare(reference: Float32Array, output: Float32Array): Comparison {
  if (reference.length !== output.length) {
    throw new RangeError(`length mismatch: reference ${reference.length}, output ${output.length}`);
  }
  let signal = 0;
  let noise = 0;
  let maxDifference = 0;
  let firstDivergentFrame = -1;
  for (let i = 0; i < reference.length; i++) {
    const d = output[i] - reference[i];
    signal += reference[i] * reference[i];
    noise += d * d;
    const a = Math.abs(d);
    if (a > maxDifference) maxDifference = a;
    if (a > 1e-4 && firstDivergentFrame < 0) firstDivergentFrame = i >> 1;
  }
  return { snr: 10 * Math.log10(signal / noise), maxDifference, firstDivergentFrame };
}

export function describeComparison(name: string, c: Comparison): string {
  return `${name}: SNR ${c.snr === Infinity ? "inf (bit-identical)" : c.snr.toFixed(1) + " dB"}, max |diff| ${c.maxDifference.toExponential(2)}, first frame over 1e-4: ${c.firstDivergentFrame}`;
}

/**
 * The first index at which two renders differ, bit for bit, or -1 when they are identical (a
 * length that differs counts at the shorter one's end). Cheap where `toEqual` on a failing pair
 * of long arrays spends minutes writing the difference out.
 */
export function firstDifference(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (!Object.is(a[i], b[i])) return i;
  return a.length === b.length ? -1 : n;
}
