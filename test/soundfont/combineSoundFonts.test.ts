// Several SoundFonts played as one: bank offsets, the later font winning, the samples copied, and
// a GM bank split in two (melodic presets, and drum kits moved to bank 0) put back together
// rendering as the whole bank does.
import { describe, expect, it } from "vitest";
import { MidiFile, MidiFileSequencer, SoundFont, combineSoundFonts } from "../../lib/index.js";
import { Synthesizer } from "../../lib/synth/Synthesizer.js";
import { hasFixtures, readFixture } from "../fixtures.js";
import { fontPart } from "../fontParts.js";
import { tinySoundFont } from "../tinySoundFont.js";

const names = (font: SoundFont): string[] => font.sortedPresets.map((p) => `${p.bankNumber}:${p.patchNumber} ${p.name}`);

describe("combineSoundFonts", () => {
  const tiny = tinySoundFont();

  it("answers each font's presets at their bank plus its offset, the later font winning", () => {
    const sine = fontPart(tiny, (bank) => bank === 0);
    const kit = fontPart(tiny, (bank) => bank === 128, -128);
    expect(names(kit)).toEqual(["0:0 Kit"]);
    const both = combineSoundFonts([sine, { soundFont: kit, bankOffset: 128 }]);
    expect(names(both)).toEqual(["0:0 Sine", "128:0 Kit"]);
    // The kit at bank 0 over the sine: listed later, it plays there.
    expect(names(combineSoundFonts([sine, kit]))).toEqual(["0:0 Kit"]);
    expect(names(combineSoundFonts([kit, sine]))).toEqual(["0:0 Sine"]);
    expect(both.findPreset(128, 5)?.name).toBe("Kit");
    expect(both.findPreset(3, 9)?.name).toBe("Sine");
  });

  it("returns a single font with no offset as it is, and refuses what is not a stack of SoundFonts", () => {
    expect(combineSoundFonts([tiny])).toBe(tiny);
    expect(() => combineSoundFonts([])).toThrow(RangeError);
    expect(() => combineSoundFonts([tiny, "drums.sf2" as never])).toThrow(/entry 1 must be a SoundFont/);
    expect(() => combineSoundFonts([{ soundFont: tiny, bankOffset: -1 }])).toThrow(/entry 0: bankOffset/);
    expect(() => combineSoundFonts([{ soundFont: tiny, bankOffset: 0.5 }])).toThrow(RangeError);
  });

  it.skipIf(!hasFixtures)("puts TimGM6mb split in two back together: a song renders bit for bit as on the whole bank", () => {
    const whole = new SoundFont(readFixture("soundfonts", "TimGM6mb.sf2"));
    const melodic = fontPart(whole, (bank) => bank < 128);
    const drums = fontPart(whole, (bank) => bank >= 128, -128);
    const combined = combineSoundFonts([melodic, { soundFont: drums, bankOffset: 128 }]);
    expect(names(combined)).toEqual(names(whole));
    const midi = new MidiFile(readFixture("midi", "5432gone_redfarn.mid"));
    const render = (font: SoundFont) => {
      const sequencer = new MidiFileSequencer(new Synthesizer(font));
      sequencer.play(midi, false);
      const left = new Float32Array(20 * 44100);
      const right = new Float32Array(left.length);
      sequencer.render(left, right);
      return [left, right];
    };
    expect(render(combined)).toEqual(render(whole));
    // Only the samples the presets play are copied.
    const kitOnly = combineSoundFonts([{ soundFont: drums, bankOffset: 128 }]);
    expect(kitOnly.waveData.length).toBeLessThan(whole.waveData.length / 2);
  });
});

if (!hasFixtures) console.warn("Skipping the TimGM6mb split-and-combine render: the shared fixtures are absent.");
