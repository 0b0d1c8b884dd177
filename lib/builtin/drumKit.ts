/** The sounds the drum kit's keys play: one of the generated samples, or the sine cycle. */
export type DrumSound = "kick" | "snare" | "clap" | "tom" | "knock" | "cowbell" | "metal" | "sine";

/** One key of the drum kit. */
export interface DrumKey {
  readonly sound: DrumSound;
  /** Semitones above or below the sound's own pitch. */
  readonly tune: number;
  /** Seconds to fall by 80 dB; the sound's own length cuts it shorter. */
  readonly decay: number;
  /** Left (-50) to right (+50), as seen from the audience. */
  readonly pan?: number;
  readonly attenuationDb?: number;
  /** Keys of the same class cut each other off: an open hi-hat is closed by the pedal. */
  readonly exclusiveClass?: number;
}

const hiHat = 1;

/**
 * The General MIDI percussion keys the built-in kit plays (bank 128, program 0). Drums ignore
 * note-off: each sound decays by itself, as a struck drum does. Keys not listed are silent.
 */
export const drumKit: Readonly<Record<number, DrumKey>> = {
  35: { sound: "kick", tune: -2, decay: 2, attenuationDb: 4 },
  36: { sound: "kick", tune: 0, decay: 2, attenuationDb: 4 },
  37: { sound: "knock", tune: 2, decay: 0.3, attenuationDb: 6 },
  38: { sound: "snare", tune: 0, decay: 2 },
  39: { sound: "clap", tune: 0, decay: 2, pan: -10 },
  40: { sound: "snare", tune: 3, decay: 2 },
  41: { sound: "tom", tune: -5, decay: 2, pan: 25 },
  42: { sound: "metal", tune: 0, decay: 0.08, pan: -20, attenuationDb: 4, exclusiveClass: hiHat },
  43: { sound: "tom", tune: -2, decay: 2, pan: 20 },
  44: { sound: "metal", tune: -2, decay: 0.1, pan: -20, attenuationDb: 6, exclusiveClass: hiHat },
  45: { sound: "tom", tune: 0, decay: 2, pan: 10 },
  46: { sound: "metal", tune: 0, decay: 0.8, pan: -20, attenuationDb: 4, exclusiveClass: hiHat },
  47: { sound: "tom", tune: 3, decay: 2, pan: 0 },
  48: { sound: "tom", tune: 6, decay: 2, pan: -10 },
  49: { sound: "metal", tune: -5, decay: 2.5, pan: -25, attenuationDb: 2 },
  50: { sound: "tom", tune: 9, decay: 2, pan: -20 },
  51: { sound: "metal", tune: -9, decay: 1.5, pan: 25, attenuationDb: 8 },
  52: { sound: "metal", tune: -12, decay: 1.8, pan: 30, attenuationDb: 2 },
  53: { sound: "cowbell", tune: 10, decay: 1, pan: 25, attenuationDb: 6 },
  54: { sound: "metal", tune: 5, decay: 0.25, pan: 15, attenuationDb: 6 },
  55: { sound: "metal", tune: 2, decay: 1, pan: -15, attenuationDb: 4 },
  56: { sound: "cowbell", tune: 0, decay: 1, pan: 15, attenuationDb: 4 },
  57: { sound: "metal", tune: -3, decay: 2.5, pan: 25, attenuationDb: 2 },
  58: { sound: "knock", tune: -12, decay: 0.5, pan: 20 },
  59: { sound: "metal", tune: -7, decay: 1.5, pan: 25, attenuationDb: 8 },
  60: { sound: "tom", tune: 19, decay: 0.6, pan: 20 },
  61: { sound: "tom", tune: 15, decay: 0.6, pan: 20 },
  62: { sound: "tom", tune: 12, decay: 0.15, pan: -20 },
  63: { sound: "tom", tune: 12, decay: 0.8, pan: -20 },
  64: { sound: "tom", tune: 7, decay: 0.8, pan: -20 },
  65: { sound: "tom", tune: 17, decay: 0.6, pan: 15 },
  66: { sound: "tom", tune: 12, decay: 0.6, pan: 15 },
  67: { sound: "cowbell", tune: 7, decay: 0.6, pan: -25, attenuationDb: 6 },
  68: { sound: "cowbell", tune: 2, decay: 0.6, pan: -25, attenuationDb: 6 },
  69: { sound: "metal", tune: 7, decay: 0.1, pan: 25, attenuationDb: 8 },
  70: { sound: "metal", tune: 12, decay: 0.07, pan: 25, attenuationDb: 8 },
  75: { sound: "knock", tune: 10, decay: 0.3, pan: 20 },
  76: { sound: "knock", tune: 0, decay: 0.3, pan: -15 },
  77: { sound: "knock", tune: -5, decay: 0.3, pan: -15 },
  80: { sound: "sine", tune: 0, decay: 0.3, pan: 30, attenuationDb: 10 },
  81: { sound: "sine", tune: 0, decay: 2.5, pan: 30, attenuationDb: 10 },
};
