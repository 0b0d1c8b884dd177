import { MessageKind, kindOf, type RawMetaEvent, type TrackMessages } from "./MidiMessages.js";

const PORT_META = 0x21;

/**
 * Which MIDI port each message of a song is for, from the tracks' port meta events (FF 21), by
 * the rules spessasynth_core documents for files that leave it unclear: a track's first port
 * applies from its first event, even one before the port event (so a port event written after a
 * track's first notes still moves them); a later port event moves what follows it; a track with
 * no port event is on the lowest port the song names (port 0 when it names none). The ports are
 * then numbered in the order playback first sends something to them, so that the first port
 * heard takes channels 0-15, the next 16-31, and so on, whatever numbers the file gives them.
 * The channel prefix (FF 20) moves nothing: it names a channel for the meta and system exclusive
 * events after it, and those address their parts themselves.
 */
export class PortAssignment {
  // The port number each track is on now; its first at the start.
  private readonly current: Int16Array;
  // The index of each port number (0-255) in order of first use; -1 for unused.
  private readonly indexOf = new Int16Array(256).fill(-1);
  private readonly used: number[] = [];

  constructor(tracks: readonly TrackMessages[], meta: readonly RawMetaEvent[]) {
    const first = tracks.map((track) => {
      for (const message of track.messages) {
        const port = portOf(message, meta);
        if (port >= 0) return port;
      }
      return -1;
    });
    const lowest = first.reduce((low, port) => (port >= 0 && (low < 0 || port < low) ? port : low), -1);
    this.current = Int16Array.from(first, (port) => (port >= 0 ? port : Math.max(lowest, 0)));
  }

  /** Playback passed a meta event of `track`: a port event moves the track's messages after it. */
  metaPassed(track: number, message: number, meta: readonly RawMetaEvent[]): void {
    const port = portOf(message, meta);
    if (port >= 0) this.current[track] = port;
  }

  /** The index of the port that a message of `track` sent now is for. */
  indexFor(track: number): number {
    const port = this.current[track];
    let index = this.indexOf[port];
    if (index < 0) {
      index = this.used.length;
      this.indexOf[port] = index;
      this.used.push(port);
    }
    return index;
  }

  /** The port numbers of the file, by index: the port whose channels start at `16 * i` is `ports[i]`. */
  get ports(): readonly number[] {
    return this.used;
  }
}

// The port a message names when it is a well-formed port meta event, else -1.
function portOf(message: number, meta: readonly RawMetaEvent[]): number {
  if (kindOf(message) !== MessageKind.Meta) return -1;
  const event = meta[message & 0xffffff];
  return event.type === PORT_META && event.data.length === 1 ? event.data[0] : -1;
}
