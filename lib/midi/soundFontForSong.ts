import { combineSoundFonts } from "../soundfont/combineSoundFonts.js";
import { SoundFont } from "../soundfont/SoundFont.js";
import type { MidiFile } from "./MidiFile.js";

/**
 * The font a song plays with: `soundFont`, with the SoundFont an RMIDI song carries laid over it
 * (its melodic banks moved by the file's bank offset, its presets taking the places they share);
 * the carried one alone when no font is given. A song that carries none plays `soundFont`.
 * A carried DLS bank is read as a SoundFont is (its bank offset is 0 unless DBNK says otherwise).
 * @throws TypeError when no font is given and the song carries no bank; SoundFontError when
 *   the carried bank cannot be read.
 */
export function soundFontForSong(midi: MidiFile, soundFont?: SoundFont): SoundFont {
  const bank = midi.embeddedSoundBank;
  if (bank === undefined) {
    if (soundFont !== undefined) return soundFont;
    throw new TypeError("the song carries no SoundFont: give one to play it with");
  }
  const carried = { soundFont: new SoundFont(bank.bytes), bankOffset: bank.bankOffset, offsetDrumKits: false };
  return combineSoundFonts(soundFont === undefined ? [carried] : [soundFont, carried]);
}
