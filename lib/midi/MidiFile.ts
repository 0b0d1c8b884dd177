import { fileBytes } from "../soundfont/fileBytes.js";
import { MidiByteReader } from "./MidiByteReader.js";
import type { MidiFileEvent, MidiFileEventType, MidiMetaEvent, MidiTempoChange } from "./MidiFileEvent.js";
import { MidiFileLoopType } from "./MidiFileLoopType.js";
import {
  MessageKind,
  data1Of,
  data2Of,
  kindOf,
  packMessage,
  statusOf,
  type MergedMessages,
  type RawMetaEvent,
  type TrackMessages,
} from "./MidiMessages.js";
import { mergeTracks } from "./mergeTracks.js";
import { readRmidi, type EmbeddedSoundBank } from "./readRmidi.js";
import { readTrack } from "./readTrack.js";

/** How to load a {@link MidiFile}. */
export interface MidiFileOptions {
  /**
   * Loop start point in ticks, as MeltySynth's `MidiFile(stream, loopPoint)`: a loop start
   * marker is inserted into the first track at this tick. 0 (the default) means none.
   */
  loopPoint?: number;
  /** Which controllers mark loops; {@link MidiFileLoopType.None} by default. */
  loopType?: MidiFileLoopType;
}

// The header's track count is 16 bits; more MTrk chunks than that is not a song but an attack.
const maxTracks = 0xffff;
const maxLoopPoint = 0x7fffffff;
const loopTypes: readonly string[] = Object.values(MidiFileLoopType);

const eventTypes: Record<MessageKind, MidiFileEventType> = {
  [MessageKind.Channel]: "message",
  [MessageKind.TempoChange]: "message", // never stored in the merged sequence
  [MessageKind.Meta]: "message", // kept apart, in metaEvents
  [MessageKind.LoopStart]: "loopStart",
  [MessageKind.LoopEnd]: "loopEnd",
  [MessageKind.EndOfTrack]: "endOfTrack",
  [MessageKind.SystemExclusive]: "systemExclusive",
};

let mergedOf: (file: MidiFile) => MergedMessages;

/**
 * A standard MIDI file (format 0 or 1), parsed and merged into one time-ordered sequence
 * exactly as MeltySynth and rustysynth do, ready for {@link MidiFileSequencer}.
 *
 * @example
 * ```ts
 * const song = new MidiFile(await readFile("song.mid"));
 * console.log(song.length); // seconds
 * ```
 */
export class MidiFile {
  /** The SMF format: 0 (one track) or 1 (simultaneous tracks). */
  readonly format: 0 | 1;
  /** Number of track chunks read (which may differ from {@link declaredTrackCount}). */
  readonly trackCount: number;
  /** Number of tracks the header declares. */
  readonly declaredTrackCount: number;
  /** Ticks per quarter note. */
  readonly resolution: number;
  /** The SoundFont or DLS bank an RMIDI file carries; undefined for a standard MIDI file or an RMIDI file without one. */
  readonly embeddedSoundBank: EmbeddedSoundBank | undefined;
  /** An RMIDI file's INFO texts by their IDs (INAM, IART, ICOP...); empty for a standard MIDI file. */
  readonly rmidiInfo: Readonly<Record<string, string>>;

  readonly #merged: MergedMessages;

  static {
    // The sequencer needs the packed arrays; this keeps them out of the public surface.
    mergedOf = (file) => file.#merged;
  }

