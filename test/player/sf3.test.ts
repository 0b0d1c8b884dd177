import { existsSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { MidiFile, MidiFileSequencer, SoundFont, Synthesizer } from "../../lib/io/index.js";
import "../built.js";
import { chromium, runSelfTestPage } from "../examples/selfTestPage.js";
import { fixture } from "../fixtures.js";
import { requirement } from "../requirements.js";
import { firstDifference, nodeBackend, sampleRate, samplesOf } from "./nodeRender.js";

const sf3 = fixture("soundfonts", "TimGM6mb.sf3");
const song = fixture("midi", "boogi_marabi_redfarn.mid");
const missing = [sf3, song].find((file) => !existsSync(file));
requirement("MELTYSYNTH_REQUIRE_FIXTURES", missing === undefined ? null : `${missing} is absent`);
if (chromium === undefined) console.warn("Skipping the player's SF3 test: Chromium is absent (apt-get install -y chromium).");
else if (missing !== undefined) console.warn(`Skipping the player's SF3 test: ${missing} is absent (the shared fixtures are not beside the clone).`);

const seconds = 4;

describe.skipIf(chromium === undefined || missing !== undefined)("the player with an SF3 font", () => {
  it("decodes it on the page and plays a song as Node plays it from the SF3 file, bit for bit", async () => {
    const files = { "/fixtures/font.sf3": sf3, "/fixtures/song.mid": song };
    const query = `case=song&backend=wasm&seconds=${seconds}&font=/fixtures/font.sf3&song=/fixtures/song.mid`;
    const answer = JSON.parse((await runSelfTestPage(`test/player/player-selftest.html?${query}`, files)).toString());
    const synthesizer = new Synthesizer(SoundFont.fromFile(sf3), { sampleRate, backend: nodeBackend("wasm"), eventTiming: "sample" });
    const sequencer = new MidiFileSequencer(synthesizer);
    sequencer.play(MidiFile.fromFile(song), false);
    const node = new Float32Array(2 * seconds * sampleRate);
    sequencer.renderInterleaved(node);
    expect(node.some((sample) => Math.abs(sample) > 0.01)).toBe(true);
    expect(firstDifference(node, samplesOf(answer.samples))).toBe(-1);
  });
});
