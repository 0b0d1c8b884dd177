import { existsSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { MidiFile, MidiFileSequencer, SoundFont, Synthesizer } from "../../lib/io/index.js";
import { availableBackends } from "../backends.js";
import { hasFixtures, readFixture } from "../fixtures.js";
import { requirement } from "../requirements.js";

// Debian's musescore-general-soundfont-small (.ci/run installs it).
const musescore = "/usr/share/sounds/sf3/MuseScore_General_Lite.sf3";
const missing = requirement(
  "MELTYSYNTH_REQUIRE_MUSESCORE_SF3",
  existsSync(musescore) ? null : `${musescore} is absent (apt-get install musescore-general-soundfont-small)`,
);
const present = missing === null;
if (!present) console.warn(`Skipping the MuseScore_General_Lite.sf3 test: ${missing}.`);

describe.skipIf(!present || !hasFixtures)("MuseScore_General_Lite.sf3 (a real SF3 font of 40 MB)", () => {
  it("opens without decoding, and plays a song decoding only the samples it needs", () => {
    const font = SoundFont.fromFile(musescore);
    expect(font.compressed).toBe(true);
    expect(font.sampleHeaders.length).toBeGreaterThan(1000);
    expect(font.decodedSampleCount).toBe(0);
    for (const backend of availableBackends()) {
      const sequencer = new MidiFileSequencer(new Synthesizer(font, { sampleRate: 44100, backend }));
      sequencer.play(new MidiFile(readFixture("midi", "slow_neasy_redfarn.mid")), false);
      const out = new Float32Array(2 * 10 * 44100);
      sequencer.renderInterleaved(out);
      expect(out.every(Number.isFinite)).toBe(true);
      expect(out.some((x) => Math.abs(x) > 0.05)).toBe(true);
    }
    expect(font.decodeErrors).toEqual([]);
    expect(font.decodedSampleCount).toBeGreaterThan(5);
    expect(font.decodedSampleCount).toBeLessThan(font.sampleHeaders.length / 4);
  });
});
