import { readFileSync } from "node:fs";
import { MidiFile, type MidiFileOptions } from "../midi/MidiFile.js";
import { SoundFont, type SoundFontOptions } from "../soundfont/SoundFont.js";

// The engine is browser-safe and knows nothing of files; the Node entry gives its two file
// formats a synchronous `fromFile`, declared here and installed below when this module loads.
declare module "../soundfont/SoundFont.js" {
  namespace SoundFont {
    /**
     * Reads a SoundFont from an SF2, SF3 or DLS file (Node only).
     * @throws The file system's error when the file cannot be read; SoundFontError when it is not a SoundFont.
     */
    function fromFile(path: string, options?: SoundFontOptions): SoundFont;
  }
}

declare module "../midi/MidiFile.js" {
  namespace MidiFile {
    /**
     * Reads a standard MIDI file (Node only).
     * @throws The file system's error when the file cannot be read; MidiFileError when it is not a MIDI file.
     */
    function fromFile(path: string, options?: MidiFileOptions): MidiFile;
  }
}

Object.assign(SoundFont, {
  fromFile: (path: string, options?: SoundFontOptions): SoundFont => new SoundFont(readFileSync(path), options),
});

Object.assign(MidiFile, {
  fromFile: (path: string, options?: MidiFileOptions): MidiFile => new MidiFile(readFileSync(path), options),
});
