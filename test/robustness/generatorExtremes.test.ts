import { describe, expect, it } from "vitest";
import { GeneratorType, SoundFont, SoundFontError, Synthesizer, writeSoundFont, type Backend } from "../../lib/index.js";
import { tinyModel } from "../soundfont/tinyModel.js";
import { backends } from "./loadBackends.js";

// Every generator at the extremes a 16-bit field can hold, at the instrument level, the preset
// level and both (where the two add up past 16 bits), must still give finite samples: a corrupt
// or hostile SoundFont may hold any of them. The fuzzer found the first of these.
const values = [32767, -32768, 1000];
const levels = ["instrument", "preset", "both"] as const;
// The generators that are not parameters: the instrument and sample links, which the writer sets.
const links: readonly number[] = [GeneratorType.instrument, GeneratorType.sampleID];

function render(font: SoundFont, backend: Backend): string | undefined {
  const synthesizer = new Synthesizer(font, { backend, sampleRate: 22050, maximumPolyphony: 16 });
  synthesizer.processMidiMessage(0, 0xc0, 80, 0);
  // Pitch bend range 24 semitones and the bend at its top, to push the pitch further.
  synthesizer.processMidiMessage(1, 0xc0, 80, 0);
  for (const [controller, value] of [[101, 0], [100, 0], [6, 24]]) synthesizer.processMidiMessage(1, 0xb0, controller, value);
  synthesizer.processMidiMessage(1, 0xe0, 127, 127);
  for (const key of [0, 60, 127]) {
    synthesizer.noteOn(0, key, 127);
    synthesizer.noteOn(1, key, 1);
  }
  synthesizer.noteOn(9, 36, 100);
  const left = new Float32Array(3000);
  const right = new Float32Array(3000);
  for (let pass = 0; pass < 2; pass++) {
    synthesizer.render(left, right);
    for (let t = 0; t < left.length; t++) {
      if (!Number.isFinite(left[t]) || !Number.isFinite(right[t])) return `frame ${pass * left.length + t}: ${left[t]}, ${right[t]}`;
    }
    synthesizer.noteOffAll(false);
  }
  return undefined;
}

describe("generators at their 16-bit extremes", () => {
  it.each(backends)("give finite samples on the %s backend", (backend) => {
    const failures: string[] = [];
    for (let type = 0; type < 61; type++) {
      if (links.includes(type)) continue;
      for (const value of values) {
        for (const level of levels) {
          const model = tinyModel();
          if (level !== "preset") for (const instrument of model.instruments) for (const region of instrument.regions) region.generators[type] = value;
          if (level !== "instrument") for (const preset of model.presets) for (const region of preset.regions) region.generators[type] = value;
          const name = Object.entries(GeneratorType).find(([, t]) => t === type)?.[0];
          let font: SoundFont;
          try {
            font = new SoundFont(writeSoundFont(model));
          } catch (error) {
            // Sample offsets that leave the wave data are refused when the file is read.
            if (error instanceof SoundFontError) continue;
            throw error;
          }
          const bad = render(font, backend);
          if (bad !== undefined) failures.push(`${name} (${type}) = ${value} at the ${level} level: non-finite sample at ${bad}`);
        }
      }
    }
    expect(failures).toEqual([]);
  });
});
