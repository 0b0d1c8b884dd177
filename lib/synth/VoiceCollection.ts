import type { Channel } from "./Channel.js";
import { Voice } from "./Voice.js";
import type { VoiceTable } from "../kernels/VoiceTable.js";

/**
 * A fixed pool of voices. The active ones are kept first, in the order the synthesizer mixes
 * them; a finished voice is swapped with the last active one, as MeltySynth does, so that voice
 * stealing and mixing order match it exactly.
 */
export class VoiceCollection {
  private readonly voices: Voice[];
  private activeCount = 0;

  constructor(sampleRate: number, blockSize: number, table: VoiceTable) {
    this.voices = Array.from(
      { length: table.capacity },
      (_, slot) => new Voice(sampleRate, blockSize, table, slot),
    );
  }

  /** A voice to start a note of `exclusiveClass` on `channel`: free, same-class, or stolen. */
  requestNew(exclusiveClass: number, channel: number): Voice {
    // A note of an exclusive class (say, an open hi-hat) cuts off the playing one of that class.
    if (exclusiveClass !== 0) {
      for (let i = 0; i < this.activeCount; i++) {
        const voice = this.voices[i];
        if (voice.exclusiveClass === exclusiveClass && voice.channel === channel) return voice;
      }
    }

    if (this.activeCount < this.voices.length) return this.voices[this.activeCount++];

    // Every voice is busy: take the one of lowest priority, the oldest among equals.
    let candidate = 0;
    let lowestPriority = Number.MAX_VALUE;
    for (let i = 0; i < this.activeCount; i++) {
      const voice = this.voices[i];
      const priority = voice.priority;
      if (priority < lowestPriority) {
        lowestPriority = priority;
        candidate = i;
      } else if (priority === lowestPriority && voice.voiceLength > this.voices[candidate].voiceLength) {
        candidate = i;
      }
    }
    return this.voices[candidate];
  }

  /** Prepares every active voice for the next block and drops the finished ones. */
  process(channels: readonly Channel[], masterVolume: number): void {
    let i = 0;
    while (i < this.activeCount) {
      if (this.voices[i].process(channels, masterVolume)) {
        i++;
      } else {
        this.activeCount--;
        const finished = this.voices[i];
        this.voices[i] = this.voices[this.activeCount];
        this.voices[this.activeCount] = finished;
      }
    }
  }

  /** Writes the table slots of the active voices, in mixing order. */
  writeOrder(order: Int32Array): void {
    for (let i = 0; i < this.activeCount; i++) order[i] = this.voices[i].slot;
  }

  /** Calls `action` for each active voice. */
  forEachActive(action: (voice: Voice) => void): void {
    for (let i = 0; i < this.activeCount; i++) action(this.voices[i]);
  }

  clear(): void {
    this.activeCount = 0;
  }

  get activeVoiceCount(): number {
    return this.activeCount;
  }
}
