/**
 * The non-standard loop extensions a MIDI file may use, as MeltySynth's `MidiFileLoopType`.
 * A loop start marks where playback jumps back to; a loop end (where the convention has one)
 * marks where it jumps from. Without a loop end, the jump happens at the end of the song.
 */
export const MidiFileLoopType = {
  /** No loop extension: controllers 110, 111, 116 and 117 are ordinary controllers. */
  None: "none",
  /** The RPG Maker style: CC #111 is the loop start. */
  RpgMaker: "rpgMaker",
  /** The Incredible Machine style: CC #110 and CC #111 are the loop start and end. */
  IncredibleMachine: "incredibleMachine",
  /** The Final Fantasy style: CC #116 and CC #117 are the loop start and end. */
  FinalFantasy: "finalFantasy",
} as const;

/** One of the values of {@link MidiFileLoopType}. */
export type MidiFileLoopType = (typeof MidiFileLoopType)[keyof typeof MidiFileLoopType];
