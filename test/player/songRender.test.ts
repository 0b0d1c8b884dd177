import { describe, expect, it } from "vitest";
import "../built.js";
import { chromium, runSelfTestPage } from "../examples/selfTestPage.js";
import { firstDifference, playerBackends, renderDemoSong, samplesOf } from "./nodeRender.js";

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
