import { Readable } from "node:stream";
import { describe, expect, it } from "vitest";
import {
  builtinSoundFont,
  generateDemoSong,
  MidiFile,
  MidiFileSequencer,
  RenderStream,
  Synthesizer,
  SynthesizerDisposedError,
} from "../../lib/io/index.js";
import { availableBackends } from "../backends.js";

const font = builtinSoundFont();

describe.each(availableBackends())("dispose() on the %s backend", (backend) => {
  it("makes every method throw SynthesizerDisposedError, and may be called again", () => {
    const synthesizer = new Synthesizer(font, { backend });
    synthesizer.noteOn(0, 60, 100);
    synthesizer.render(new Float32Array(128), new Float32Array(128));
    synthesizer.dispose();
    synthesizer.dispose();
    expect(synthesizer.isDisposed).toBe(true);
    const left = new Float32Array(64);
    const calls: [string, () => void][] = [
      ["render", () => synthesizer.render(left, left)],
      ["renderFrames", () => synthesizer.renderFrames(left, left, 0, 64)],
      ["renderInterleaved", () => synthesizer.renderInterleaved(new Float32Array(128))],
      ["noteOn", () => synthesizer.noteOn(0, 60, 100)],
      ["noteOff", () => synthesizer.noteOff(0, 60)],
      ["noteOffAll", () => synthesizer.noteOffAll()],
      ["processMidiMessage", () => synthesizer.processMidiMessage(0, 0xb0, 7, 100)],
      ["processSysEx", () => synthesizer.processSysEx(Uint8Array.of(0xf0, 0x7e, 0x7f, 0x09, 0x01, 0xf7))],
      ["resetAllControllers", () => synthesizer.resetAllControllers()],
      ["reset", () => synthesizer.reset()],
      ["masterVolume", () => (synthesizer.masterVolume = 0.3)],
    ];
    for (const [name, call] of calls) {
      expect(call, name).toThrow(SynthesizerDisposedError);
      expect(call, name).toThrow(/has been disposed/);
    }
    // What only reads stays readable.
    expect(synthesizer.backend).toBe(backend);
  });

  it("is what a `using` declaration calls at the end of its block", () => {
    let kept: Synthesizer;
    {
      using synthesizer = new Synthesizer(font, { backend });
      synthesizer.noteOn(0, 60, 100);
      kept = synthesizer;
      expect(kept.isDisposed).toBe(false);
    }
    expect(kept.isDisposed).toBe(true);
  });

  it("stops a sequencer over it with the same error", () => {
    const synthesizer = new Synthesizer(font, { backend });
    const sequencer = new MidiFileSequencer(synthesizer);
    sequencer.play(new MidiFile(generateDemoSong()), false);
    sequencer.render(new Float32Array(256), new Float32Array(256));
    synthesizer.dispose();
    expect(() => sequencer.render(new Float32Array(256), new Float32Array(256))).toThrow(SynthesizerDisposedError);
  });

  it("is done by a RenderStream when it ends and when it is destroyed early", async () => {
    const synthesizerOf = (stream: RenderStream): Synthesizer =>
      (stream as unknown as { render: { sequencer: { synthesizer: Synthesizer } } }).render.sequencer.synthesizer;
    const song = new MidiFile(generateDemoSong());
    const whole = new RenderStream(song, font, { backend, end: 1, tail: 0.2 });
    for await (const _ of whole as Readable) void _;
    expect(synthesizerOf(whole).isDisposed).toBe(true);

    const early = new RenderStream(song, font, { backend });
    for await (const _ of early as Readable) break;
    expect(synthesizerOf(early).isDisposed).toBe(true);
  });
});

describe.skipIf(!availableBackends().includes("native"))("the native renderer's hold on its buffers", () => {
  function renderer() {
    const synthesizer = new Synthesizer(font, { backend: "native" });
    const context = (synthesizer as unknown as { renderer: { handle: object } }).renderer;
    return { synthesizer, handle: context.handle as { render(a: number, f: number): number; dispose(): void } };
  }

  it("keeps them on its own object, where JavaScript can neither remove nor replace them", () => {
    const { handle } = renderer();
    const symbols = Object.getOwnPropertySymbols(handle);
    expect(symbols).toHaveLength(1);
    const held = (handle as Record<symbol, unknown>)[symbols[0]] as unknown[];
    expect(Object.isFrozen(held)).toBe(true);
    expect(held.some((value) => value instanceof ArrayBuffer)).toBe(true); // its working memory
    expect(() => delete (handle as Record<symbol, unknown>)[symbols[0]]).toThrow(TypeError);
    expect(() => ((handle as Record<symbol, unknown>)[symbols[0]] = [])).toThrow(TypeError);
    expect(() => (held[0] = null)).toThrow(TypeError);
  });

  it("throws a TypeError naming dispose when a disposed renderer is called", () => {
    const { handle } = renderer();
    expect(handle.render(0, 64)).toBe(0);
    handle.dispose();
    handle.dispose();
    expect(() => handle.render(0, 64)).toThrow(/has been disposed/);
  });
});
