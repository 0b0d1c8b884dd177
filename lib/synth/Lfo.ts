const f = Math.fround;

/**
 * A triangle LFO from -1 to 1, evaluated once per block, after an initial delay.
 * Its value is worked out only when read: most voices never read theirs.
 */
export class Lfo {
  private active = false;
  private delay = 0;
  private period = 0;
  private processedSampleCount = 0;
  private valueCount = -1;
  private valueField = 0;

  constructor(
    private readonly sampleRate: number,
    private readonly blockSize: number,
  ) {}

  /** Delay in seconds, frequency in hertz; at 1 mHz or below the LFO stays at zero. */
  start(delay: number, frequency: number): void {
    this.active = frequency > f(1e-3);
    this.valueCount = -1;
    if (!this.active) return;
    this.delay = delay;
    this.period = 1 / frequency;
    this.processedSampleCount = 0;
  }

  process(): void {
    if (this.active) this.processedSampleCount += this.blockSize;
  }

  get value(): number {
    if (!this.active) return 0;
    if (this.valueCount !== this.processedSampleCount) {
      this.valueCount = this.processedSampleCount;
      this.valueField = this.evaluate(this.processedSampleCount / this.sampleRate);
    }
    return this.valueField;
  }

  private evaluate(currentTime: number): number {
    if (currentTime < this.delay) return 0;
    const phase = ((currentTime - this.delay) % this.period) / this.period;
    if (phase < 0.25) return f(4 * phase);
    if (phase < 0.75) return f(4 * (0.5 - phase));
    return f(4 * (phase - 1));
  }
}