  /**
   * Parses a standard MIDI file (format 0 or 1), bare or wrapped in an RMIDI file's RIFF
   * (whose embedded bank and INFO are kept: see {@link embeddedSoundBank}).
   * @param data The whole file.
   * @param options Loop point or loop type.
   * @throws MidiFileError when the file is truncated, corrupt or unsupported.
   * @throws RangeError when an option is invalid.
   */
  constructor(data: Uint8Array | ArrayBuffer, options: MidiFileOptions = {}) {
    const bytes = fileBytes(data, "MidiFile");
    const loopPoint = options.loopPoint ?? 0;
    const loopType = options.loopType ?? MidiFileLoopType.None;
    if (!Number.isInteger(loopPoint) || loopPoint < 0 || loopPoint > maxLoopPoint) {
      throw new RangeError(`loopPoint must be an integer from 0 to ${maxLoopPoint} ticks, got ${loopPoint}`);
    }
    if (!loopTypes.includes(loopType)) {
      throw new RangeError(`loopType must be one of ${loopTypes.join(", ")}, got ${String(loopType)}`);
    }

    // An RMIDI file wraps the standard MIDI file in RIFF; offsets in errors stay the file's.
    const rmidi = readRmidi(bytes);
    this.embeddedSoundBank = rmidi?.bank;
    this.rmidiInfo = rmidi?.info ?? {};
    const at = rmidi?.dataStart ?? 0;
    const song = rmidi === undefined ? bytes : bytes.subarray(0, rmidi.dataEnd);

    // Typed explicitly so that `file.fail` (returning never) narrows what follows it.
    const file: MidiByteReader = new MidiByteReader(song, at, song.length, "file");

    const id = file.fourCC("header chunk id");
    if (id !== "MThd") {
      file.fail(`not a standard MIDI file: expected chunk 'MThd', found ${describeId(id)}`, at);
    }
    const headerLength = file.u32("header chunk length");
    if (headerLength !== 6) {
      file.fail(`header chunk length is ${headerLength}, expected 6`, at + 4);
    }
    const format = file.u16("format");
    if (format !== 0 && format !== 1) {
      file.fail(`format ${format} is not supported (only 0 and 1 are)`, at + 8);
    }
    this.format = format;
    this.declaredTrackCount = file.u16("track count");
    const division = file.u16("time division");
    if ((division & 0x8000) !== 0) {
      file.fail("SMPTE time division is not supported (only ticks per quarter note are)", at + 12);
    }
    if (division === 0) {
      file.fail("time division of 0 ticks per quarter note", at + 12);
    }
    this.resolution = division;

    const systemExclusive: Uint8Array[] = [];
    const meta: RawMetaEvent[] = [];
    const tracks = readChunks(song, file, this.declaredTrackCount, loopType, systemExclusive, meta);
    this.trackCount = tracks.length;
    if (loopPoint !== 0) {
      insertLoopPoint(tracks[0], loopPoint);
    }
    this.#merged = mergeTracks(tracks, this.resolution, systemExclusive, meta);
  }

  /** Length of the song in seconds: the time of its last event (usually the last end of track). */
  get length(): number {
    const times = this.#merged.times;
    return times[times.length - 1];
  }

  /**
   * The MIDI ports the song's messages are for (meta event FF 21), in the order they are first
   * used: the messages for `ports[i]` play on channels `16 * i` to `16 * i + 15` (see
   * lib/midi/PortAssignment.ts for the rules). `[0]` for a song that names no port; empty for
   * one with no messages.
   */
  get ports(): readonly number[] {
    return this.#merged.portNumbers;
  }

