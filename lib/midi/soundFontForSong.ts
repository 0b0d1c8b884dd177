import { combineSoundFonts } from "../soundfont/combineSoundFonts.js";
import { SoundFont } from "../soundfont/SoundFont.js";
import type { MidiFile } from "./MidiFile.js";

/**
 * The font a song plays with: `soundFont`, with the SoundFont an RMIDI song carries laid over it
 * (its melodic banks moved by the file's bank offset, its presets taking the places they share);
 * the carried one alone when no font is given. A song that carries none plays `soundFont`.
 * An embedded DLS bank is not read yet: with a font given it is left out, without one it is an error.
 * @throws TypeError when no font is given and the song carries no SoundFont; SoundFontError when
 *   the carried SoundFont cannot be read.
 */
export function soundFontForSong(midi: MidiFile, soundFont?: SoundFont): SoundFont {
  const bank = midi.embeddedSoundBank;
  if (bank === undefined || bank.format === "dls") {
    if (soundFont !== undefined) return soundFont;
    throw new TypeError(
      bank === undefined ? "the song carries no SoundFont: give one to play it with" : "the song carries a DLS bank, which cannot be read yet: give a SoundFont to play it with",
    );
  }
  const carried = { soundFont: new SoundFont(bank.bytes), bankOffset: bank.bankOffset, offsetDrumKits: false };
  return combineSoundFonts(soundFont === undefined ? [carried] : [soundFont, carried]);
}
