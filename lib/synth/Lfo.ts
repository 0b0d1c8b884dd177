const f = Math.fround;

/** A triangle LFO from -1 to 1, evaluated once per block, after an initial delay. */
export class Lfo {
  private active = false;
  private delay = 0;
  private period = 0;
  private processedSampleCount = 0;
  private valueField = 0;

  constructor(
    private readonly sampleRate: number,
    private readonly blockSize: number,
  ) {}

  /** Delay in seconds, frequency in hertz; at 1 mHz or below the LFO stays at zero. */
  start(delay: number, frequency: number): void {
    this.valueField = 0;
    this.active = frequency > f(1e-3);
    if (!this.active) return;
    this.delay = delay;
    this.period = 1 / frequency;
    this.processedSampleCount = 0;
  }

  process(): void {
    if (!this.active) return;
    this.processedSampleCount += this.blockSize;
    const currentTime = this.processedSampleCount / this.sampleRate;
    if (currentTime < this.delay) {
      this.valueField = 0;
      return;
    }
    const phase = ((currentTime - this.delay) % this.period) / this.period;
    if (phase < 0.25) {
      this.valueField = f(4 * phase);
    } else if (phase < 0.75) {
      this.valueField = f(4 * (0.5 - phase));
    } else {
      this.valueField = f(4 * (phase - 1));
    }
  }

  get value(): number {
    return this.valueField;
  }
}
