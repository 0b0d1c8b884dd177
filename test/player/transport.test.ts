import { describe, expect, it } from "vitest";
import "../built.js";
import { chromium, runSelfTestPage } from "../examples/selfTestPage.js";
import { generateDemoSong } from "../../lib/builtin/generateDemoSong.js";
import { MidiFile, MidiFileSequencer } from "../../lib/midi/index.js";
import { firstDifference, playerSynthesizer, renderDemoSong, sampleRate, samplesOf } from "./nodeRender.js";

if (chromium === undefined) console.warn("Skipping the player's transport test: Chromium is absent (apt-get install -y chromium).");

// Quantum boundaries (multiples of 128 frames), where an offline context can suspend.
const pauseFrame = 128 * 300;
const resumeFrame = 128 * 500;
const seconds = 3;

describe.skipIf(chromium === undefined)("the player's transport", () => {
  it("pause silences the output and resume goes on from the frame it paused at, every voice as it was", async () => {
    const query = `case=transport&backend=js&seconds=${seconds}&pause=${pauseFrame / sampleRate}&resume=${resumeFrame / sampleRate}`;
    const answer = JSON.parse((await runSelfTestPage(`test/player/player-selftest.html?${query}`)).toString());
    const browser = samplesOf(answer.samples);
    const node = renderDemoSong("js", seconds, 0);

    expect(firstDifference(node.subarray(0, 2 * pauseFrame), browser.subarray(0, 2 * pauseFrame))).toBe(-1);
    // Notes were sounding when it paused: the silence is the player's doing.
    expect(node.subarray(2 * pauseFrame - 256, 2 * pauseFrame).some((sample) => sample !== 0)).toBe(true);
    expect(browser.subarray(2 * pauseFrame, 2 * resumeFrame).every((sample) => sample === 0)).toBe(true);
    const resumed = browser.subarray(2 * resumeFrame);
    expect(firstDifference(node.subarray(2 * pauseFrame, 2 * pauseFrame + resumed.length), resumed)).toBe(-1);

    // The position stands still while paused, a quantum or so from where the pause landed.
    expect(answer.positions.beforeResume).toBe(answer.positions.paused);
    expect(Math.abs(answer.positions.paused - pauseFrame / sampleRate)).toBeLessThanOrEqual(0.1);
    expect(answer.stats.quanta).toBe(Math.ceil((seconds * sampleRate) / 128));
    expect(answer.stats.voices).toBeGreaterThan(0);
  });

  it("seek, between two quanta of a running song, goes on as Node's sequencer does after the same seek", async () => {
    const seekFrame = 128 * 100;
    const seekTo = 7.25;
    const query = `case=transport&backend=js&seconds=${seconds}&seekAt=${seekFrame / sampleRate}&seekTo=${seekTo}` +
      `&pause=${pauseFrame / sampleRate}&resume=${resumeFrame / sampleRate}`;
    const answer = JSON.parse((await runSelfTestPage(`test/player/player-selftest.html?${query}`)).toString());
    const browser = samplesOf(answer.samples);

    const sequencer = new MidiFileSequencer(playerSynthesizer("js"));
    sequencer.play(new MidiFile(generateDemoSong()), false);
    const node = new Float32Array(2 * pauseFrame);
    sequencer.renderInterleaved(node.subarray(0, 2 * seekFrame));
    sequencer.seek(seekTo);
    sequencer.renderInterleaved(node.subarray(2 * seekFrame));
    expect(node.subarray(2 * seekFrame).some((sample) => sample !== 0)).toBe(true);
    expect(firstDifference(node, browser.subarray(0, 2 * pauseFrame))).toBe(-1);
    expect(answer.positions.afterSeek).toBe(seekTo);
    expect(Math.abs(answer.positions.paused - (seekTo + (pauseFrame - seekFrame) / sampleRate))).toBeLessThanOrEqual(0.1);
  });
});