  /** The channels the song plays on: 16 per port it uses. */
  get channelCount(): number {
    return 16 * Math.max(1, this.#merged.portNumbers.length);
  }

  /** Number of events {@link events} yields. */
  get eventCount(): number {
    return this.#merged.messages.length;
  }

  /**
   * The song's meta events besides tempo and end of track, in playback order: lyrics, text,
   * markers, track and instrument names, time and key signatures, ports.
   */
  get metaEvents(): readonly MidiMetaEvent[] {
    return this.#merged.metaEvents;
  }

  /** The tempo map: every tempo change in playback order. Before the first, the tempo is 120 BPM. */
  get tempoChanges(): readonly MidiTempoChange[] {
    return this.#merged.tempoChanges;
  }

  /**
   * The merged sequence in playback order: every message the sequencer will send (system
   * exclusive ones with their bytes), the loop markers and each track's end. Tempo changes are
   * in {@link tempoChanges}, other meta events in {@link metaEvents}. Each call starts a fresh iteration.
   */
  *events(): IterableIterator<MidiFileEvent> {
    const { times, ticks, tracks, messages, ports, systemExclusive } = this.#merged;
    for (let i = 0; i < messages.length; i++) {
      const message = messages[i];
      if (kindOf(message) === MessageKind.SystemExclusive) {
        const data = systemExclusive[message & 0xffffff];
        yield { type: "systemExclusive", time: times[i], tick: ticks[i], track: tracks[i], port: ports[i], status: 0xf0, data1: 0, data2: 0, data };
        continue;
      }
      yield {
        type: eventTypes[kindOf(message)],
        time: times[i],
        tick: ticks[i],
        track: tracks[i],
        port: ports[i],
        status: statusOf(message),
        data1: data1Of(message),
        data2: data2Of(message),
      };
    }
  }
}

/** The merged, packed sequence of a file, for the sequencer. Not exported from the package. */
export function playbackMessages(file: MidiFile): MergedMessages {
  return mergedOf(file);
}

/**
 * Walks the chunks after the header, reading every MTrk chunk and skipping unknown ones.
 * Once the declared number of tracks has been read, whatever does not look like a complete
 * chunk is trailing garbage and ends the file; before that, it is an error.
 */
function readChunks(
  bytes: Uint8Array,
  file: MidiByteReader,
  declaredTrackCount: number,
  loopType: MidiFileLoopType,
  systemExclusive: Uint8Array[],
  meta: RawMetaEvent[],
): TrackMessages[] {
  const tracks: TrackMessages[] = [];
  while (file.remaining > 0) {
    const satisfied = tracks.length > 0 && tracks.length >= declaredTrackCount;
    if (satisfied && !isCompleteChunk(bytes, file.position)) {
      break;
    }

    const chunkStart = file.position;
    const id = file.fourCC("chunk id");
    const isTrack = id === "MTrk";
    if (!isTrack && !isPrintable(id)) {
      file.fail(`expected a chunk, found ${describeId(id)}`, chunkStart);
    }
    // Problems with a track chunk's length are reported against that track.
    const header = new MidiByteReader(bytes, file.position, bytes.length, "file", isTrack ? tracks.length : undefined);
    const length = header.u32(`chunk '${id}' length`);
    if (length > header.remaining) {
      // Refused before anything is allocated or read: 0xFFFFFFFF is just a number here.
      header.fail(`chunk '${id}' length ${length} exceeds the ${header.remaining} bytes left in the file`, chunkStart + 4);
    }
    const bodyStart = header.position;
    file.position = bodyStart + length;
    if (!isTrack) {
      continue;
    }
    if (tracks.length === maxTracks) {
      header.fail(`more than ${maxTracks} track chunks`, chunkStart);
    }
    const body = new MidiByteReader(bytes, bodyStart, bodyStart + length, "track chunk", tracks.length);
    tracks.push(readTrack(body, loopType, systemExclusive, meta));
  }

  if (tracks.length === 0) {
    file.fail("no track chunk (MTrk) found");
  }
  return tracks;
}

function isCompleteChunk(bytes: Uint8Array, position: number): boolean {
  const peek = new MidiByteReader(bytes, position, bytes.length, "file");
  return peek.remaining >= 8 && isPrintable(peek.fourCC("chunk id")) && peek.u32("chunk length") <= peek.remaining;
}

// Chunk ids are four printable ASCII characters; anything else is not a chunk.
function isPrintable(id: string): boolean {
  return /^[\x20-\x7e]{4}$/.test(id);
}

function describeId(id: string): string {
  if (isPrintable(id)) {
    return `'${id}'`;
  }
  const hex = [...id].map((c) => c.charCodeAt(0).toString(16).toUpperCase().padStart(2, "0"));
  return `bytes ${hex.join(" ")}`;
}

// MeltySynth's loop point: a loop start marker before the first message at or after the tick
// in the first track, or at the end of that track when the tick is beyond it.
function insertLoopPoint(track: TrackMessages, loopPoint: number): void {
  const marker = packMessage(MessageKind.LoopStart, 0, 0, 0);
  const index = track.ticks.findIndex((tick) => tick >= loopPoint);
  if (index === -1) {
    track.ticks.push(loopPoint);
    track.messages.push(marker);
  } else {
    track.ticks.splice(index, 0, loopPoint);
    track.messages.splice(index, 0, marker);
  }
}
