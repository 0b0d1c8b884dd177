/** How the synthesizer loops a sample, as MeltySynth numbers it (the sampleModes generator). */
export const LoopMode = {
  /** The sample plays once, without loop. */
  noLoop: 0,
  /** The sample loops for as long as the voice sounds. */
  continuous: 1,
  /** The sample loops until the note is released, then plays on to its end. */
  loopUntilNoteOff: 3,
} as const;

/** One of the {@link LoopMode} values. */
export type LoopMode = (typeof LoopMode)[keyof typeof LoopMode];
