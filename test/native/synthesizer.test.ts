// End to end: a whole song through the Synthesizer and the MIDI sequencer gives the same bits
// with the native and the wasm block renderers as with the JavaScript one.
import { existsSync, readFileSync } from "node:fs";
import { beforeAll, describe, expect, it } from "vitest";
import { builtinSoundFont } from "../../lib/builtin/builtinSoundFont.js";
import { generateDemoSong } from "../../lib/builtin/generateDemoSong.js";
import type { Backend } from "../../lib/kernels/BlockRenderer.js";
import { registerNativeAddon } from "../../lib/kernels/nativeBackend.js";
import { MidiFile, MidiFileSequencer } from "../../lib/midi/index.js";
import { SoundFont } from "../../lib/soundfont/index.js";
import { Synthesizer } from "../../lib/synth/Synthesizer.js";
import { fixture } from "../fixtures.js";
import { registerTestModule } from "../wasm/fixtures.js";
import { loadTestAddon } from "./fixtures.js";

const { addon, reason } = loadTestAddon();
// The wasm module ships compiled: it is always there to compare.
const compiled: Backend[] = addon === null ? ["wasm"] : ["native", "wasm"];

/** Bit for bit. */
function sameBits(a: Float32Array, b: Float32Array): boolean {
  return Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(Buffer.from(b.buffer, b.byteOffset, b.byteLength));
}
const timGm = fixture("soundfonts", "TimGM6mb.sf2");
const slowNeasy = fixture("midi", "slow_neasy_redfarn.mid");

function render(font: SoundFont, song: Uint8Array, backend: Backend, blockSize: number, seconds: number): Float32Array[] {
  const synthesizer = new Synthesizer(font, { sampleRate: 44100, blockSize, enableReverbAndChorus: true, backend });
  expect(synthesizer.backend).toBe(backend);
  const sequencer = new MidiFileSequencer(synthesizer);
  sequencer.play(new MidiFile(song), false);
  const frames = Math.round(seconds * 44100);
  const left = new Float32Array(frames);
  const right = new Float32Array(frames);
  for (let t = 0; t < frames; t += 4096) {
    const end = Math.min(frames, t + 4096);
    sequencer.render(left.subarray(t, end), right.subarray(t, end));
  }
  return [left, right];
}

describe.each(compiled)(`Synthesizer with the %s backend ${reason}`, (backend) => {
  beforeAll(() => {
    if (addon !== null) registerNativeAddon(addon);
    registerTestModule();
  });

  for (const [blockSize, seconds] of [
    [64, 4],
    [100, 2],
  ]) {
    it(`renders the demo song with JavaScript's bits (block ${blockSize})`, () => {
      const song = generateDemoSong();
      const js = render(builtinSoundFont(), song, "js", blockSize, seconds);
      const other = render(builtinSoundFont(), song, backend, blockSize, seconds);
      expect(js[0].some((x) => x !== 0)).toBe(true);
      expect(sameBits(other[0], js[0])).toBe(true);
      expect(sameBits(other[1], js[1])).toBe(true);
    });
  }

  it.skipIf(!existsSync(timGm) || !existsSync(slowNeasy))("renders slow_neasy on TimGM6mb with JavaScript's bits", () => {
    const font = new SoundFont(readFileSync(timGm));
    const song = readFileSync(slowNeasy);
    const js = render(font, song, "js", 64, 5);
    const other = render(font, song, backend, 64, 5);
    expect(sameBits(other[0], js[0])).toBe(true);
    expect(sameBits(other[1], js[1])).toBe(true);
  });
});
