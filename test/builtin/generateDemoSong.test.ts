import { describe, expect, it } from "vitest";
import { generateDemoSong } from "../../lib/builtin/generateDemoSong.js";
import { MidiFile } from "../../lib/midi/index.js";

const song = new MidiFile(generateDemoSong());

describe("the demo song", () => {
  it("is a format 1 MIDI file of at least 15 seconds", () => {
    expect(song.format).toBe(1);
    expect(song.length).toBeGreaterThanOrEqual(15);
    expect(song.length).toBeLessThan(60);
  });

  it("plays several channels, drums among them", () => {
    const channels = new Set<number>();
    for (const event of song.events()) {
      if ((event.status & 0xf0) === 0x90 && event.data2 > 0) channels.add(event.status & 0x0f);
    }
    expect(channels.size).toBeGreaterThanOrEqual(4);
    expect(channels.has(9)).toBe(true);
  });

  it("changes tempo", () => {
    const tempos = new Set(song.tempoChanges.map((change) => Math.round(change.beatsPerMinute)));
    expect(tempos.size).toBeGreaterThanOrEqual(3);
  });

  it("turns every note off", () => {
    const sounding = new Map<number, number>();
    for (const event of song.events()) {
      const command = event.status & 0xf0;
      const id = ((event.status & 0x0f) << 8) | event.data1;
      if (command === 0x90 && event.data2 > 0) sounding.set(id, (sounding.get(id) ?? 0) + 1);
      else if (command === 0x80 || command === 0x90) sounding.set(id, (sounding.get(id) ?? 0) - 1);
    }
    expect([...sounding.values()].every((count) => count === 0)).toBe(true);
  });
});
