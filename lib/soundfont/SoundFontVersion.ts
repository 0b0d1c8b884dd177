/** A version number in a SoundFont's INFO list (ifil and iver). */
export interface SoundFontVersion {
  readonly major: number;
  readonly minor: number;
}
