/** How the audio thread is keeping up, from {@link Player.stats}. */
export interface PlayerStats {
  /** Quanta rendered since the player was made. */
  quanta: number;
  /**
   * Quanta whose `process` took longer than the quantum lasts (measured with `Date.now`, the
   * only clock the worklet scope has, so a quantum counts when it took more than its duration
   * plus the clock's millisecond).
   */
  underruns: number;
  /** The longest time `process` took for one quantum, in milliseconds (by `Date.now`). */
  longestMs: number;
  /** Voices sounding now. */
  voices: number;
  /**
   * The share of real time the audio thread spent in `process` over the last second or so of
   * audio, 0 to 1 (and above when it cannot keep up).
   */
  cpuLoad: number;
}
