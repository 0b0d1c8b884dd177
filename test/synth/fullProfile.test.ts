import { describe, expect, it } from "vitest";
import {
  GeneralController,
  GeneratorType,
  LINK_DESTINATION,
  SoundFont,
  Synthesizer,
  modulatorSource,
  writeSoundFont,
  type Modulator,
  type SynthesizerOptions,
} from "../../lib/index.js";
import { availableBackends } from "../backends.js";
import { tinySoundFont } from "../tinySoundFont.js";

/**
 * The 'full' profile's own behaviour, where no other engine is the reference: modulator records
 * the specification does not define, linked modulators and their loops, the absolute value
 * transform, GM2 drum banks, the master volume message, quiet notes, system exclusive framing,
 * and the 'meltysynth' profile ignoring all of it.
 */

const RATE = 44100;
const base: SynthesizerOptions = { sampleRate: RATE, enableReverbAndChorus: false };
const cc = (index: number) => modulatorSource(index, { cc: true });

/** The tiny font with `modulators` on its sine instrument's region. */
function fontWith(modulators: Modulator[]): SoundFont {
  const tiny = tinySoundFont();
  const sine = tiny.instruments[0];
  const instrument = { name: sine.name, regions: [{ generators: sine.regions[0].generators, sample: sine.regions[0].sample, modulators }] };
  const kit = tiny.instruments[1];
  return new SoundFont(
    writeSoundFont({
      info: {},
      waveData: tiny.waveData,
      sampleHeaders: tiny.sampleHeaders,
      instruments: [instrument, kit],
      presets: tiny.presets.map((p) => ({
        name: p.name,
        bankNumber: p.bankNumber,
        patchNumber: p.patchNumber,
        regions: [{ generators: p.regions[0].generators, instrument: p.bankNumber === 128 ? kit : instrument }],
      })),
    }),
  );
}

function render(synth: Synthesizer, frames: number): Float32Array {
  const left = new Float32Array(frames);
  const right = new Float32Array(frames);
  synth.render(left, right);
  return left;
}

function rmsDb(x: Float32Array, from = 0): number {
  let sum = 0;
  for (let i = from; i < x.length; i++) sum += x[i] * x[i];
  return 10 * Math.log10(sum / (x.length - from));
}

/** The level of a held note after `setup`, in dB. */
function levelAfter(font: SoundFont, setup: (s: Synthesizer) => void, options: SynthesizerOptions = {}): number {
  const synth = new Synthesizer(font, { ...base, profile: "full", ...options });
  setup(synth);
  synth.noteOn(0, 69, 127);
  return rmsDb(render(synth, 8192), 2048);
}

function zeroCrossingRate(x: Float32Array): number {
  let crossings = 0;
  for (let i = 1; i < x.length; i++) if ((x[i - 1] < 0) !== (x[i] < 0)) crossings++;
  return crossings / x.length;
}

