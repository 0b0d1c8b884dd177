import { writeMidiFile, type MidiSongEvent } from "../../lib/index.js";

/**
 * A short format 1 song built in code, for tests that must run without the shared fixtures:
 * tempo changes, a text event, loop controllers of every convention, program and bank
 * changes, reverb and chorus sends, pitch bends, an RPN, sustain, pressure, portamento and
 * sostenuto, GS system exclusive messages (a reset, drums on a second channel, master volume),
 * and notes on three melodic channels and the drums.
 */
export function generatedSong(): Uint8Array {
  const resolution = 96;
  const tempo = (tick: number, microseconds: number): MidiSongEvent => ({
    tick,
    meta: 0x51,
    data: Uint8Array.of(microseconds >> 16, (microseconds >> 8) & 0xff, microseconds & 0xff),
  });
  const conductor: MidiSongEvent[] = [
    tempo(0, 500000),
    { tick: 0, meta: 0x01, data: new TextEncoder().encode("generated") },
    tempo(resolution * 4, 400000),
    tempo(resolution * 8, 650000),
  ];
  const melody: MidiSongEvent[] = [];
  const cc = (tick: number, channel: number, controller: number, value: number): void => {
    melody.push({ tick, status: 0xb0 | channel, data1: controller, data2: value });
  };
  for (const channel of [0, 1, 2]) {
    cc(0, channel, 0, 0);
    melody.push({ tick: 0, status: 0xc0 | channel, data1: channel * 20, data2: 0 });
    cc(0, channel, 7, 100 - channel * 10);
    cc(0, channel, 10, 32 + channel * 32);
    cc(0, channel, 91, 40 + channel * 20); // reverb send
    cc(0, channel, 93, 30 + channel * 30); // chorus send
  }
  // RPN 0 (pitch bend range) to 12 semitones on channel 1.
  cc(1, 1, 101, 0);
  cc(1, 1, 100, 0);
  cc(1, 1, 6, 12);
  cc(resolution, 0, 111, 0); // loop start (RPG Maker, The Incredible Machine's end)
  cc(resolution, 0, 110, 0); // loop start (The Incredible Machine)
  cc(resolution, 0, 116, 0); // loop start (Final Fantasy)
  for (let i = 0; i < 48; i++) {
    const tick = resolution + i * (resolution / 4);
    const channel = i % 3;
    const key = 48 + ((i * 7) % 36);
    melody.push({ tick, status: 0x90 | channel, data1: key, data2: 40 + ((i * 13) % 87) });
    melody.push({ tick: tick + resolution / 2, status: 0x80 | channel, data1: key, data2: 0 });
    if (i % 8 === 0) melody.push({ tick, status: 0xe0 | 1, data1: 0, data2: (i * 5) % 128 });
    if (i % 12 === 0) cc(tick, 2, 64, i % 24 === 0 ? 127 : 0);
  }
  cc(resolution * 13, 0, 117, 0); // loop end (Final Fantasy)
  const sysex = (tick: number, ...bytes: number[]): void => {
    melody.push({ tick, sysex: Uint8Array.of(0xf0, ...bytes, 0xf7) });
  };
  sysex(0, 0x41, 0x10, 0x42, 0x12, 0x40, 0x00, 0x7f, 0x00, 0x41); // GS reset
  sysex(2, 0x41, 0x10, 0x42, 0x12, 0x40, 0x1a, 0x15, 0x01, 0x10); // GS: channel 11 plays drums
  sysex(resolution * 6, 0x7f, 0x7f, 0x04, 0x01, 0x00, 0x60); // master volume
  for (let i = 0; i < 12; i++) {
    const tick = resolution * 2 + i * resolution;
    melody.push({ tick, status: 0xd0, data1: (i * 11) % 128, data2: 0 }); // channel pressure
    melody.push({ tick, status: 0xa1, data1: 60, data2: (i * 17) % 128 }); // polyphonic pressure
  }
  cc(resolution * 3, 2, 66, 127); // sostenuto
  cc(resolution * 7, 2, 66, 0);
  cc(resolution * 2, 1, 5, 1); // portamento time, then on
  cc(resolution * 2, 1, 65, 127);
  melody.push({ tick: resolution * 4, status: 0x9a, data1: 38, data2: 90 }, { tick: resolution * 5, status: 0x8a, data1: 38, data2: 0 });
  const drums: MidiSongEvent[] = [];
  for (let i = 0; i < 32; i++) {
    const tick = resolution + i * (resolution / 2);
    const key = [36, 38, 42, 46][i % 4];
    drums.push({ tick, status: 0x99, data1: key, data2: 100 }, { tick: tick + 10, status: 0x89, data1: key, data2: 0 });
  }
  return writeMidiFile({ format: 1, resolution, tracks: [conductor, melody, drums] });
}
