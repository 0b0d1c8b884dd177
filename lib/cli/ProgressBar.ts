/** Where the bar draws: a terminal stream (process.stderr when it is a TTY). */
export interface ProgressTarget {
  write(text: string): unknown;
  /** Width of the terminal in characters, when known. */
  readonly columns?: number;
}

/**
 * A one-line progress display for a render, redrawn in place with a carriage return:
 * `[#######-------]  47%  28.1 s of 60.0 s  38.4x  0:01 left`.
 * The speed is audio seconds per wall-clock second (a multiple of real time), and the time left
 * assumes that speed holds. Redraws at most ten times a second, so a fast render does not spend
 * its time drawing.
 */
export class ProgressBar {
  private readonly startTime: number;
  private lastDraw = -Infinity;
  private drawn = false;

  /**
   * @param target The terminal to draw on.
   * @param totalSeconds Audio seconds the whole render will produce.
   * @param now Clock in milliseconds; replaceable for tests.
   */
  constructor(
    private readonly target: ProgressTarget,
    private readonly totalSeconds: number,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.startTime = now();
  }

  /** Reports that `doneSeconds` of audio are rendered; redraws when the last draw is old enough. */
  update(doneSeconds: number): void {
    const time = this.now();
    if (time - this.lastDraw < 100) {
      return;
    }
    this.lastDraw = time;
    this.drawn = true;
    this.target.write(`\r${this.line(doneSeconds, time)}\x1b[K`);
  }

  /** Erases the bar, leaving the cursor at the start of an empty line for the summary. */
  finish(): void {
    if (this.drawn) {
      this.target.write("\r\x1b[K");
    }
  }

  /** The text of the bar after `doneSeconds` of audio at wall-clock time `time`. */
  line(doneSeconds: number, time: number): string {
    const fraction = this.totalSeconds > 0 ? Math.min(1, doneSeconds / this.totalSeconds) : 1;
    const elapsed = (time - this.startTime) / 1000;
    const speed = elapsed > 0 ? doneSeconds / elapsed : 0;
    // The first moments (loading, the first chunk, a worker starting) say little of the speed to
    // come: no estimate until a second has passed and some of the work is done.
    const settled = elapsed >= 1 && fraction >= 0.02;
    const left = speed > 0 && settled ? formatClock((this.totalSeconds - doneSeconds) / speed) : "-:--";
    const numbers =
      ` ${Math.floor(100 * fraction).toString().padStart(3)}%` +
      `  ${doneSeconds.toFixed(1)} s of ${this.totalSeconds.toFixed(1)} s` +
      `  ${speed.toFixed(1)}x  ${left} left`;
    const width = Math.max(10, Math.min(40, (this.target.columns ?? 80) - numbers.length - 3));
    const filled = Math.round(width * fraction);
    return `[${"#".repeat(filled)}${"-".repeat(width - filled)}]${numbers}`;
  }
}

/** Seconds as m:ss (or h:mm:ss), the way a player shows a duration. */
export function formatClock(seconds: number): string {
  const total = Math.max(0, Math.round(seconds));
  const s = total % 60;
  const m = Math.floor(total / 60) % 60;
  const h = Math.floor(total / 3600);
  const ss = s.toString().padStart(2, "0");
  return h > 0 ? `${h}:${m.toString().padStart(2, "0")}:${ss}` : `${m}:${ss}`;
}
