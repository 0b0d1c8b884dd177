/**
 * The compact message representation shared by the reader, the merger and the sequencer.
 * Like MeltySynth's 4-byte `Message` struct, each message packs into one 32-bit integer
 * (kind, status, data1, data2), so a song is a few flat arrays rather than many objects.
 */

import type { MidiMetaEvent, MidiTempoChange } from "./MidiFileEvent.js";

/** A meta event as a track holds it: its type and its bytes. */
export interface RawMetaEvent {
  readonly type: number;
  readonly data: Uint8Array;
}

/** What a stored message means (MeltySynth's `MessageType`). */
export const MessageKind = {
  /** A channel message (or, as in rustysynth, a system status it keeps but no synthesizer acts on). */
  Channel: 0,
  /** A tempo meta event; status, data1, data2 hold the three big-endian microseconds-per-quarter bytes. */
  TempoChange: 1,
  LoopStart: 2,
  LoopEnd: 3,
  EndOfTrack: 4,
  /** A system exclusive message; status, data1, data2 hold its index in the file's list (24 bits). */
  SystemExclusive: 5,
  /** A meta event other than tempo and end of track; status, data1, data2 hold its index (24 bits). */
  Meta: 6,
} as const;

export type MessageKind = (typeof MessageKind)[keyof typeof MessageKind];

/** One track's messages in file order, with absolute ticks (non-decreasing). */
export interface TrackMessages {
  readonly ticks: number[];
  readonly messages: number[];
}

/** All tracks merged into playback order, with tempo changes resolved into times. */
export interface MergedMessages {
  /** Time of each message in seconds, computed exactly as rustysynth does. */
  readonly times: Float64Array;
  readonly ticks: Int32Array;
  readonly tracks: Int32Array;
  /** Packed messages; see {@link packMessage}. Tempo changes are not among them. */
  readonly messages: Int32Array;
  /** The port of each message, by index into `portNumbers` (0 for what is not a channel or system exclusive message). */
  readonly ports: Uint8Array;
  /** The port numbers the messages are for, in order of first use: `[0]` for a song that names none. */
  readonly portNumbers: readonly number[];
  readonly tempoChanges: readonly MidiTempoChange[];
  /** The system exclusive messages, F0 to F7, that SystemExclusive messages index. */
  readonly systemExclusive: readonly Uint8Array[];
  /** The meta events besides tempo and end of track, in playback order with their times. */
  readonly metaEvents: readonly MidiMetaEvent[];
}

export function packMessage(kind: MessageKind, status: number, data1: number, data2: number): number {
  return (kind << 24) | (status << 16) | (data1 << 8) | data2;
}

export function kindOf(message: number): MessageKind {
  return (message >>> 24) as MessageKind;
}

export function statusOf(message: number): number {
  return (message >>> 16) & 0xff;
}

export function data1Of(message: number): number {
  return (message >>> 8) & 0xff;
}

export function data2Of(message: number): number {
  return message & 0xff;
}
