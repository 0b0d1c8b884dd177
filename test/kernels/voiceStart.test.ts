import { describe, expect, it } from "vitest";
import type { Backend, RendererSettings } from "../../lib/kernels/BlockRenderer.js";
import { createBlockRenderer } from "../../lib/kernels/createBlockRenderer.js";
import {
  NOTE_ATTACK_SCALE,
  NOTE_CHANNEL,
  NOTE_DECIBELS,
  NOTE_EXCLUSIVE_CLASS,
  NOTE_KEY,
  NOTE_PITCH_CORRECTION,
  NOTE_ROOT_KEY,
  NOTE_SAMPLE_END,
  NOTE_SAMPLE_END_LOOP,
  NOTE_SAMPLE_MODES,
  NOTE_SAMPLE_RATE,
  NOTE_SAMPLE_START,
  NOTE_SAMPLE_START_LOOP,
  NOTE_WAVE_LENGTH,
  F32_FIELDS,
  F64_FIELDS,
  I32_FIELDS,
} from "../../lib/kernels/VoiceBank.js";
import { generatorCount } from "../../lib/soundfont/GeneratorType.js";
import { createBlockContext } from "../../lib/synth/createBlockContext.js";
import { availableBackends } from "../backends.js";
import { Random } from "../native/fixtures.js";

const CAPACITY = 8;
const SETTINGS: RendererSettings = {
  sampleRate: 44100,
  blockSize: 64,
  capacity: CAPACITY,
  waveData: new Int16Array(50000),
  decodedLater: false,
  inaudibleGain: Math.fround(1e-3),
  interpolation: "linear",
  effects: false,
};

// Values a generator sum or a modulated generator can take, and the ones a broken file or a
// runaway modulator gives: extremes, fractions, infinities, NaN.
const ODD_VALUES = [0, -1, 32767, -32768, 65534, -65536, 0.5, -12000.25, 1e9, -1e9, Infinity, -Infinity, Number.NaN];

function randomNote(note: Float64Array, random: Random): void {
  const odd = random.chance(0.2);
  const value = (lo: number, hi: number): number => (odd && random.chance(0.3) ? ODD_VALUES[random.below(ODD_VALUES.length)] : Math.round(random.between(lo, hi)));
  for (let i = 0; i < generatorCount; i++) note[i] = value(-12000, 12000);
  note[NOTE_EXCLUSIVE_CLASS] = value(0, 4);
  note[NOTE_SAMPLE_START] = value(0, 20000);
  note[NOTE_SAMPLE_END] = value(20000, 60000);
  note[NOTE_SAMPLE_START_LOOP] = value(0, 40000);
  note[NOTE_SAMPLE_END_LOOP] = value(20000, 60000);
  note[NOTE_SAMPLE_MODES] = [0, 1, 3][random.below(3)];
  note[NOTE_PITCH_CORRECTION] = value(-50, 50);
  note[NOTE_ROOT_KEY] = value(0, 127);
  note[NOTE_SAMPLE_RATE] = value(8000, 96000);
  note[NOTE_WAVE_LENGTH] = SETTINGS.waveData.length;
  note[NOTE_CHANNEL] = random.below(16);
  note[NOTE_KEY] = random.below(128);
  note[NOTE_DECIBELS] = random.between(-100, 0);
  note[NOTE_ATTACK_SCALE] = random.between(0, 1);
}

describe("a voice's start", () => {
  const backends = availableBackends().filter((backend) => backend !== "js");
  const start = (backend: Backend) => createBlockRenderer(SETTINGS, backend, (memory) => createBlockContext(SETTINGS, memory));

  // With MELTYSYNTH_BACKEND=js there is nothing to compare with, which a skipped test says.
  if (backends.length === 0) it.skip("starts voices as JavaScript does on the other backends (only the JavaScript backend is tested here)", () => undefined);

  it.each(backends)("writes the voice bank as the JavaScript start does, on %s, odd records included", (backend) => {
    const js = start("js");
    const other = start(backend);
    const random = new Random(7);
    for (let n = 0; n < 2000; n++) {
      randomNote(js.context.noteStart, random);
      other.context.noteStart.set(js.context.noteStart);
      const v = random.below(CAPACITY);
      js.startVoice(v);
      other.startVoice(v);
      // Object.is: the same value, -0 told from +0, any NaN as good as another (ECMAScript
      // leaves a NaN's bits to the engine).
      const difference = [...F64_FIELDS, ...F32_FIELDS, ...I32_FIELDS].find((field) => {
        const values = [js, other].map((r) => (r.context.bank as unknown as Record<string, Float64Array>)[field][v]);
        return !Object.is(values[0], values[1]);
      });
      if (difference !== undefined) {
        const values = [js, other].map((r) => (r.context.bank as unknown as Record<string, Float64Array>)[difference][v]);
        expect.fail(`note ${n} (${Array.from(js.context.noteStart).join(",")}): ${difference} is ${values[0]} in JavaScript, ${values[1]} on ${backend}`);
      }
    }
  });

  it.each(backends)("refuses a voice outside the bank on %s, and starts voices after it", (backend) => {
    const renderer = start(backend);
    randomNote(renderer.context.noteStart, new Random(3));
    for (const v of [CAPACITY, -1, 0.5, Number.NaN]) expect(() => renderer.startVoice(v)).toThrow(RangeError);
    renderer.startVoice(CAPACITY - 1);
    expect(renderer.context.bank.key[CAPACITY - 1]).toBe(renderer.context.noteStart[NOTE_KEY]);
  });
});
