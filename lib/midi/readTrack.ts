import type { MidiByteReader } from "./MidiByteReader.js";
import { MidiFileLoopType } from "./MidiFileLoopType.js";
import { MessageKind, packMessage, type RawMetaEvent, type TrackMessages } from "./MidiMessages.js";

// The controllers that mark the loop start and end under each loop type (-1: none).
const loopControllers: Record<MidiFileLoopType, readonly [number, number]> = {
  [MidiFileLoopType.None]: [-1, -1],
  [MidiFileLoopType.RpgMaker]: [111, -1],
  [MidiFileLoopType.IncredibleMachine]: [110, 111],
  [MidiFileLoopType.FinalFantasy]: [116, 117],
};

// rustysynth's merge looks for ticks strictly below i32::MAX, so a tick of 2^31 - 1 or more
// could never be played; MeltySynth refuses such files as "long MIDI file is not supported".
const tickLimit = 0x7fffffff;

// The index of a system exclusive message or a meta event packs into 24 bits of its stored message.
const maxIndexed = 1 << 24;

/**
 * Reads the events of one MTrk chunk, following rustysynth's `read_track`: running status, loop
 * controllers turned into loop markers. Complete system exclusive messages (F0 ... F7, data
 * bytes only) go to `systemExclusive` and meta events other than tempo and end of track (text,
 * lyrics, markers, names, signatures, ports) to `meta`, lists which all tracks of a file share,
 * each with a message that indexes them; split or malformed system exclusive messages are skipped.
 * The reader is bounded to the chunk, so a track can never read into the next one.
 */
export function readTrack(
  reader: MidiByteReader,
  loopType: MidiFileLoopType,
  systemExclusive: Uint8Array[],
  meta: RawMetaEvent[],
): TrackMessages {
  const ticks: number[] = [];
  const messages: number[] = [];
  const push = (tick: number, message: number): void => {
    ticks.push(tick);
    messages.push(message);
  };

  let tick = 0;
  let lastStatus = 0;

  for (;;) {
    // Leniency: a track that reaches its chunk end without an end-of-track event ends there.
    if (reader.remaining === 0) {
      push(tick, packMessage(MessageKind.EndOfTrack, 0, 0, 0));
      return { ticks, messages };
    }

    const eventStart = reader.position;
    tick += reader.varLength("delta time");
    if (tick >= tickLimit) {
      reader.fail(`the track is too long: tick ${tick} reaches the limit of ${tickLimit}`, eventStart);
    }
    const statusOffset = reader.position;
    const first = reader.u8("status byte");

    if ((first & 0x80) === 0) {
      if (lastStatus === 0) {
        reader.fail("running status with no previous status byte", statusOffset);
      }
      push(tick, channelMessage(reader, lastStatus, first, loopType));
      // Running status does not replace the status it reuses.
      continue;
    }

    switch (first) {
      case 0xf0: {
        const data = reader.take(reader.varLength("sysex length"), "sysex data");
        if (isWholeSystemExclusive(data) && systemExclusive.length < maxIndexed) {
          push(tick, indexed(MessageKind.SystemExclusive, systemExclusive.length));
          systemExclusive.push(Uint8Array.of(0xf0, ...data));
        }
        break;
      }
      case 0xf7: // System exclusive continuation (or escape): not a message on its own
        reader.skip(reader.varLength("sysex length"), "sysex data");
        break;

      case 0xff: {
        const type = reader.u8("meta event type");
        if (type === 0x2f) {
          reader.u8("end-of-track length");
          push(tick, packMessage(MessageKind.EndOfTrack, 0, 0, 0));
          // Some MIDI files have events after the end of track; they are ignored.
          reader.position = reader.end;
          return { ticks, messages };
        }
        if (type === 0x51) {
          push(tick, readTempo(reader));
        } else {
          const data = reader.take(reader.varLength("meta event length"), `meta event 0x${hex(type)} data`);
          // Types above 0x7F are no meta events of the standard: skipped, as everything was.
          if (type <= 0x7f && meta.length < maxIndexed) {
            push(tick, indexed(MessageKind.Meta, meta.length));
            meta.push({ type, data: new Uint8Array(data) });
          }
        }
        break;
      }

      default:
        push(tick, channelMessage(reader, first, dataByte(reader), loopType));
        break;
    }

    // As in rustysynth, every status byte (sysex and meta included) becomes the running status.
    lastStatus = first;
  }
}

function indexed(kind: MessageKind, index: number): number {
  return packMessage(kind, index >> 16, (index >> 8) & 0xff, index & 0xff);
}

// The bytes after F0 of a message that is complete in one event: data bytes, then F7.
function isWholeSystemExclusive(data: Uint8Array): boolean {
  if (data.length === 0 || data[data.length - 1] !== 0xf7) return false;
  for (let i = 0; i < data.length - 1; i++) if (data[i] > 0x7f) return false;
  return true;
}

// rustysynth's `Message::common1` / `common2`: program change and channel pressure have one data
// byte, everything else two; controllers may be loop markers.
function channelMessage(
  reader: MidiByteReader,
  status: number,
  data1: number,
  loopType: MidiFileLoopType,
): number {
  const command = status & 0xf0;
  if (command === 0xc0 || command === 0xd0) {
    return packMessage(MessageKind.Channel, status, data1, 0);
  }
  const data2 = dataByte(reader);
  const kind = command === 0xb0 ? loopMarker(data1, loopType) : MessageKind.Channel;
  // Loop markers keep their controller bytes so that a song can be written back unchanged.
  return packMessage(kind, status, data1, data2);
}

// A byte with its top bit set where a data byte belongs means a corrupt track: refused rather
// than handed to the synthesizer as an out-of-range value.
function dataByte(reader: MidiByteReader): number {
  const offset = reader.position;
  const value = reader.u8("data byte");
  if (value > 0x7f) reader.fail(`data byte 0x${hex(value)} has its top bit set`, offset);
  return value;
}

function loopMarker(controller: number, loopType: MidiFileLoopType): MessageKind {
  const [start, end] = loopControllers[loopType];
  return controller === start ? MessageKind.LoopStart : controller === end ? MessageKind.LoopEnd : MessageKind.Channel;
}

function readTempo(reader: MidiByteReader): number {
  const lengthOffset = reader.position;
  const length = reader.varLength("tempo length");
  if (length !== 3) {
    reader.fail(`tempo meta event has length ${length}, expected 3`, lengthOffset);
  }
  const b1 = reader.u8("tempo");
  const b2 = reader.u8("tempo");
  const b3 = reader.u8("tempo");
  return packMessage(MessageKind.TempoChange, b1, b2, b3);
}

function hex(byte: number): string {
  return byte.toString(16).toUpperCase().padStart(2, "0");
}
