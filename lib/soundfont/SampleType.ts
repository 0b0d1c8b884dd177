/**
 * The bits of a sample header's `type` (sfSampleType in the SoundFont 2 specification).
 * Stereo samples are a left and a right header linked to each other through `link`.
 */
export const SampleType = {
  mono: 0x0001,
  right: 0x0002,
  left: 0x0004,
  linked: 0x0008,
  /** Set by SF3 files on samples stored as Ogg Vorbis streams, which are decoded when played. */
  compressed: 0x0010,
  /** Set when the sample lives in a sound card's ROM rather than in the file. */
  rom: 0x8000,
} as const;
