import type { Preset } from "./Preset.js";

/**
 * Which preset plays a bank and program, by the synthesizer's rules: the exact bank and program;
 * else General MIDI's choice, the same program in bank 0 (or the standard kit, 128:0, for a drum
 * bank); else the font's default preset, its lowest bank and program (the piano, in a General
 * MIDI font). Where a font holds two presets with the same bank and program, the later one plays.
 */
export class PresetLookup {
  private readonly byId = new Map<number, Preset>();
  /** The preset of the lowest bank and program, or undefined for a font without presets. */
  readonly defaultPreset: Preset | undefined;

  constructor(presets: readonly Preset[]) {
    let lowest: Preset | undefined;
    let lowestId = Number.MAX_SAFE_INTEGER;
    for (const preset of presets) {
      const id = idOf(preset.bankNumber, preset.patchNumber);
      this.byId.set(id, preset);
      if (id < lowestId) {
        lowest = preset;
        lowestId = id;
      }
    }
    this.defaultPreset = lowest;
  }

  /** The preset with exactly this bank and program, or undefined. */
  exact(bank: number, program: number): Preset | undefined {
    return this.byId.get(idOf(bank, program));
  }

  /** The preset that plays `bank`, `program`, falling back as the class says; undefined only for a font without presets. */
  find(bank: number, program: number): Preset | undefined {
    return this.exact(bank, program) ?? this.byId.get(bank < 128 ? idOf(0, program) : idOf(128, 0)) ?? this.defaultPreset;
  }
}

// A preset's ID packs its bank into the upper 16 bits and its program into the lower ones.
function idOf(bank: number, program: number): number {
  return (bank << 16) | program;
}
