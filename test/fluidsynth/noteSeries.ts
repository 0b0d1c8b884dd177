import { frameAt } from "./analysis.js";
import { noteOff, noteOn, programChange, writeTimedSong, type TimedEvent } from "./timedSong.js";

/**
 * One note per setting in a single song (one FluidSynth run, not one per setting): before each
 * note `setup` sends its controllers, then the note sounds for `noteMs`, then `gapMs` of release.
 * `windows` are the frames to measure in each note, past its attack and before its release.
 */
export interface NoteSeries {
  readonly midi: Uint8Array;
  readonly windows: readonly (readonly [number, number])[];
  readonly onsetsMs: readonly number[];
}

export interface NoteSeriesOptions {
  readonly channel?: number;
  readonly program?: number;
  readonly bankMsb?: number;
  readonly key?: number;
  readonly noteMs?: number;
  readonly gapMs?: number;
  readonly sampleRate?: number;
  /**
   * Cut each note with All Sound Off (CC120) at its note-off, so that no release tail reaches
   * the next note's window: a slow release would otherwise add a tail whose shape differs
   * between the engines.
   */
  readonly cut?: boolean;
}

export function noteSeries<T>(
  settings: readonly T[],
  setup: (ms: number, value: T) => TimedEvent[],
  velocity: (value: T) => number,
  options: NoteSeriesOptions = {},
): NoteSeries {
  const channel = options.channel ?? 0;
  const noteMs = options.noteMs ?? 300;
  const gapMs = options.gapMs ?? 100;
  const rate = options.sampleRate ?? 44100;
  const key = options.key ?? 69;
  const start = 100;
  const events: TimedEvent[] = [];
  if (options.bankMsb !== undefined) events.push({ ms: 0, bytes: [0xb0 | channel, 0, options.bankMsb] });
  events.push(programChange(0, channel, options.program ?? 0));
  const onsetsMs: number[] = [];
  const windows: (readonly [number, number])[] = [];
  settings.forEach((value, i) => {
    const at = start + i * (noteMs + gapMs);
    onsetsMs.push(at);
    events.push(...setup(at - 5, value), noteOn(at, channel, key, velocity(value)), noteOff(at + noteMs, channel, key));
    if (options.cut) events.push({ ms: at + noteMs, bytes: [0xb0 | channel, 120, 0] });
    // Skip the attack (and the first block's ramp) and stop short of the note-off.
    windows.push([frameAt(at + Math.min(80, noteMs / 4), rate), frameAt(at + noteMs - 20, rate)]);
  });
  return { midi: writeTimedSong(events, start + settings.length * (noteMs + gapMs)), windows, onsetsMs };
}
