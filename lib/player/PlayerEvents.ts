/**
 * What a {@link Player} tells its listeners, each with the context time at which it sounds.
 */

interface Timed {
  /** Context time, in seconds, of the frame the event applies on. */
  time: number;
}

export interface NoteOnEvent extends Timed { type: "noteon"; channel: number; key: number; velocity: number }
export interface NoteOffEvent extends Timed { type: "noteoff"; channel: number; key: number }
export interface ProgramEvent extends Timed { type: "program"; channel: number; program: number }
export interface ControllerEvent extends Timed { type: "controller"; channel: number; controller: number; value: number }
/** A lyric or text meta event of the song (karaoke files carry their words in either). */
export interface TextEvent extends Timed { type: "lyric" | "text"; text: string }
export interface TempoEvent extends Timed { type: "tempo"; beatsPerMinute: number }
/** Where the song is, in song seconds, a few times a second while it plays. */
export interface PositionEvent extends Timed { type: "position"; position: number }
/** The song's last event has played (release tails may still sound). */
export interface EndedEvent extends Timed { type: "ended" }
/** A looping song went back to its loop start. */
export interface LoopEvent extends Timed { type: "loop" }

/** Every event a player emits, as the audio thread sends it. */
export type PlayerEventRecord =
  | NoteOnEvent
  | NoteOffEvent
  | ProgramEvent
  | ControllerEvent
  | TextEvent
  | TempoEvent
  | PositionEvent
  | EndedEvent
  | LoopEvent;

/** The name of each event type, for `addEventListener`. */
export type PlayerEventType = PlayerEventRecord["type"];

/** The event record that can have type `T` (a text event for 'lyric' and for 'text'). */
export type PlayerEventOf<T extends PlayerEventType> = PlayerEventRecord extends infer E
  ? E extends { type: infer U }
    ? T extends U
      ? E
      : never
    : never
  : never;
