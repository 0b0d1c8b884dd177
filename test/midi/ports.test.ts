// MIDI ports (meta event FF 21): which port each message of a file is for, by the rules
// lib/midi/PortAssignment.ts states, what MidiFile reports of them, and the writer keeping them.
import { describe, expect, it } from "vitest";
import { MidiFile } from "../../lib/midi/MidiFile.js";
import { writeMidiFile } from "../../lib/midi/MidiFileWriter.js";
import { midiSongFromFile, type MidiSongEvent } from "../../lib/midi/MidiSong.js";

const port = (tick: number, value: number): MidiSongEvent => ({ tick, meta: 0x21, data: Uint8Array.of(value) });
const note = (tick: number, channel: number, key: number): MidiSongEvent => ({ tick, status: 0x90 | channel, data1: key, data2: 100 });

function read(...tracks: MidiSongEvent[][]): MidiFile {
  return new MidiFile(writeMidiFile({ format: 1, resolution: 96, tracks }));
}

// Each note-on's key with the channel it plays on: 16 * port + channel.
function noteChannels(file: MidiFile): [key: number, channel: number][] {
  return [...file.events()]
    .filter((event) => event.type === "message" && (event.status & 0xf0) === 0x90)
    .map((event) => [event.data1, 16 * event.port + (event.status & 0x0f)]);
}

describe("MIDI ports", () => {
  it("puts a song that names no port, or one, on 16 channels", () => {
    const plain = read([note(0, 0, 60)], [note(0, 9, 36)]);
    expect(plain.ports).toEqual([0]);
    expect(plain.channelCount).toBe(16);
    const one = read([port(0, 3), note(0, 0, 60)], [note(0, 9, 36)]);
    expect(one.ports).toEqual([3]);
    expect(one.channelCount).toBe(16);
    expect(noteChannels(one)).toEqual([[60, 0], [36, 9]]);
  });

  it("numbers ports in the order playback first uses them, 16 channels each", () => {
    const file = read([port(0, 1), note(10, 0, 61)], [port(0, 0), note(0, 0, 60)], [port(0, 7), note(5, 2, 62)]);
    expect(file.ports).toEqual([0, 7, 1]);
    expect(file.channelCount).toBe(48);
    expect(noteChannels(file)).toEqual([[60, 0], [62, 16 + 2], [61, 32]]);
  });

  it("applies a track's first port from its first event, even one before the port event", () => {
    const file = read([note(0, 0, 60), port(5, 0)], [note(0, 0, 61), port(10, 1), note(20, 0, 62)]);
    expect(file.ports).toEqual([0, 1]);
    expect(noteChannels(file)).toEqual([[60, 0], [61, 16], [62, 16]]);
  });

  it("moves what follows a later port event, and puts tracks without one on the lowest port named", () => {
    const file = read(
      [port(0, 2), note(0, 0, 60), port(50, 5), note(60, 0, 61)],
      [note(10, 1, 62)], // no port event: port 2, the lowest named
    );
    expect(file.ports).toEqual([2, 5]);
    expect(noteChannels(file)).toEqual([[60, 0], [62, 1], [61, 16]]);
  });

  it("routes system exclusive messages by port too, and leaves the channel prefix (FF 20) alone", () => {
    const reset = Uint8Array.of(0xf0, 0x7e, 0x7f, 0x09, 0x01, 0xf7);
    const file = read(
      [port(0, 0), note(0, 0, 60)],
      [port(0, 1), { tick: 0, meta: 0x20, data: Uint8Array.of(0) }, { tick: 0, sysex: reset }, note(1, 0, 61)],
    );
    const events = [...file.events()].filter((event) => event.type !== "endOfTrack");
    expect(events.map((event) => [event.type, event.port])).toEqual([
      ["message", 0],
      ["systemExclusive", 1],
      ["message", 1],
    ]);
  });

  it("takes malformed port events (not one byte long) as no port event", () => {
    const file = read([{ tick: 0, meta: 0x21, data: Uint8Array.of(1, 2) }, note(0, 0, 60)], [port(0, 1), note(0, 0, 61)]);
    expect(file.ports).toEqual([1]);
    expect(noteChannels(file)).toEqual([[60, 0], [61, 0]]);
  });

  it("keeps every message's port through the writer", () => {
    const file = read(
      [port(0, 0), note(0, 0, 60), note(96, 9, 36)],
      [port(0, 1), note(0, 0, 61), port(96, 4), note(192, 0, 62)],
      [note(48, 3, 63)],
    );
    const again = new MidiFile(writeMidiFile(midiSongFromFile(file)));
    expect(again.ports).toEqual(file.ports);
    const ports = (f: MidiFile): number[][] => [...f.events()].map((event) => [event.tick, event.track, event.port, event.status, event.data1]);
    expect(ports(again)).toEqual(ports(file));
    expect(file.ports).toEqual([0, 1, 4]);
  });
});
