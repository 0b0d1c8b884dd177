// Sample-accurate events: timestamped messages land on their exact frame with 'sample' timing,
// and at the start of their block with 'block' timing (MeltySynth's bits, unchanged).
import { describe, expect, it } from "vitest";
import type { Backend } from "../../lib/kernels/BlockRenderer.js";
import { SoundFont } from "../../lib/soundfont/index.js";
import { Synthesizer } from "../../lib/synth/Synthesizer.js";
import type { EventTiming } from "../../lib/synth/SynthesizerSettings.js";
import { availableBackends } from "../backends.js";
import { firstDifference, hasFixtures, readFixture } from "../fixtures.js";

const backends = availableBackends();
const font = hasFixtures ? new SoundFont(readFixture("soundfonts", "TimGM6mb.sf2")) : null;

function firstSound(timing: EventTiming, backend: Backend, frame: number, blockSize = 64): number {
  const synthesizer = new Synthesizer(font!, { backend, eventTiming: timing, blockSize, enableReverbAndChorus: false });
  synthesizer.processMidiMessage(0, 0x90, 60, 100, frame);
  const left = new Float32Array(frame + 3 * blockSize);
  const right = new Float32Array(left.length);
  synthesizer.render(left, right);
  return left.findIndex((x, t) => x !== 0 || right[t] !== 0);
}

describe.skipIf(!hasFixtures)("event timing", () => {
  const offsets = [0, 1, 2, 31, 62, 63, 64, 65, 100, 127, 128, 129, 1000];

  describe.each(backends)("%s", (backend) => {
    it("'sample': a note-on at frame k sounds from frame k exactly, inside blocks and at their boundaries", () => {
      for (const k of offsets) expect([k, firstSound("sample", backend, k)]).toEqual([k, k]);
    });

    it("'block': the same note sounds from the start of the block that contains its frame", () => {
      for (const k of offsets) expect([k, firstSound("block", backend, k)]).toEqual([k, Math.floor(k / 64) * 64]);
    });

    it("'sample': whole blocks are mixed as 'block' timing mixes them, quiet gains left out alike", () => {
      // Messages on block boundaries split no block, so the two timings differ in nothing, down
      // to a hard-panned note's far side and the releases that fall below -60 dB.
      const render = (timing: EventTiming): Float32Array => {
        const synthesizer = new Synthesizer(font!, { backend, eventTiming: timing });
        synthesizer.processMidiMessage(0, 0xb0, 7, 30);
        synthesizer.processMidiMessage(0, 0xb0, 10, 0);
        synthesizer.processMidiMessage(0, 0xb0, 93, 40);
        for (const key of [48, 60, 67]) synthesizer.noteOn(0, key, 90);
        const out = new Float32Array(2 * 44100 * 5);
        synthesizer.renderInterleaved(out.subarray(0, 2 * 64 * 1000));
        synthesizer.noteOffAll(0, false);
        synthesizer.renderInterleaved(out.subarray(2 * 64 * 1000));
        return out;
      };
      expect(firstDifference(render("sample"), render("block"))).toBe(-1);
    });

    it("'sample': onsets do not depend on the block size (blocks longer than the envelope's 1 ms delay)", () => {
      for (const k of [5, 333, 1023, 1500]) {
        expect(firstSound("sample", backend, k, 256)).toBe(k);
        expect(firstSound("sample", backend, k, 1024)).toBe(k);
      }
    });
  });

  it("'block' timing with messages scheduled at the next frame gives the bits of messages sent at once", () => {
    const render = (scheduled: boolean): Float32Array => {
      const synthesizer = new Synthesizer(font!, { backend: "js" });
      const out = new Float32Array(2 * 8192);
      const send = (command: number, data1: number, data2: number) =>
        scheduled
          ? synthesizer.processMidiMessage(0, command, data1, data2, 0)
          : synthesizer.processMidiMessage(0, command, data1, data2);
      send(0x90, 60, 100);
      synthesizer.renderInterleaved(out.subarray(0, 4000));
      send(0xb0, 7, 50);
      send(0x90, 67, 90);
      synthesizer.renderInterleaved(out.subarray(4000));
      return out;
    };
    expect(firstDifference(render(true), render(false))).toBe(-1);
  });

  // With MELTYSYNTH_BACKEND=js there is nothing to compare with, which a skipped test says.
  if (backends.length === 1) it.skip("renders JavaScript's bits on the other backends with 'sample' timing (only the JavaScript backend is tested here)", () => undefined);
  it.each(backends.filter((b) => b !== "js"))(
    "renders JavaScript's bits on the %s backend with 'sample' timing",
    (backend) => {
      const render = (which: Backend): Float32Array => {
        const synthesizer = new Synthesizer(font!, { backend: which, eventTiming: "sample" });
        const out = new Float32Array(2 * 44100);
        let at = 0;
        for (let i = 0; i < 40; i++) {
          synthesizer.processMidiMessage(i % 16, 0x90, 40 + ((i * 7) % 40), 30 + i * 2, (i * 977) % 2000);
          synthesizer.processMidiMessage(i % 16, 0xe0, 0, (i * 13) % 128, (i * 389) % 2000);
          synthesizer.renderInterleaved(out.subarray(at, at + 2 * 1100));
          at += 2 * 1100;
        }
        return out;
      };
      const js = render("js");
      expect(js.some((x) => x !== 0)).toBe(true);
      expect(Buffer.from(render(backend).buffer).equals(Buffer.from(js.buffer))).toBe(true);
    },
  );
});

