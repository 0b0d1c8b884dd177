import { describe, expect, it } from "vitest";
import { MidiFile, MidiFileSequencer, SoundFont, Synthesizer } from "../../lib/index.js";
import type { AudioRenderer, Backend } from "../../lib/index.js";
import { compare, describeComparison, hasFixtures, readFixture, readReference } from "../fixtures.js";
import { availableBackends } from "../backends.js";

// Reference renders of MeltySynth's algorithm (see the fixtures README): 44.1 kHz, blocks of 64,
// 64 voices, reverb and chorus on, master volume 0.5.
const SETTINGS = { sampleRate: 44100, blockSize: 64, maximumPolyphony: 64, enableReverbAndChorus: true };

// The SNR each render reaches, in dB: what is left is the reference's 32-bit float rounding
// against our double precision. A real loss shows well above this margin: the reverb's input gain
// off by one part in a million costs 3.6 to 4.8 dB, by one part in 100,000 13 to 23 dB.
const MARGIN_DB = 1;
const REACHED_DB: Record<string, Record<Backend, number>> = {
  "chord3.f32": { js: 124.3, wasm: 124.3, native: 124.3 },
  "5432gone_redfarn.f32": { js: 135.8, wasm: 135.8, native: 135.8 },
  "slow_neasy_redfarn.first30s.f32": { js: 136.4, wasm: 136.4, native: 136.4 },
  "boogi_marabi_redfarn.first30s.f32": { js: 135.1, wasm: 135.1, native: 135.1 },
};

function renderInterleaved(renderer: AudioRenderer, frames: number): Float32Array {
  const out = new Float32Array(2 * frames);
  renderer.renderInterleaved(out);
  return out;
}

describe.skipIf(!hasFixtures)("reference renders", () => {
  const soundFont = hasFixtures ? new SoundFont(readFixture("soundfonts", "TimGM6mb.sf2")) : (undefined as never);

  for (const backend of availableBackends()) {
    it(`chord3 (${backend}): SNR within ${MARGIN_DB} dB of the ${REACHED_DB["chord3.f32"][backend]} dB reached`, () => {
      const reference = readReference("chord3.f32");
      const synthesizer = new Synthesizer(soundFont, { ...SETTINGS, backend });
      synthesizer.noteOn(0, 60, 100);
      synthesizer.noteOn(0, 64, 100);
      synthesizer.noteOn(0, 67, 100);
      const c = compare(reference, renderInterleaved(synthesizer, reference.length / 2));
      console.log(describeComparison(`chord3.f32 [${backend}]`, c));
      expect(c.firstDivergentFrame).toBe(-1);
      expect(c.snr).toBeGreaterThanOrEqual(REACHED_DB["chord3.f32"][backend] - MARGIN_DB);
    });

    for (const [song, reference, whole] of [
      ["5432gone_redfarn.mid", "5432gone_redfarn.f32", true],
      ["slow_neasy_redfarn.mid", "slow_neasy_redfarn.first30s.f32", false],
      ["boogi_marabi_redfarn.mid", "boogi_marabi_redfarn.first30s.f32", false],
    ] as const) {
      const reached = REACHED_DB[reference][backend];
      it(`${song} (${backend}): SNR within ${MARGIN_DB} dB of the ${reached} dB reached`, () => {
        const expected = readReference(reference);
        const midiFile = new MidiFile(readFixture("midi", song));
        const frames = whole ? Math.ceil((midiFile.length + 2) * 44100) : 30 * 44100;
        expect(expected.length / 2).toBe(frames);
        const sequencer = new MidiFileSequencer(new Synthesizer(soundFont, { ...SETTINGS, backend }));
        sequencer.play(midiFile, false);
        const c = compare(expected, renderInterleaved(sequencer, frames));
        console.log(describeComparison(`${reference} [${backend}]`, c));
        expect(c.firstDivergentFrame).toBe(-1);
        expect(c.snr).toBeGreaterThanOrEqual(reached - MARGIN_DB);
      });
    }
  }
});
