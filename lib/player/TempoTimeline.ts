import type { MidiFile } from "../midi/MidiFile.js";
import type { PlayerEventRecord } from "./PlayerEvents.js";

/**
 * The song's tempo changes, which the sequencer applies itself rather than sending anywhere,
 * with a cursor that follows its position: each span rendered reports the changes its song time
 * passed, with the context time at which it passed them.
 */
export class TempoTimeline {
  private cursor = 0;

  constructor(private readonly song: MidiFile, position: number) {
    this.moveTo(position);
  }

  /** After a seek or a loop: the next change reported is the first at or after `position`. */
  moveTo(position: number): void {
    const changes = this.song.tempoChanges;
    this.cursor = 0;
    while (this.cursor < changes.length && changes[this.cursor].time < position) this.cursor++;
  }

  /**
   * Reports into `out` the changes before `position`, the song time reached at context frame
   * `endFrame`, at `speed` song seconds per second.
   */
  advance(position: number, endFrame: number, speed: number, sampleRate: number, out: PlayerEventRecord[]): void {
    const changes = this.song.tempoChanges;
    const endTime = endFrame / sampleRate;
    while (this.cursor < changes.length && changes[this.cursor].time < position) {
      const change = changes[this.cursor++];
      const time = speed > 0 ? endTime - (position - change.time) / speed : endTime;
      out.push({ type: "tempo", time, beatsPerMinute: change.beatsPerMinute });
    }
  }
}
