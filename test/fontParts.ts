import { SoundFont, writeSoundFont, type PresetModel } from "../lib/index.js";

/** The presets of `font` that `keep` picks, their banks moved by `move`, as a font of their own. */
export function fontPart(font: SoundFont, keep: (bank: number) => boolean, move = 0): SoundFont {
  const presets: PresetModel[] = font.presets
    .filter((p) => keep(p.bankNumber))
    .map((p) => ({ name: p.name, patchNumber: p.patchNumber, bankNumber: p.bankNumber + move, regions: p.regions }));
  return new SoundFont(writeSoundFont({ info: font.info, waveData: font.waveData, sampleHeaders: font.sampleHeaders, instruments: font.instruments, presets }));
}
