import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { describe, expect, it } from "vitest";
import { MidiFile, MidiFileSequencer, SoundFont, Synthesizer } from "../../lib/index.js";
import { hasFixtures, readFixture } from "../fixtures.js";
import { fastestBackend } from "./loadBackends.js";

/**
 * Ten minutes of the densest song, looped by the sequencer, must not make memory grow: once
 * warmed up, the render allocates nothing that it keeps. Memory is sampled after a full garbage
 * collection every 30 audio-seconds.
 */
const minutes = 10;
const sampleEvery = 30; // audio-seconds
const warmUp = 60; // audio-seconds
const limits = { heapUsed: 5 * 2 ** 20, arrayBuffers: 1 * 2 ** 20, rss: 32 * 2 ** 20 };
// JavaScript alone renders ten dense minutes at 44.1 kHz in about a minute on a CI machine;
// at 22.05 kHz it is still ten minutes of audio, every note and every block, in half the time.
const sampleRate = fastestBackend === "native" ? 44100 : 22050;

// `--expose-gc` set at run time: the function is then reachable from a new context.
function collectGarbage(): () => void {
  setFlagsFromString("--expose-gc");
  return runInNewContext("gc") as () => void;
}

interface Sample {
  second: number;
  rss: number;
  heapUsed: number;
  arrayBuffers: number;
  external: number;
}

const mb = (bytes: number): string => (bytes / 2 ** 20).toFixed(2);
const signedMb = (bytes: number): string => `${bytes >= 0 ? "+" : ""}${mb(bytes)}`;

const title = `a ${minutes}-minute dense render (slow_neasy_redfarn.mid looped, ${fastestBackend} backend)`;
describe.skipIf(!hasFixtures)(hasFixtures ? title : `${title}: skipped, the shared fixtures are absent`, () => {
  it("keeps memory flat after warm-up", () => {
    const gc = collectGarbage();
    const synthesizer = new Synthesizer(new SoundFont(readFixture("soundfonts", "TimGM6mb.sf2")), { backend: fastestBackend, sampleRate });
    const sequencer = new MidiFileSequencer(synthesizer);
    const song = new MidiFile(readFixture("midi", "slow_neasy_redfarn.mid"));
    sequencer.play(song, true);

    const chunk = sampleRate / 10;
    const left = new Float32Array(chunk);
    const right = new Float32Array(chunk);
    const samples: Sample[] = [];
    let voices = 0;
    let peak = 0;
    const sample = (second: number): void => {
      gc();
      const m = process.memoryUsage();
      samples.push({ second, rss: m.rss, heapUsed: m.heapUsed, arrayBuffers: m.arrayBuffers, external: m.external });
    };
    sample(0);
    const chunksPerSample = (sampleEvery * sampleRate) / chunk;
    const chunks = (minutes * 60 * sampleRate) / chunk;
    const started = performance.now();
    for (let n = 1; n <= chunks; n++) {
      sequencer.render(left, right);
      voices += synthesizer.activeVoiceCount;
      for (let t = 0; t < chunk; t++) {
        const a = Math.abs(left[t]) + Math.abs(right[t]);
        if (!(a <= peak)) {
          if (!Number.isFinite(a)) throw new Error(`non-finite sample at ${(n * chunk) / sampleRate} s`);
          peak = a;
        }
      }
      if (n % chunksPerSample === 0) sample((n * chunk) / sampleRate);
    }
    const seconds = (performance.now() - started) / 1000;

    const base = samples.find((s) => s.second === warmUp)!;
    const after = samples.filter((s) => s.second >= warmUp);
    const growth = (key: "rss" | "heapUsed" | "arrayBuffers"): number => Math.max(...after.map((s) => s[key])) - base[key];
    const lines = [
      `Memory over a ${minutes}-minute render of slow_neasy_redfarn.mid (looped, TimGM6mb, ${fastestBackend} backend, ${sampleRate} Hz, ` +
        `${(voices / chunks).toFixed(1)} voices on average), ` +
        `rendered in ${seconds.toFixed(1)} s; MB after a full GC:`,
      "  audio s       rss  heapUsed  arrayBuffers  external",
      ...samples.map(
        (s) => `  ${String(s.second).padStart(7)}  ${mb(s.rss).padStart(8)}  ${mb(s.heapUsed).padStart(8)}  ${mb(s.arrayBuffers).padStart(12)}  ${mb(s.external).padStart(8)}`,
      ),
      `Growth after the ${warmUp} s warm-up (highest sample minus the one at ${warmUp} s): rss ${signedMb(growth("rss"))} MB, ` +
        `heapUsed ${signedMb(growth("heapUsed"))} MB, arrayBuffers ${signedMb(growth("arrayBuffers"))} MB ` +
        `(limits ${mb(limits.rss)}, ${mb(limits.heapUsed)}, ${mb(limits.arrayBuffers)})`,
    ];
    console.log(lines.join("\n"));

    expect(peak).toBeGreaterThan(0);
    expect(growth("heapUsed")).toBeLessThan(limits.heapUsed);
    expect(growth("arrayBuffers")).toBeLessThan(limits.arrayBuffers);
    expect(growth("rss")).toBeLessThan(limits.rss);
  }, 600_000);
});
