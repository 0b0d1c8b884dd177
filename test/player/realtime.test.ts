import { existsSync } from "node:fs";
import { describe, expect, it } from "vitest";
import "../built.js";
import { chromium, runSelfTestPage } from "../examples/selfTestPage.js";
import { fixture } from "../fixtures.js";
import { requirement } from "../requirements.js";

const font = fixture("soundfonts", "TimGM6mb.sf2");
const sf3 = fixture("soundfonts", "TimGM6mb.sf3");
const song = fixture("midi", "slow_neasy_redfarn.mid");
const missing = [font, sf3, song].find((file) => !existsSync(file));
requirement("MELTYSYNTH_REQUIRE_FIXTURES", missing === undefined ? null : `${missing} is absent`);
if (chromium === undefined) console.warn("Skipping the player's real-time test: Chromium is absent (apt-get install -y chromium).");
else if (missing !== undefined) console.warn(`Skipping the player's real-time test: ${missing} is absent (the shared fixtures are not beside the clone).`);

const seconds = 30;

// On wasm, the backend a browser picks. The test runs after the rest of the suite, alone
// (vitest.config.ts), so that no other test takes the cores it measures.
const backend = "wasm";

describe.skipIf(chromium === undefined || missing !== undefined)("the player on the wasm backend in a real-time AudioContext", () => {
  it(`plays the densest song for ${seconds} s at 64 voices without an underrun, while an SF3 font loads beside it`, async () => {
    const files = { "/fixtures/font.sf2": font, "/fixtures/font.sf3": sf3, "/fixtures/song.mid": song };
    const query = `case=realtime&backend=${backend}&seconds=${seconds}&font=/fixtures/font.sf2&font2=/fixtures/font.sf3&song=/fixtures/song.mid`;
    const answer = JSON.parse((await runSelfTestPage(`test/player/player-selftest.html?${query}`, files)).toString());
    console.log(`real time, ${answer.backend}: ${answer.played.toFixed(2)} s played, ${answer.stats.quanta} quanta, ` +
      `${answer.stats.underruns} underruns, the longest quantum ${answer.stats.longestMs} ms, load ${(100 * answer.stats.cpuLoad).toFixed(1)}%, ${answer.stats.voices} voices at the end`);
    expect(answer.backend).toBe(backend);
    // The context ran at real pace for the whole time, and the song kept many voices busy.
    expect(answer.played).toBeGreaterThan(seconds * 0.9);
    expect(answer.stats.quanta).toBeGreaterThan((seconds * 0.9 * 44100) / 128);
    expect(answer.stats.voices).toBeGreaterThan(10);
    expect(answer.stats.cpuLoad).toBeGreaterThan(0);
    expect(answer.stats.underruns).toBe(0);
  });
});
