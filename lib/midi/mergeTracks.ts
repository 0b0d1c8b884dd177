import {
  MessageKind,
  data1Of,
  data2Of,
  kindOf,
  statusOf,
  type MergedMessages,
  type TrackMessages,
} from "./MidiMessages.js";
import type { MidiMetaEvent, MidiMetaKind, MidiTempoChange } from "./MidiFileEvent.js";
import type { RawMetaEvent } from "./MidiMessages.js";
import { PortAssignment } from "./PortAssignment.js";

/**
 * Merges the tracks into one playback sequence and converts ticks to seconds, as rustysynth's
 * `merge_tracks` does: the next message is the one with the smallest tick, the lowest track
 * index winning ties; tempo changes are consumed (they start at 120 BPM) and every step adds
 * `60 / (resolution * tempo) * deltaTick` to a float64 clock, in that order, so times match
 * rustysynth's bit for bit. Meta events take the time the clock would give a message at their
 * tick, without moving it (a step more would change the sum, and the times of what follows).
 */
export function mergeTracks(
  tracks: readonly TrackMessages[],
  resolution: number,
  systemExclusive: readonly Uint8Array[],
  meta: readonly RawMetaEvent[],
): MergedMessages {
  let total = 0;
  for (const track of tracks) {
    total += track.ticks.length;
  }

  // Concatenate the tracks; a message's index then orders it by (track, position in track).
  const allTicks = new Int32Array(total);
  const allTracks = new Int32Array(total);
  const allMessages = new Int32Array(total);
  let n = 0;
  tracks.forEach((track, index) => {
    for (let i = 0; i < track.ticks.length; i++, n++) {
      allTicks[n] = track.ticks[i];
      allTracks[n] = index;
      allMessages[n] = track.messages[i];
    }
  });

  // Each track's ticks never decrease, so rustysynth's repeated "smallest head tick, lowest
  // track first" selection yields exactly the order of (tick, track, position) — which a sort
  // gives in O(n log n) rather than O(n * tracks), whatever a hostile file's track count.
  const order = new Uint32Array(total);
  for (let i = 0; i < total; i++) {
    order[i] = i;
  }
  order.sort((a, b) => allTicks[a] - allTicks[b] || a - b);

  const times = new Float64Array(total);
  const ticks = new Int32Array(total);
  const trackOf = new Int32Array(total);
  const messages = new Int32Array(total);
  const portOf = new Uint8Array(total);
  const ports = new PortAssignment(tracks, meta);
  const tempoChanges: MidiTempoChange[] = [];
  const metaEvents: MidiMetaEvent[] = [];
  let count = 0;

  let currentTick = 0;
  let currentTime = 0;
  let tempo = 120;

  for (const i of order) {
    const message = allMessages[i];
    const deltaTick = allTicks[i] - currentTick;
    const deltaTime = (60 / (resolution * tempo)) * deltaTick;
    if (kindOf(message) === MessageKind.Meta) {
      ports.metaPassed(allTracks[i], message, meta);
      metaEvents.push(metaEvent(meta[message & 0xffffff], currentTime + deltaTime, allTicks[i], allTracks[i]));
      continue;
    }
    currentTick += deltaTick;
    currentTime += deltaTime;

    if (kindOf(message) === MessageKind.TempoChange) {
      const microseconds = (statusOf(message) << 16) | (data1Of(message) << 8) | data2Of(message);
      tempo = 60000000 / microseconds;
      tempoChanges.push({
        tick: currentTick,
        time: currentTime,
        track: allTracks[i],
        microsecondsPerQuarterNote: microseconds,
        beatsPerMinute: tempo,
      });
    } else {
      times[count] = currentTime;
      ticks[count] = currentTick;
      trackOf[count] = allTracks[i];
      messages[count] = message;
      const kind = kindOf(message);
      if (kind === MessageKind.Channel || kind === MessageKind.SystemExclusive) portOf[count] = ports.indexFor(allTracks[i]);
      count++;
    }
  }

  return {
    times: times.slice(0, count),
    ticks: ticks.slice(0, count),
    tracks: trackOf.slice(0, count),
    messages: messages.slice(0, count),
    ports: portOf.slice(0, count),
    portNumbers: ports.ports,
    tempoChanges,
    systemExclusive,
    metaEvents,
  };
}

const metaKinds: Readonly<Record<number, MidiMetaKind>> = {
  0x00: "sequenceNumber",
  0x01: "text",
  0x02: "copyright",
  0x03: "trackName",
  0x04: "instrumentName",
  0x05: "lyric",
  0x06: "marker",
  0x07: "cuePoint",
  0x08: "programName",
  0x09: "deviceName",
  0x20: "channelPrefix",
  0x21: "port",
  0x54: "smpteOffset",
  0x58: "timeSignature",
  0x59: "keySignature",
  0x7f: "sequencerSpecific",
};

function metaEvent({ type, data }: RawMetaEvent, time: number, tick: number, track: number): MidiMetaEvent {
  const kind = metaKinds[type] ?? "other";
  if (type < 0x01 || type > 0x09) return { kind, type, time, tick, track, data };
  return { kind, type, time, tick, track, data, text: String.fromCharCode(...data) };
}
