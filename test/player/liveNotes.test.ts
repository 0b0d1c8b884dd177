import { describe, expect, it } from "vitest";
import { builtinSoundFont } from "../../lib/builtin/builtinSoundFont.js";
import { Synthesizer } from "../../lib/synth/Synthesizer.js";
import "../built.js";
import { chromium, runSelfTestPage } from "../examples/selfTestPage.js";
import { firstDifference, playerBackends, playerSynthesizer, sampleRate, samplesOf } from "./nodeRender.js";

if (chromium === undefined) console.warn("Skipping the player's live-note tests: Chromium is absent (apt-get install -y chromium).");

const seconds = 0.2;
// Inside quanta of 128 frames, on their first and last frames, and in several of them.
const frames = [37, 128, 1000, 1151, 2047, 2048, 4500];

function onset(render: Float32Array): number {
  for (let i = 0; i < render.length; i++) if (render[i] !== 0) return i >> 1;
  return -1;
}

function nodeRender(backend: "js" | "wasm", schedule: (synth: ReturnType<typeof playerSynthesizer>) => void): Float32Array {
  const synthesizer = playerSynthesizer(backend);
  schedule(synthesizer);
  const out = new Float32Array(2 * Math.round(seconds * sampleRate));
  synthesizer.renderInterleaved(out);
  return out;
}

describe.skipIf(chromium === undefined).each(playerBackends)("live notes on the %s backend", (backend) => {
  it("start on the frame of their `when`, inside a quantum and across quanta", async () => {
    const answer = JSON.parse((await runSelfTestPage(`test/player/player-selftest.html?case=live&backend=${backend}&seconds=${seconds}&frames=${frames}`)).toString());
    expect(answer.backend).toBe(backend);

    const onsets = (answer.alone as string[]).map((render) => onset(samplesOf(render)));
    console.log(`live notes on ${backend}: scheduled at frames ${frames}, first sound at ${onsets}`);
    for (const [i, frame] of frames.entries()) expect(Math.abs(onsets[i] - frame), `the note at frame ${frame} starts at ${onsets[i]}`).toBeLessThanOrEqual(1);
    for (const [i, frame] of frames.entries()) {
      const node = nodeRender(backend, (synth) => synth.processMidiMessage(0, 0x90, 60, 100, frame));
      expect(firstDifference(node, samplesOf(answer.alone[i])), `the note at frame ${frame}`).toBe(-1);
    }

    // Notes held and released in several quanta at once, and a controller among them.
    const together = nodeRender(backend, (synth) => {
      for (const [i, frame] of frames.entries()) {
        synth.processMidiMessage(i, 0x90, 48 + i, 100, frame);
        synth.processMidiMessage(i, 0x80, 48 + i, 0, Math.round((frame / sampleRate + 0.05) * sampleRate));
      }
      synth.processMidiMessage(0, 0xb0, 7, 30, frames[0]);
    });
    expect(firstDifference(together, samplesOf(answer.together))).toBe(-1);
  });
});

describe.skipIf(chromium === undefined)("a live system exclusive message", () => {
  it("acts on its frame, inside a synthesizer block, as processSysEx with that frame offset does in Node", async () => {
    // Frame 1000 lies 40 frames into a block of 64.
    const frame = 1000;
    const answer = JSON.parse((await runSelfTestPage(`test/player/player-selftest.html?case=sysex&backend=js&seconds=${seconds}&frame=${frame}`)).toString());
    const node = (sysEx: boolean): Float32Array => {
      const synthesizer = new Synthesizer(builtinSoundFont(), { sampleRate, backend: "js", eventTiming: "sample", profile: "full" });
      synthesizer.processMidiMessage(0, 0x90, 60, 100, 0);
      if (sysEx) synthesizer.processSysEx(Uint8Array.of(0xf0, 0x7f, 0x7f, 0x04, 0x01, 0x00, 0x20, 0xf7), frame);
      const out = new Float32Array(2 * Math.round(seconds * sampleRate));
      synthesizer.renderInterleaved(out);
      return out;
    };
    const browser = samplesOf(answer.samples);
    expect(firstDifference(node(true), browser)).toBe(-1);
    // The message acts from its frame on, not from its block's start (frame 960): the level
    // against the note's alone is as it was up to the frame, and a quarter from it. (The bits
    // differ from 960 on all the same: a block rendered in two parts has its ramps per part.)
    const alone = node(false);
    const peak = (samples: Float32Array, from: number, to: number) => Math.max(...Array.from(samples.subarray(2 * from, 2 * to), Math.abs));
    const level = (from: number, to: number) => peak(browser, from, to) / peak(alone, from, to);
    expect(level(960, frame)).toBeCloseTo(1, 2);
    expect(level(frame, frame + 24)).toBeCloseTo(0.25, 3);
    expect(level(frame + 24, frame + 512)).toBeCloseTo(0.25, 3);
  });
});
