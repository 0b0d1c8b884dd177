import { describe, expect, it } from "vitest";
import { connectMidiInput } from "../../lib/player/connectMidiInput.js";
import type { Player } from "../../lib/player/Player.js";

type Listener = (event: { data: Uint8Array | null; timeStamp: number }) => void;

// A context whose output is `contextTime` at page time `performanceTime` (ms), a player that
// records what it is sent, and an input that delivers events to whoever listens.
function rig(stamp: { contextTime?: number; performanceTime?: number }, currentTime = 0) {
  const sent: { bytes: number[]; when: number | undefined }[] = [];
  const context = { currentTime, getOutputTimestamp: () => stamp };
  const player = {
    context,
    send: (bytes: ArrayLike<number>, when?: number) => {
      sent.push({ bytes: Array.from(bytes), when });
      return Promise.resolve();
    },
  } as unknown as Player;
  let listener: Listener | null = null;
  const input = {
    addEventListener: (_type: string, l: Listener) => (listener = l),
    removeEventListener: (_type: string, l: Listener) => {
      if (listener === l) listener = null;
    },
  } as unknown as MIDIInput;
  const deliver = (data: number[], timeStamp: number) => listener?.({ data: Uint8Array.from(data), timeStamp });
  return { player, input, sent, deliver, listening: () => listener !== null };
}

describe("connectMidiInput", () => {
  it("maps each message's timestamp to context time plus a constant latency, so notes keep their spacing", () => {
    const { player, input, sent, deliver } = rig({ contextTime: 10, performanceTime: 5000 });
    connectMidiInput(player, input, 0.05);
    deliver([0x90, 60, 100], 5100);
    deliver([0x80, 60, 0], 5350);
    expect(sent.map((s) => s.bytes)).toEqual([[0x90, 60, 100], [0x80, 60, 0]]);
    expect(sent[0].when).toBeCloseTo(10.15, 12);
    expect(sent[1].when! - sent[0].when!).toBeCloseTo(0.25, 12);
  });

  it("falls back to the current time while the output timestamp is {0, 0}, and leaves out clock and sense messages", () => {
    const { player, input, sent, deliver } = rig({ contextTime: 0, performanceTime: 0 }, 1.5);
    connectMidiInput(player, input);
    deliver([0xf8], 100);
    deliver([0xfe], 100);
    deliver([0xb0, 7, 90], 100);
    expect(sent).toEqual([{ bytes: [0xb0, 7, 90], when: 1.52 }]);
  });

  it("stops listening when disconnected", () => {
    const { player, input, listening } = rig({ contextTime: 1, performanceTime: 1 });
    const disconnect = connectMidiInput(player, input);
    expect(listening()).toBe(true);
    disconnect();
    expect(listening()).toBe(false);
  });
});