describe.skipIf(!hasFixtures)("scheduling messages", () => {
  describe.each(backends)("a system exclusive message with a frame offset, on %s", (backend) => {
    // The universal master volume, to a quarter; the 'full' profile acts on it.
    const masterVolume = Uint8Array.of(0xf0, 0x7f, 0x7f, 0x04, 0x01, 0x00, 0x20, 0xf7);
    const render = (timing: EventTiming, send: (synthesizer: Synthesizer) => void, at = 0): Float32Array => {
      const synthesizer = new Synthesizer(font!, { backend, eventTiming: timing, profile: "full", enableReverbAndChorus: false });
      synthesizer.processMidiMessage(0, 0x90, 60, 100);
      const left = new Float32Array(2048);
      const right = new Float32Array(left.length);
      synthesizer.render(left.subarray(0, at), right.subarray(0, at));
      send(synthesizer);
      synthesizer.render(left.subarray(at), right.subarray(at));
      return left;
    };
    const peak = (samples: Float32Array, from: number, to: number) => Math.max(...Array.from(samples.subarray(from, to), Math.abs));

    it("'sample': acts on its frame, inside a block", () => {
      const alone = render("sample", () => {});
      const sent = render("sample", (synthesizer) => synthesizer.processSysEx(masterVolume, 1000));
      expect(peak(sent, 960, 1000) / peak(alone, 960, 1000)).toBeCloseTo(1, 2);
      expect(peak(sent, 1000, 1500) / peak(alone, 1000, 1500)).toBeCloseTo(0.25, 3);
    });

    it("'block': acts at the start of its block, with the bits of the message sent there", () => {
      const queued = render("block", (synthesizer) => synthesizer.processSysEx(masterVolume, 1000));
      const sentThere = render("block", (synthesizer) => synthesizer.processSysEx(masterVolume), 960);
      expect(firstDifference(queued, sentThere)).toBe(-1);
      expect(firstDifference(queued, render("block", () => {}))).not.toBe(-1);
    });
  });

  it("keeps up to eventQueueCapacity messages, and says so when full", () => {
    const synthesizer = new Synthesizer(font!, { eventQueueCapacity: 16, backend: "js" });
    for (let i = 0; i < 16; i++) synthesizer.processMidiMessage(0, 0xb0, 7, i, 1000 + i);
    expect(() => synthesizer.processMidiMessage(0, 0xb0, 7, 0, 5)).toThrow(RangeError);
    expect(() => synthesizer.processMidiMessage(0, 0xb0, 7, 0, 5)).toThrow(/event queue is full \(16 messages/);
    synthesizer.render(new Float32Array(1100), new Float32Array(1100));
    expect(() => synthesizer.processMidiMessage(0, 0xb0, 7, 0, 5)).not.toThrow();
  });

  it("refuses offsets that are not non-negative integers, and stays as it was", () => {
    const synthesizer = new Synthesizer(font!, { backend: "js", eventTiming: "sample" });
    const fresh = new Synthesizer(font!, { backend: "js", eventTiming: "sample" });
    for (const bad of [-1, 1.5, Number.NaN, Infinity, "3" as never, 2 ** 60]) {
      expect(() => synthesizer.processMidiMessage(0, 0x90, 60, 100, bad)).toThrow(/frameOffset must be a non-negative integer/);
    }
    for (const s of [synthesizer, fresh]) s.processMidiMessage(0, 0x90, 60, 100, 10);
    const a = new Float32Array(2000);
    const b = new Float32Array(2000);
    synthesizer.renderMono(a);
    fresh.renderMono(b);
    expect(a).toEqual(b);
  });

  it("counts offsets from the next frame render hands out (renderedFrames)", () => {
    const synthesizer = new Synthesizer(font!, { backend: "js", eventTiming: "sample" });
    synthesizer.render(new Float32Array(128), new Float32Array(128));
    expect(synthesizer.renderedFrames).toBe(128);
    synthesizer.processMidiMessage(0, 0x90, 60, 100, 20);
    const left = new Float32Array(200);
    synthesizer.render(left, new Float32Array(200));
    expect(left.findIndex((x) => x !== 0)).toBe(20);
    synthesizer.reset();
    expect(synthesizer.renderedFrames).toBe(0);
  });

  it("applies a message for a frame of a block already rendered at the next block", () => {
    // Render calls that end inside a block leave the rest of that block rendered ahead.
    const synthesizer = new Synthesizer(font!, { backend: "js", eventTiming: "sample" });
    synthesizer.render(new Float32Array(100), new Float32Array(100));
    expect(synthesizer.renderedFrames).toBe(100);
    synthesizer.processMidiMessage(0, 0x90, 60, 100, 20); // frame 120, in the block 64-127
    const left = new Float32Array(200);
    synthesizer.render(left, new Float32Array(200));
    expect(left.findIndex((x) => x !== 0)).toBe(28); // frame 128
  });

  it("'sample' timing allocates nothing per part: the queue is a ring allocated once", () => {
    const synthesizer = new Synthesizer(font!, { backend: "js", eventTiming: "sample", eventQueueCapacity: 16 });
    // Far more messages than the ring holds go through it, a few at a time.
    const left = new Float32Array(64);
    const right = new Float32Array(64);
    for (let i = 0; i < 2000; i++) {
      synthesizer.processMidiMessage(i % 16, 0xb0, 10, i % 128, i % 64);
      synthesizer.processMidiMessage(i % 16, 0x90, 60, i % 2 === 0 ? 0 : 80, (i * 7) % 64);
      synthesizer.render(left, right);
    }
    expect(left.some((x) => x !== 0)).toBe(true);
  });
});
