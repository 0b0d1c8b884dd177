import { existsSync } from "node:fs";
import { describe, expect, it } from "vitest";
import "../built.js";
import { chromium, runSelfTestPage } from "../examples/selfTestPage.js";
import { fixture } from "../fixtures.js";
import { fluidR3Gm } from "../fluidsynth/fonts.js";
import { requirement } from "../requirements.js";

const font = fixture("soundfonts", "TimGM6mb.sf2");
const sf3 = fixture("soundfonts", "TimGM6mb.sf3");
const song = fixture("midi", "slow_neasy_redfarn.mid");
const missingFixture = [font, sf3, song].find((file) => !existsSync(file));
requirement("MELTYSYNTH_REQUIRE_FIXTURES", missingFixture === undefined ? null : `${missingFixture} is absent`);
const missing =
  chromium === undefined ? "Chromium is absent (apt-get install -y chromium)"
  : missingFixture !== undefined ? `${missingFixture} is absent (the shared fixtures are not beside the clone)`
  : fluidR3Gm.missing;
if (missing !== null) console.warn(`Skipping the player's real-time test: ${missing}.`);

const seconds = 30;

interface Stats {
  quanta: number;
  underruns: number;
  longestMs: number;
  voices: number;
  cpuLoad: number;
}

// The test runs after the rest of the suite, alone (vitest.config.ts), so that no other test
// takes the cores it measures. The processor times its tasks by the wall clock, so a task during
// which the operating system gave the audio thread's core to another process, or the worklet's
// garbage collector ran with a 148 MB font's objects in its heap, counts as an underrun too: on
// 2-core machines shared with Chromium's other threads, one such task of 4-7 ms in 30 s was seen
// now and then (CPU load of the player 1-6 %), never two. A run may count one, and one more run
// is allowed.
describe.skipIf(missing !== null).each(["wasm", "js"])("the player on the %s backend in a real-time AudioContext", (backend) => {
  it(`plays the densest song for ${seconds} s at 64 voices without an underrun, while a 148 MB SF2 and an SF3 load beside it`, { retry: 1 }, async () => {
    const files = { "/fixtures/font.sf2": font, "/fixtures/font.sf3": sf3, "/fixtures/song.mid": song, "/fixtures/FluidR3_GM.sf2": fluidR3Gm.path };
    const query = `case=realtime&backend=${backend}&seconds=${seconds}&font=/fixtures/font.sf2&song=/fixtures/song.mid&load=/fixtures/FluidR3_GM.sf2,/fixtures/font.sf3`;
    const answer = JSON.parse((await runSelfTestPage(`test/player/player-selftest.html?${query}`, files)).toString()) as {
      backend: string;
      played: number;
      before: Stats;
      stats: Stats;
      loaded: { url: string; seconds: number; stats: Stats }[];
    };
    const { before, stats } = answer;
    // The player's own load and its song's arrival, before anything played, are not counted.
    const underruns = stats.underruns - before.underruns;
    console.log(`real time, ${answer.backend}: ${answer.played.toFixed(2)} s played, ${stats.quanta} quanta, ${underruns} underruns ` +
      `(${before.underruns} before the song, the longest task ${before.longestMs} ms), the longest task ${stats.longestMs} ms, ` +
      `load ${(100 * stats.cpuLoad).toFixed(1)}%, ${stats.voices} voices at the end`);
    for (const load of answer.loaded) {
      console.log(`  ${load.url} loaded in ${load.seconds.toFixed(2)} s: ${load.stats.underruns} underruns, the longest task ${load.stats.longestMs} ms`);
    }
    expect(answer.backend).toBe(backend);
    // The context ran at real pace for the whole time, and the song kept many voices busy.
    expect(answer.played).toBeGreaterThan(seconds * 0.9);
    expect(stats.quanta).toBeGreaterThan((seconds * 0.9 * 44100) / 128);
    expect(stats.voices).toBeGreaterThan(10);
    // On wasm a quantum of this song takes a few hundredths of a millisecond, below the worklet
    // clock's millisecond, so a second's load can read 0; it must read as keeping up.
    expect(stats.cpuLoad).toBeGreaterThanOrEqual(0);
    expect(stats.cpuLoad).toBeLessThan(0.5);
    expect(underruns).toBeLessThanOrEqual(1);
    // Each font's player did its work on the same thread in steps that leave the playing player
    // its quanta. Almost every step is shorter than a quantum; the few that are not are the
    // making of the synthesizer itself (on wasm, its instance's memory grown to hold the
    // 148 MB font's samples at once) or a collection of the page's garbage, a few milliseconds
    // each, which the audio thread's output buffer absorbs: the song above counted no underrun.
    expect(answer.loaded.map((load) => load.url)).toEqual(["/fixtures/FluidR3_GM.sf2", "/fixtures/font.sf3"]);
    for (const load of answer.loaded) {
      expect(load.stats.underruns, `${load.url}: load steps longer than a quantum`).toBeLessThanOrEqual(3);
      expect(load.stats.longestMs, `${load.url}: its longest load step`).toBeLessThan(12);
    }
  });
});
