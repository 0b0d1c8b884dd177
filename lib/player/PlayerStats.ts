/** How the audio thread is keeping up, from {@link Player.stats}. */
export interface PlayerStats {
  /** Quanta rendered since the player was made. */
  quanta: number;
  /**
   * The audio thread's tasks for this player that took longer than a quantum lasts: a
   * quantum's `process`, or the handling of a message from the page, which runs on the same
   * thread between quanta (measured with `Date.now`, the only clock the worklet scope has, so
   * a task counts when it took more than a quantum's duration plus the clock's millisecond).
   */
  underruns: number;
  /** The longest of those tasks, in milliseconds (by `Date.now`). */
  longestMs: number;
  /** Voices sounding now. */
  voices: number;
  /**
   * The share of real time the audio thread spent on this player (in `process` and on its
   * messages) over the last second or so of audio, 0 to 1 (and above when it cannot keep up).
   */
  cpuLoad: number;
}
