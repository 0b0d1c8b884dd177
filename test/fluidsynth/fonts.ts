import { existsSync, readFileSync } from "node:fs";
import { SoundFont } from "../../lib/index.js";
import { fixture, hasFixtures } from "../fixtures.js";
import { requirement } from "../requirements.js";

/** A real General MIDI font both synthesizers open: its file for FluidSynth, parsed for ours. */
export interface RealFont {
  readonly name: string;
  readonly path: string;
  /** Why the font cannot be used here, or null when it can. */
  readonly missing: string | null;
}

export const timGm6mb: RealFont = {
  name: "TimGM6mb",
  path: fixture("soundfonts", "TimGM6mb.sf2"),
  missing: hasFixtures ? null : "the shared fixtures (soundfonts/TimGM6mb.sf2) are absent",
};

const fluidR3Path = "/usr/share/sounds/sf2/FluidR3_GM.sf2";
export const fluidR3Gm: RealFont = {
  name: "FluidR3_GM",
  path: fluidR3Path,
  missing: requirement(
    "MELTYSYNTH_REQUIRE_FLUIDR3_GM",
    existsSync(fluidR3Path) ? null : `${fluidR3Path} is absent (Debian's fluid-soundfont-gm package installs it)`,
  ),
};

const loaded = new Map<string, SoundFont>();

/** Parses a font once per test file: FluidR3_GM is 148 MB. */
export function loadRealFont(font: RealFont): SoundFont {
  let soundFont = loaded.get(font.path);
  if (!soundFont) {
    soundFont = new SoundFont(readFileSync(font.path));
    loaded.set(font.path, soundFont);
  }
  return soundFont;
}
