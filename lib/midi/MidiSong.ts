import type { MidiFile } from "./MidiFile.js";

/** A channel message at an absolute tick (status 0x80–0xEF; data bytes 0–127). */
export interface MidiSongMessage {
  readonly tick: number;
  readonly status: number;
  readonly data1: number;
  /** Ignored for program change (0xCn) and channel pressure (0xDn), which have one data byte. */
  readonly data2: number;
}

/** A meta event at an absolute tick, e.g. `{ meta: 0x51, data: tempo bytes }` for a tempo change. */
export interface MidiSongMeta {
  readonly tick: number;
  /** Meta event type, 0x00–0x7F. */
  readonly meta: number;
  readonly data: Uint8Array;
}

/** A system exclusive message at an absolute tick: its whole bytes, F0 to F7. */
export interface MidiSongSystemExclusive {
  readonly tick: number;
  readonly sysex: Uint8Array;
}

export type MidiSongEvent = MidiSongMessage | MidiSongMeta | MidiSongSystemExclusive;

/**
 * A plain description of a standard MIDI file, built by a program and written by
 * {@link writeMidiFile}. Events carry absolute ticks and need not be sorted.
 */
export interface MidiSong {
  /** 0: exactly one track; 1: simultaneous tracks. */
  readonly format: 0 | 1;
  /** Ticks per quarter note, 1–32767. */
  readonly resolution: number;
  readonly tracks: readonly (readonly MidiSongEvent[])[];
}

/**
 * Describes a parsed file as a {@link MidiSong}, so that writing it and parsing the result
 * gives the same merged events at the same times and the same length.
 *
 * Kept: channel messages, system exclusive messages, loop controllers, tempo changes, the other
 * meta events (lyrics, text, markers, signatures) and each track's end. Not kept, because the
 * parser does not keep them: split system exclusive messages, and the explicit loop point (pass
 * the same `loopPoint` when parsing again). Messages with a system status,
 * which the parser keeps only as rustysynth does (see lib/midi/README.md), are dropped too.
 */
export function midiSongFromFile(file: MidiFile): MidiSong {
  const tracks: MidiSongEvent[][] = Array.from({ length: file.trackCount }, () => []);

  // At a given tick, a tempo change affects only later ticks, so where it sits among the
  // track's events of that tick does not change any time; the writer's stable sort keeps it first.
  for (const change of file.tempoChanges) {
    const us = change.microsecondsPerQuarterNote;
    const data = Uint8Array.of(us >> 16, (us >> 8) & 0xff, us & 0xff);
    tracks[change.track].push({ tick: change.tick, meta: 0x51, data });
  }
  // Meta events move no clock either; before the events, so that one at a track's last tick
  // stays ahead of its end.
  for (const meta of file.metaEvents) tracks[meta.track].push({ tick: meta.tick, meta: meta.type, data: meta.data });

  for (const event of file.events()) {
    const track = tracks[event.track];
    if (event.type === "endOfTrack") {
      track.push({ tick: event.tick, meta: 0x2f, data: new Uint8Array(0) });
    } else if (event.type === "systemExclusive" && event.data !== undefined) {
      track.push({ tick: event.tick, sysex: event.data });
    } else if (event.status >= 0x80 && event.status < 0xf0) {
      track.push({ tick: event.tick, status: event.status, data1: event.data1, data2: event.data2 });
    }
  }

  return { format: file.trackCount === 1 ? file.format : 1, resolution: file.resolution, tracks };
}
