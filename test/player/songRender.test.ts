import { describe, expect, it } from "vitest";
import "../built.js";
import { chromium, runSelfTestPage } from "../examples/selfTestPage.js";
import { generateDemoSong } from "../../lib/builtin/generateDemoSong.js";
import { MidiFile, MidiFileSequencer } from "../../lib/midi/index.js";
import { builtinSoundFont } from "../../lib/builtin/builtinSoundFont.js";
import { Synthesizer } from "../../lib/index.js";
import { firstDifference, nodeBackend, playerBackends, playerSynthesizer, renderDemoSong, sampleRate, samplesOf } from "./nodeRender.js";

if (chromium === undefined) console.warn("Skipping the player's song renders: Chromium is absent (apt-get install -y chromium).");

const seconds = 4;

describe.skipIf(chromium === undefined).each(playerBackends)("the player on the %s backend, offline", (backend) => {
  it.each([0, 2])("renders the demo song from %s s as Node renders it, bit for bit", async (start) => {
    const answer = JSON.parse((await runSelfTestPage(`test/player/player-selftest.html?case=song&backend=${backend}&seconds=${seconds}&start=${start}`)).toString());
    expect(answer.backend).toBe(backend);
    const browser = samplesOf(answer.samples);
    const node = renderDemoSong(backend, seconds, start);
    // Silence would match silence: the song is playing in the frames compared.
    expect(node.some((sample) => Math.abs(sample) > 0.01)).toBe(true);
    expect(firstDifference(node, browser)).toBe(-1);
  });
});

describe.skipIf(chromium === undefined)("the player's reverb and chorus", () => {
  it("takes reverb settings as an option and chorus settings through setChorus, rendering as a Node synthesizer with them", async () => {
    const reverb = { roomSize: 0.9, width: 0.5 };
    const chorus = { voices: 3, depth: 8 };
    const query = `case=song&backend=js&seconds=${seconds}&reverb=${encodeURIComponent(JSON.stringify(reverb))}&chorus=${encodeURIComponent(JSON.stringify(chorus))}`;
    const answer = JSON.parse((await runSelfTestPage(`test/player/player-selftest.html?${query}`)).toString());
    const synthesizer = new Synthesizer(builtinSoundFont(), { sampleRate, backend: "js", eventTiming: "sample", reverb, chorus });
    const sequencer = new MidiFileSequencer(synthesizer);
    sequencer.play(new MidiFile(generateDemoSong()), false);
    const node = new Float32Array(2 * seconds * sampleRate);
    sequencer.renderInterleaved(node);
    expect(firstDifference(node, samplesOf(answer.samples))).toBe(-1);
    expect(firstDifference(node, renderDemoSong("js", seconds, 0))).not.toBe(-1);
  });
});

describe.skipIf(chromium === undefined).each(playerBackends)("the player's interpolation on the %s backend", (backend) => {
  it("takes interpolation as an option, rendering the song as a Node synthesizer with it", async () => {
    const answer = JSON.parse((await runSelfTestPage(`test/player/player-selftest.html?case=song&backend=${backend}&seconds=${seconds}&interpolation=sinc`)).toString());
    const synthesizer = new Synthesizer(builtinSoundFont(), { sampleRate, backend: nodeBackend(backend), eventTiming: "sample", interpolation: "sinc" });
    const sequencer = new MidiFileSequencer(synthesizer);
    sequencer.play(new MidiFile(generateDemoSong()), false);
    const node = new Float32Array(2 * seconds * sampleRate);
    sequencer.renderInterleaved(node);
    expect(firstDifference(node, samplesOf(answer.samples))).toBe(-1);
    expect(firstDifference(node, renderDemoSong(backend, seconds, 0))).not.toBe(-1);
  });
});

describe.skipIf(chromium === undefined)("the player's channel volume", () => {
  it("scales every volume the song sets on the channel, as a Node sequencer that scales them renders", async () => {
    const song = new MidiFile(generateDemoSong());
    const channel = [...song.events()].find((event) => event.type === "message" && (event.status & 0xf0) === 0x90 && (event.status & 0x0f) !== 9)!.status & 0x0f;
    const scale = 0.3;
    const answer = JSON.parse((await runSelfTestPage(`test/player/player-selftest.html?case=song&backend=js&seconds=${seconds}&volume=${channel}:${scale}`)).toString());

    const synthesizer = playerSynthesizer("js");
    const sequencer = new MidiFileSequencer(synthesizer);
    let volumesSet = 0;
    sequencer.onMidiMessage = (ch, command, data1, data2, frame) => {
      const scaled = ch === channel && command === 0xb0 && data1 === 7;
      if (scaled) volumesSet++;
      synthesizer.processMidiMessage(ch, command, data1, scaled ? Math.round(data2 * scale) : data2, frame - synthesizer.renderedFrames);
    };
    sequencer.play(song, false);
    synthesizer.processMidiMessage(channel, 0xb0, 7, Math.round(100 * scale));
    const node = new Float32Array(2 * seconds * 44100);
    sequencer.renderInterleaved(node);
    console.log(`channel ${channel} at ${scale} of its volume; the song set it ${volumesSet} times`);
    expect(firstDifference(node, samplesOf(answer.samples))).toBe(-1);
    expect(firstDifference(node, renderDemoSong("js", seconds, 0))).not.toBe(-1);
  });
});
