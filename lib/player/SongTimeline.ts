import type { MidiFile } from "../midi/MidiFile.js";
import type { PlayerEventRecord } from "./PlayerEvents.js";

type Entry =
  | { time: number; type: "lyric" | "text"; text: string }
  | { time: number; type: "tempo"; beatsPerMinute: number };

/**
 * The song's events that are not messages to the synthesizer (lyrics, text, tempo changes), in
 * time order, with a cursor that follows the sequencer's position: each span rendered reports the
 * entries its song time passed, with the context time at which it passed them.
 */
export class SongTimeline {
  private readonly entries: Entry[] = [];
  private cursor = 0;
  private lastPosition: number;

  constructor(song: MidiFile, position: number) {
    for (const meta of song.metaEvents) {
      if ((meta.kind === "lyric" || meta.kind === "text") && meta.text !== undefined) {
        this.entries.push({ time: meta.time, type: meta.kind, text: meta.text });
      }
    }
    for (const change of song.tempoChanges) {
      this.entries.push({ time: change.time, type: "tempo", beatsPerMinute: change.beatsPerMinute });
    }
    this.entries.sort((a, b) => a.time - b.time);
    this.lastPosition = position;
    this.moveTo(position);
  }

  /** After a seek: the next entry reported is the first at or after `position`. */
  moveTo(position: number): void {
    this.cursor = this.firstAtOrAfter(position);
    this.lastPosition = position;
  }

  /**
   * Reports into `out` the entries before `position`, the song time reached at context frame
   * `endFrame` after a span of `frames` frames; a position earlier than the last one is a loop
   * restart, reported as 'loop'.
   */
  advance(position: number, endFrame: number, frames: number, speed: number, sampleRate: number, out: PlayerEventRecord[]): void {
    const endTime = endFrame / sampleRate;
    if (position < this.lastPosition) {
      out.push({ type: "loop", time: endTime });
      // The loop restarted somewhere in the span just rendered.
      this.cursor = this.firstAtOrAfter(position - (frames * speed) / sampleRate);
    }
    this.lastPosition = position;
    const entries = this.entries;
    while (this.cursor < entries.length && entries[this.cursor].time < position) {
      const entry = entries[this.cursor++];
      const time = speed > 0 ? endTime - (position - entry.time) / speed : endTime;
      out.push(entry.type === "tempo" ? { type: "tempo", time, beatsPerMinute: entry.beatsPerMinute } : { type: entry.type, time, text: entry.text });
    }
  }

  private firstAtOrAfter(position: number): number {
    let low = 0;
    let high = this.entries.length;
    while (low < high) {
      const middle = (low + high) >> 1;
      if (this.entries[middle].time < position) low = middle + 1;
      else high = middle;
    }
    return low;
  }
}