describe("the full profile's modulators", () => {
  it("leaves out modulator records the specification does not define, and says which in warnings", () => {
    const good: Modulator = { source: cc(74), destination: GeneratorType.initialFilterCutoffFrequency, amount: 1200, amountSource: 0, transform: 0 };
    const font = fontWith([
      good,
      { ...good, source: good.source | (5 << 10) }, // curve type 5
      { ...good, source: cc(6) }, // data entry: forbidden as a source
      { ...good, transform: 1 }, // no transform 1
      { ...good, destination: GeneratorType.sampleID }, // not a generator a modulator may drive
      { ...good, destination: LINK_DESTINATION | 9 }, // a link past the zone's modulators
      { ...good, amountSource: modulatorSource(GeneralController.link) }, // a link as amount source
    ]);
    expect(font.instruments[0].regions[0].modulators).toEqual([good]);
    expect(font.warnings).toHaveLength(6);
    expect(font.warnings.join("\n")).toMatch(/curve type 5/);
    expect(font.warnings.join("\n")).toMatch(/MIDI controller 6/);
    expect(font.warnings.join("\n")).toMatch(/transform 1/);
    expect(font.warnings.join("\n")).toMatch(/generator 53 cannot be modulated/);
    expect(font.warnings.join("\n")).toMatch(/links to modulator 9/);
    expect(font.warnings[0]).toMatch(/the instrument 'Sine', zone 0/);
  });

  it("feeds a linked modulator's output to the one it links to", () => {
    // CC 16 drives the link; the linked modulator turns it into attenuation.
    const font = fontWith([
      { source: cc(16), destination: LINK_DESTINATION | 1, amount: 32767, amountSource: 0, transform: 0 },
      { source: modulatorSource(GeneralController.link), destination: GeneratorType.initialAttenuation, amount: 480, amountSource: 0, transform: 0 },
    ]);
    expect(font.instruments[0].regions[0].modulators[0].destination).toBe(LINK_DESTINATION | 1);
    const open = levelAfter(font, () => {});
    const closed = levelAfter(font, (s) => s.processMidiMessage(0, 0xb0, 16, 127));
    // 480 cB at full scale: 48 dB, less the 127/128 of the source.
    expect(open - closed).toBeGreaterThan(46);
    expect(open - closed).toBeLessThan(48.5);
  });

  it("cuts a loop of linked modulators and plays on", () => {
    const font = fontWith([
      { source: modulatorSource(GeneralController.link), destination: LINK_DESTINATION | 1, amount: 1000, amountSource: 0, transform: 0 },
      { source: modulatorSource(GeneralController.link), destination: LINK_DESTINATION | 0, amount: 1000, amountSource: 0, transform: 0 },
      { source: modulatorSource(GeneralController.link), destination: GeneratorType.initialAttenuation, amount: 960, amountSource: 0, transform: 0 },
    ]);
    const level = levelAfter(font, (s) => s.processMidiMessage(0, 0xb0, 1, 100));
    expect(Number.isFinite(level)).toBe(true);
    expect(level).toBeGreaterThan(-30);
  });

  it("applies the absolute value transform: a bipolar pressure attenuates at both ends, not in the middle", () => {
    const font = fontWith([
      {
        source: modulatorSource(GeneralController.channelPressure, { bipolar: true }),
        destination: GeneratorType.initialAttenuation,
        amount: 480,
        amountSource: 0,
        transform: 2,
      },
    ]);
    const at = (pressure: number) => levelAfter(font, (s) => s.processMidiMessage(0, 0xd0, pressure, 0));
    const low = at(0);
    const middle = at(64);
    const high = at(127);
    expect(middle - low).toBeGreaterThan(45);
    expect(middle - high).toBeGreaterThan(45);
  });
});

