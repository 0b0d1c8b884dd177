import { describe, expect, it } from "vitest";
import { MidiFile, MidiFileSequencer, SoundFont, Synthesizer } from "../../lib/index.js";
import type { AudioRenderer } from "../../lib/index.js";
import { compare, describeComparison, hasFixtures, readFixture, readReference } from "../fixtures.js";
import { availableBackends } from "../backends.js";

// Reference renders of MeltySynth's algorithm (see the fixtures README): 44.1 kHz, blocks of 64,
// 64 voices, reverb and chorus on, master volume 0.5.
const SETTINGS = { sampleRate: 44100, blockSize: 64, maximumPolyphony: 64, enableReverbAndChorus: true };

function renderInterleaved(renderer: AudioRenderer, frames: number): Float32Array {
  const out = new Float32Array(2 * frames);
  renderer.renderInterleaved(out);
  return out;
}

describe.skipIf(!hasFixtures)("reference renders", () => {
  const soundFont = hasFixtures ? new SoundFont(readFixture("soundfonts", "TimGM6mb.sf2")) : (undefined as never);

  for (const backend of availableBackends()) {
    it(`chord3 (${backend})`, () => {
      const reference = readReference("chord3.f32");
      const synthesizer = new Synthesizer(soundFont, { ...SETTINGS, backend });
      synthesizer.noteOn(0, 60, 100);
      synthesizer.noteOn(0, 64, 100);
      synthesizer.noteOn(0, 67, 100);
      const c = compare(reference, renderInterleaved(synthesizer, reference.length / 2));
      console.log(describeComparison(`chord3.f32 [${backend}]`, c));
      expect(c.snr).toBeGreaterThanOrEqual(60);
    });

    for (const [song, reference, whole] of [
      ["5432gone_redfarn.mid", "5432gone_redfarn.f32", true],
      ["slow_neasy_redfarn.mid", "slow_neasy_redfarn.first30s.f32", false],
      ["boogi_marabi_redfarn.mid", "boogi_marabi_redfarn.first30s.f32", false],
    ] as const) {
      it(`${song} (${backend})`, () => {
        const expected = readReference(reference);
        const midiFile = new MidiFile(readFixture("midi", song));
        const frames = whole ? Math.ceil((midiFile.length + 2) * 44100) : 30 * 44100;
        expect(expected.length / 2).toBe(frames);
        const sequencer = new MidiFileSequencer(new Synthesizer(soundFont, { ...SETTINGS, backend }));
        sequencer.play(midiFile, false);
        const c = compare(expected, renderInterleaved(sequencer, frames));
        console.log(describeComparison(`${reference} [${backend}]`, c));
        expect(c.snr).toBeGreaterThanOrEqual(60);
      });
    }
  }
});
