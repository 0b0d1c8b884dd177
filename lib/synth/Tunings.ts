/**
 * The MIDI Tuning Standard's tuning programs: 128 banks of 128 programs, each a pitch for every
 * key. A tuning is kept as each key's distance from equal temperament, in cents, so that the
 * programs no message has touched (and every key of a fresh one) cost nothing and play equal
 * temperament. Made on demand; a reset forgets them all, as a system reset does in FluidSynth.
 */
export class Tunings {
  private readonly programs = new Map<number, Float64Array>();

  /** The tuning of `bank`, `program`, or undefined while it is equal temperament untouched. */
  find(bank: number, program: number): Float64Array | undefined {
    return this.programs.get(bank * 128 + program);
  }

  /** The tuning of `bank`, `program`, made (equal temperament) if no message has touched it yet. */
  get(bank: number, program: number): Float64Array {
    const slot = bank * 128 + program;
    let tuning = this.programs.get(slot);
    if (tuning === undefined) {
      tuning = new Float64Array(128);
      this.programs.set(slot, tuning);
    }
    return tuning;
  }

  reset(): void {
    this.programs.clear();
  }
}

/**
 * How far a tuning moves a voice, in cents, from where equal temperament puts it: the root key's
 * own move, plus the key's distance from the root scaled by the region's scale tuning (cents per
 * key, 100 for a keyboard), as FluidSynth places a tuned note.
 */
export function tuningOffset(tuning: Float64Array, key: number, rootKey: number, scaleTuning: number): number {
  const root = tuning[rootKey];
  return root + (scaleTuning / 100) * (tuning[key] - root);
}
