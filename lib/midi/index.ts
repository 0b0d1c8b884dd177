/**
 * MIDI files: parsing (MidiFile), playback on a synthesizer (MidiFileSequencer) and writing
 * (writeMidiFile). See README.md in this folder.
 */
export { MidiFile } from "./MidiFile.js";
export type { MidiFileOptions } from "./MidiFile.js";
export { MidiFileError } from "./MidiFileError.js";
export type { MidiFileEvent, MidiFileEventType, MidiMetaEvent, MidiMetaKind, MidiTempoChange } from "./MidiFileEvent.js";
export { MidiFileLoopType } from "./MidiFileLoopType.js";
export { MidiFileSequencer } from "./MidiFileSequencer.js";
export type { LoopHook, MetaEventHook, MidiMessageHook, SequencerTarget } from "./MidiFileSequencer.js";
export { writeMidiFile } from "./MidiFileWriter.js";
export { midiSongFromFile } from "./MidiSong.js";
export type { MidiSong, MidiSongEvent, MidiSongMessage, MidiSongMeta, MidiSongSystemExclusive } from "./MidiSong.js";
