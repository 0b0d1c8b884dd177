import { describe, expect, it } from "vitest";
import { builtinSoundFont } from "../../lib/builtin/builtinSoundFont.js";
import { generateDemoSong } from "../../lib/builtin/generateDemoSong.js";
import { MidiFile, MidiFileSequencer } from "../../lib/midi/index.js";
import { Synthesizer } from "../../lib/synth/Synthesizer.js";
import { compare, describeComparison } from "../fixtures.js";
import "../built.js";
import { chromium, runSelfTestPage } from "./selfTestPage.js";

if (chromium === undefined) {
  console.warn("Skipping the Web Audio example's test: Chromium is absent (apt-get install -y chromium).");
}

const seconds = 3;

describe.skipIf(chromium === undefined)("the Web Audio example", () => {
  it("plays the demo song in an AudioWorklet as the engine renders it in Node", async () => {
    const answer = await runSelfTestPage(`test/examples/webaudio-selftest.html?seconds=${seconds}`);

    const browserRender = new Float32Array(answer.buffer.slice(answer.byteOffset, answer.byteOffset + answer.byteLength));
    const sequencer = new MidiFileSequencer(new Synthesizer(builtinSoundFont(), { sampleRate: 44100, backend: "js" }));
    sequencer.play(new MidiFile(generateDemoSong()), false);
    const nodeRender = new Float32Array(2 * seconds * 44100);
    sequencer.renderInterleaved(nodeRender);

    const comparison = compare(nodeRender, browserRender);
    console.log(describeComparison("Web Audio worklet vs Node", comparison));
    expect(comparison.snr).toBeGreaterThan(100);
  });
});
