import { writeMidiFile, type MidiSongEvent } from "../../lib/midi/index.js";

/**
 * A short format 0 song at 120 BPM (480 ticks a beat, so 960 ticks a second): `notes` notes of
 * half a second each on the given program, one after another, starting on `firstKey`.
 */
export function shortSong(notes = 4, program = 0, firstKey = 60): Uint8Array {
  const events: MidiSongEvent[] = [{ tick: 0, status: 0xc0, data1: program, data2: 0 }];
  for (let i = 0; i < notes; i++) {
    events.push({ tick: i * 480, status: 0x90, data1: firstKey + 2 * i, data2: 100 });
    events.push({ tick: i * 480 + 470, status: 0x80, data1: firstKey + 2 * i, data2: 0 });
  }
  events.push({ tick: notes * 480, meta: 0x2f, data: new Uint8Array(0) });
  return writeMidiFile({ format: 0, resolution: 480, tracks: [events] });
}
