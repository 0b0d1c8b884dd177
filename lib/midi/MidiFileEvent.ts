/**
 * The read-only records a {@link MidiFile} exposes: its merged events and its tempo map.
 */

/**
 * What an event is:
 * - `"message"`: a MIDI message the sequencer sends to the synthesizer;
 * - `"loopStart"`, `"loopEnd"`: loop markers (controllers consumed by the loop type, or the
 *   explicit loop point, which has status 0);
 * - `"endOfTrack"`: a track's end-of-track meta event (or its chunk end, when the event is missing);
 * - `"systemExclusive"`: a complete system exclusive message, its bytes (F0 to F7) in `data`.
 */
export type MidiFileEventType = "message" | "loopStart" | "loopEnd" | "endOfTrack" | "systemExclusive";

/** One event of the merged sequence, in playback order. */
export interface MidiFileEvent {
  readonly type: MidiFileEventType;
  /** Time in seconds from the start of the song. */
  readonly time: number;
  /** Absolute tick. */
  readonly tick: number;
  /** Index of the track chunk the event came from. */
  readonly track: number;
  /**
   * The port of a message or system exclusive message, as an index into {@link MidiFile.ports}:
   * a channel message plays on channel `16 * port + (status & 0x0f)`. 0 for every other event.
   */
  readonly port: number;
  /** Status byte (channel in the low nibble); 0 for end-of-track and the explicit loop point. */
  readonly status: number;
  /** First data byte (0 when absent). */
  readonly data1: number;
  /** Second data byte (0 for program change, channel pressure and markers). */
  readonly data2: number;
  /** The whole message, F0 to F7, of a system exclusive event. */
  readonly data?: Uint8Array;
}

/** One entry of the tempo map. The song starts at 120 BPM until the first entry. */
export interface MidiTempoChange {
  /** Absolute tick at which the tempo takes effect. */
  readonly tick: number;
  /** Time in seconds at which the tempo takes effect. */
  readonly time: number;
  /** Track the tempo meta event was in. */
  readonly track: number;
  /** The tempo as stored in the file: microseconds per quarter note (24 bits). */
  readonly microsecondsPerQuarterNote: number;
  /** The same tempo in quarter notes per minute (`Infinity` for a stored tempo of 0). */
  readonly beatsPerMinute: number;
}

/** What a meta event is, by its type byte (SMF 1.0); "other" for a type the standard does not name. */
export type MidiMetaKind =
  | "sequenceNumber"
  | "text"
  | "copyright"
  | "trackName"
  | "instrumentName"
  | "lyric"
  | "marker"
  | "cuePoint"
  | "programName"
  | "deviceName"
  | "channelPrefix"
  | "port"
  | "smpteOffset"
  | "timeSignature"
  | "keySignature"
  | "sequencerSpecific"
  | "other";

/**
 * A meta event of the song other than tempo (see {@link MidiTempoChange}) and end of track: the
 * text events (lyrics, markers, names), signatures, ports. Karaoke files carry their words as
 * "text" or "lyric" events.
 */
export interface MidiMetaEvent {
  readonly kind: MidiMetaKind;
  /** The meta event's type byte, 0x00-0x7F. */
  readonly type: number;
  /** Time in seconds from the start of the song, on the clock of the messages around it. */
  readonly time: number;
  readonly tick: number;
  readonly track: number;
  /** The event's bytes after its length. */
  readonly data: Uint8Array;
  /** The text of a text event (types 0x01-0x09), its bytes read as Latin-1. */
  readonly text?: string;
}
