import { describe, expect, it } from "vitest";
import { midiMessageBytes } from "../../lib/player/midiMessageBytes.js";
import { PendingList } from "../../lib/player/PendingList.js";

describe("midiMessageBytes", () => {
  it("takes channel messages with their data bytes and whole system exclusive messages", () => {
    expect([...midiMessageBytes([0x93, 60, 100])]).toEqual([0x93, 60, 100]);
    expect([...midiMessageBytes([0xc1, 5])]).toEqual([0xc1, 5]);
    expect([...midiMessageBytes([0xf0, 0x7e, 0x7f, 0x09, 0x01, 0xf7])]).toEqual([0xf0, 0x7e, 0x7f, 0x09, 0x01, 0xf7]);
  });

  it("says what is wrong with a malformed message", () => {
    expect(() => midiMessageBytes([])).toThrow(/at least its status byte/);
    expect(() => midiMessageBytes([60, 100])).toThrow(/byte 0 is 3C/);
    expect(() => midiMessageBytes([0xf8])).toThrow(/byte 0 is F8/);
    expect(() => midiMessageBytes([0x90, 60])).toThrow(/90 message has 2 data bytes; got 1/);
    expect(() => midiMessageBytes([0x90, 60, 200])).toThrow(/data byte 2 is C8/);
    expect(() => midiMessageBytes([0xf0, 0x7e, 0x01])).toThrow(/must end with F7; it ends with 01/);
    expect(() => midiMessageBytes([0xf0, 0x90, 0xf7])).toThrow(/byte 1 of the system exclusive message is 90/);
  });
});

describe("PendingList", () => {
  it("hands out the items due before a frame in frame order, those of one frame in the order they came", () => {
    const list = new PendingList<{ frame: number; name: string }>();
    for (const [frame, name] of [[300, "c"], [100, "a"], [300, "d"], [200, "b"], [-1, "now"]] as const) list.add({ frame, name });
    expect(list.takeBefore(100).map((item) => item.name)).toEqual(["now"]);
    expect(list.takeBefore(100)).toEqual([]);
    expect(list.takeBefore(301).map((item) => item.name)).toEqual(["a", "b", "c", "d"]);
  });
});
