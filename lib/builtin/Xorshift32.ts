/**
 * A tiny seeded random number generator (Marsaglia's xorshift32). Generated sounds and dither
 * use it instead of Math.random so that the same code always produces the same bytes: the
 * built-in SoundFont is identical on every machine, and a render is reproducible.
 */
export class Xorshift32 {
  private state: number;

  /** @param seed Any integer but 0, which would make every output 0. */
  constructor(seed = 0x9e3779b9) {
    this.state = seed >>> 0 || 1;
  }

  /** A number uniformly distributed in [0, 1). */
  next(): number {
    let s = this.state;
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    this.state = s >>> 0;
    return this.state / 0x100000000;
  }

  /** A number uniformly distributed in [-1, 1). */
  nextSigned(): number {
    return 2 * this.next() - 1;
  }
}
