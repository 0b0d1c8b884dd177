import type { VoiceBank } from "../kernels/VoiceBank.js";
import { voicePriority } from "./Voice.js";

/**
 * A fixed pool of voices in the bank. `order` lists every voice of the bank, the active ones
 * first in the order the synthesizer mixes them; the per-block step (stepVoices in lib/kernels/VoiceStep.ts, or
 * its native twin) compacts it and reports how many remain active.
 */
export class VoiceCollection {
  private activeCount = 0;

  /**
   * @param order Voice indices, one per voice of the bank (the block renderer's): the first
   *   `activeCount` are sounding, in mixing order. Filled here with every voice, none sounding.
   */
  constructor(
    private readonly bank: VoiceBank,
    readonly order: Int32Array,
  ) {
    for (let i = 0; i < bank.capacity; i++) order[i] = i;
  }

  /** A voice to start a note of `exclusiveClass` on `channel`: free, same-class, or stolen. */
  requestNew(exclusiveClass: number, channel: number): number {
    const { bank, order } = this;
    // A note of an exclusive class (say, an open hi-hat) cuts off the playing one of that class.
    if (exclusiveClass !== 0) {
      for (let i = 0; i < this.activeCount; i++) {
        const v = order[i];
        if (bank.exclusiveClass[v] === exclusiveClass && bank.channel[v] === channel) return v;
      }
    }

    if (this.activeCount < order.length) return order[this.activeCount++];

    // Every voice is busy: take the one of lowest priority, the oldest among equals.
    let candidate = order[0];
    let lowestPriority = Number.MAX_VALUE;
    for (let i = 0; i < this.activeCount; i++) {
      const v = order[i];
      const priority = voicePriority(bank, v);
      if (priority < lowestPriority) {
        lowestPriority = priority;
        candidate = v;
      } else if (priority === lowestPriority && bank.processed[v] > bank.processed[candidate]) {
        candidate = v;
      }
    }
    return candidate;
  }

  /** Takes the count of active voices after the step has compacted `order`. */
  setActiveCount(count: number): void {
    this.activeCount = count;
  }

  clear(): void {
    this.activeCount = 0;
  }

  get activeVoiceCount(): number {
    return this.activeCount;
  }
}
