import { existsSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { SoundFont, Synthesizer } from "../../lib/io/index.js";
import { compare, describeComparison, fixture } from "../fixtures.js";
import "../built.js";
import { chromium, runSelfTestPage } from "./selfTestPage.js";

const sf3 = fixture("soundfonts", "TimGM6mb.sf3");
if (chromium === undefined) console.warn("Skipping the browser SF3 test: Chromium is absent (apt-get install -y chromium).");
else if (!existsSync(sf3)) console.warn(`Skipping the browser SF3 test: ${sf3} is absent (the shared fixtures are not beside the clone).`);

describe.skipIf(chromium === undefined || !existsSync(sf3))("SF3 in the browser entry", () => {
  it("SoundFont.load decodes TimGM6mb.sf3 in Chromium as Node does", async () => {
    const answer = await runSelfTestPage("test/examples/sf3-selftest.html", { "/fixtures/TimGM6mb.sf3": sf3 });

    const browserRender = new Float32Array(answer.buffer.slice(answer.byteOffset, answer.byteOffset + answer.byteLength));
    const synthesizer = new Synthesizer(SoundFont.fromFile(sf3), { sampleRate: 44100, backend: "js" });
    for (const key of [60, 64, 67]) synthesizer.noteOn(0, key, 100);
    const nodeRender = new Float32Array(2 * 44100);
    synthesizer.renderInterleaved(nodeRender);
    const comparison = compare(nodeRender, browserRender);
    console.log(describeComparison("SF3 chord, Chromium vs Node", comparison));
    expect(comparison.snr).toBeGreaterThan(100);
  });
});