describe("the full profile's channels and system messages", () => {
  const font = tinySoundFont();

  it("plays quiet notes MeltySynth drops, and keeps a note a controller takes to silence", () => {
    for (const profile of ["meltysynth", "full"] as const) {
      const synth = new Synthesizer(font, { ...base, profile });
      synth.noteOn(0, 69, 1);
      const quiet = rmsDb(render(synth, 4096), 1024);
      if (profile === "full") expect(quiet).toBeGreaterThan(-120);
      else expect(quiet).toBe(-Infinity);
    }
    const synth = new Synthesizer(font, { ...base, profile: "full" });
    synth.noteOn(0, 69, 100);
    render(synth, 2048);
    synth.processMidiMessage(0, 0xb0, 11, 0); // expression to 0: silent, still held
    render(synth, 4096);
    expect(synth.activeVoiceCount).toBe(1);
    synth.processMidiMessage(0, 0xb0, 11, 127);
    expect(rmsDb(render(synth, 4096), 1024)).toBeGreaterThan(-40);
  });

  it("makes bank 120 a drum bank after GM2 on, and bank select does nothing after GM on", () => {
    const play = (messages: number[][], sysex?: number[]): number => {
      const synth = new Synthesizer(font, { ...base, profile: "full" });
      if (sysex) synth.processSysEx(Uint8Array.from(sysex));
      for (const [status, d1, d2] of messages) synth.processMidiMessage(status & 0x0f, status & 0xf0, d1, d2);
      synth.noteOn(0, 60, 100);
      return zeroCrossingRate(render(synth, 4096));
    };
    const sine = play([]);
    const gm2Drums = play([[0xb0, 0, 120], [0xc0, 0, 0]], [0xf0, 0x7e, 0x7f, 0x09, 0x03, 0xf7]);
    const gmIgnores = play([[0xb0, 0, 120], [0xc0, 0, 0]], [0xf0, 0x7e, 0x7f, 0x09, 0x01, 0xf7]);
    expect(sine).toBeLessThan(0.02);
    expect(gm2Drums).toBeGreaterThan(0.2);
    expect(gmIgnores).toBeLessThan(0.02);
  });

  it("scales the output by the universal master volume message, and a reset undoes it", () => {
    const level = (sysex: number[][]): number => {
      const synth = new Synthesizer(font, { ...base, profile: "full" });
      for (const message of sysex) synth.processSysEx(Uint8Array.from(message));
      synth.noteOn(0, 69, 100);
      return rmsDb(render(synth, 4096), 1024);
    };
    const full = level([]);
    const half = level([[0xf0, 0x7f, 0x7f, 0x04, 0x01, 0x7f, 0x3f, 0xf7]]); // 8191 / 16383
    const reset = level([[0xf0, 0x7f, 0x7f, 0x04, 0x01, 0x7f, 0x3f, 0xf7], [0xf0, 0x7e, 0x7f, 0x09, 0x01, 0xf7]]);
    expect(full - half).toBeCloseTo(6.02, 1);
    expect(reset).toBeCloseTo(full, 6);
  });

  it("refuses system exclusive data that is not a framed message, naming the problem", () => {
    const synth = new Synthesizer(font, { ...base, profile: "full" });
    expect(() => synth.processSysEx([0xf0, 0xf7] as unknown as Uint8Array)).toThrow(TypeError);
    expect(() => synth.processSysEx(Uint8Array.of(0x7e, 0x7f, 0xf7))).toThrow(/start with F0 and end with F7/);
    expect(() => synth.processSysEx(Uint8Array.of(0xf0, 0x7e, 0x90, 0xf7))).toThrow(/byte 2 is 90/);
    expect(() => synth.processSysEx(Uint8Array.of(0xf0, 0x43, 0x10, 0x4c, 0x00, 0x00, 0x7e))).toThrow(RangeError); // unterminated
    expect(() => synth.processSysEx(Uint8Array.of(0xf0, 0xf7))).not.toThrow(); // empty but framed: ignored
  });

  it("refuses an unknown profile, naming the two there are", () => {
    expect(() => new Synthesizer(font, { profile: "gs" as never })).toThrow(/profile must be one of meltysynth, full/);
  });

  it.each(availableBackends())("leaves the 'meltysynth' profile's output untouched by everything the full profile adds (%s)", (backend) => {
    const play = (extras: boolean): Float32Array => {
      const synth = new Synthesizer(font, { ...base, backend });
      if (extras) {
        synth.processSysEx(Uint8Array.of(0xf0, 0x41, 0x10, 0x42, 0x12, 0x40, 0x11, 0x15, 0x01, 0x19, 0xf7));
        synth.processSysEx(Uint8Array.of(0xf0, 0x7f, 0x7f, 0x04, 0x01, 0x00, 0x10, 0xf7));
      }
      synth.noteOn(0, 69, 100);
      if (extras) {
        synth.processMidiMessage(0, 0xd0, 100, 0);
        synth.processMidiMessage(0, 0xa0, 69, 100);
        synth.processMidiMessage(0, 0xb0, 66, 127);
        synth.processMidiMessage(0, 0xb0, 65, 127);
        synth.processMidiMessage(0, 0xb0, 32, 5);
      }
      synth.noteOn(0, 72, 90);
      return render(synth, 8192);
    };
    expect(play(true)).toEqual(play(false));
  });
});
