// DLS banks built byte by byte: each chunk kind read into the SoundFont model, and each
// malformed chunk refused with a SoundFontError that names it and its byte offset.
import { describe, expect, it } from "vitest";
import { GeneratorType as G, SoundFont, SoundFontError, type InstrumentRegion } from "../../lib/index.js";
import { art, ascii, chunk, dlsBank, fmt, info, instrument, insh, le16, le32, list, region, rgnh, wave16, wlnk, wsmp } from "./dlsBuilder.js";

const only = (font: SoundFont): InstrumentRegion => font.instruments[0].regions[0];

/** Where a chunk id (or a LIST's type, which sits 8 bytes after the LIST's header) first occurs. */
function offsetOf(bytes: Uint8Array, id: string): number {
  const pattern = ascii(id);
  for (let i = 0; i + 4 <= bytes.length; i++) if (pattern.every((b, k) => bytes[i + k] === b)) return i;
  throw new Error(`no ${id}`);
}

function refusal(bytes: Uint8Array): SoundFontError {
  try {
    new SoundFont(bytes);
  } catch (error) {
    expect(error).toBeInstanceOf(SoundFontError);
    return error as SoundFontError;
  }
  throw new Error("the bank was read");
}

describe("DLS banks", () => {
  it("read as one preset and instrument per DLS instrument, one sample per wave, with its loop, root key and tuning", () => {
    const font = new SoundFont(dlsBank([instrument({ name: "Lead", program: 80, bank: 3 << 8 })]));
    expect(font.presets.map((p) => [p.bankNumber, p.patchNumber, p.name])).toEqual([[3, 80, "Lead"]]);
    expect(font.info.bankName).toBe("Test bank");
    const r = only(font);
    expect(r.sample.name).toBe("Saw");
    expect(r.sample.sampleRate).toBe(22050);
    expect(r.sample.end - r.sample.start).toBe(400);
    expect([r.sampleStartLoop - r.sample.start, r.sampleEndLoop - r.sample.start]).toEqual([8, 392]);
    expect(font.waveData[r.sample.start + 1]).toBe(-24000);
    expect(r.generators[G.sampleModes]).toBe(1);
    expect(r.generators[G.overridingRootKey]).toBe(60);
  });

  it("let a region's wsmp override its wave's: root key, tuning split into semitones and cents, gain, a loop that stops at release", () => {
    const own = wsmp(72, -250, -60, { start: 100, length: 200, type: 1 });
    const r = only(new SoundFont(dlsBank([instrument({ regions: [region({ extra: [own] })] })])));
    expect(r.generators[G.overridingRootKey]).toBe(72);
    expect([r.generators[G.coarseTune], r.generators[G.fineTune]]).toEqual([-2, -50]);
    // 6 dB of DLS gain is 60 cB; the engine reads SoundFont attenuation at 40 %, so 150.
    expect(r.generators[G.initialAttenuation]).toBe(150);
    expect(r.generators[G.sampleModes]).toBe(3);
    expect([r.sampleStartLoop - r.sample.start, r.sampleEndLoop - r.sample.start]).toEqual([100, 300]);
  });

  it("read 8-bit unsigned PCM and A-law waves as 16-bit samples", () => {
    const pcm8 = list("wave", fmt(8), chunk("data", [0x80, 0xff, 0x00, 0x81]));
    const aLaw = list("wave", fmt(8, 8000, 6), chunk("data", [0xd5, 0x55, 0xaa, 0x2a]));
    const font = new SoundFont(dlsBank([instrument({ regions: [region({ tableIndex: 0 }), region({ tableIndex: 1 })] })], [pcm8, aLaw]));
    const [a, b] = font.instruments[0].regions.map((r) => [...font.waveData.subarray(r.sample.start, r.sample.end)]);
    expect(a).toEqual([0, 127 << 8, -128 << 8, 1 << 8]);
    expect(b).toEqual([8, -8, 32256, -32256]);
    expect(font.instruments[0].regions[1].sample.sampleRate).toBe(8000);
  });

  it("put drum kits (F_INSTRUMENT_DRUMS) in bank 128 and melodic instruments in their bank select MSB", () => {
    const font = new SoundFont(dlsBank([instrument({ bank: 0x80000000, program: 16 }), instrument({ bank: (8 << 8) | 1, program: 4 })]));
    expect(font.presets.map((p) => `${p.bankNumber}:${p.patchNumber}`)).toEqual(["128:16", "8:4"]);
  });

  it("link regions to waves through the pool table, keep key ranges and key groups, and read DLS 1's velocity range 0-0 as all velocities", () => {
    const waves = [wave16(100), wave16(300)];
    const font = new SoundFont(dlsBank([instrument({ regions: [region({ keys: [0, 59], velocities: [0, 0], keyGroup: 3, tableIndex: 1 })] })], waves));
    const r = only(font);
    expect(r.sample.end - r.sample.start).toBe(300);
    expect([r.keyRangeStart, r.keyRangeEnd, r.velocityRangeStart, r.velocityRangeEnd]).toEqual([0, 59, 0, 127]);
    expect(r.generators[G.exclusiveClass]).toBe(3);
  });

  it("map static connection blocks to generators: envelopes in timecents, sustain, gain, pitch, pan, filter, LFOs, key scaling", () => {
    const blocks = art("art2", [
      { destination: 0x0206, scale: -1200 }, // EG1 attack: 0.5 s
      { destination: 0x020a, scale: 600 }, // EG1 sustain 60 %: 400 in SoundFont's tenths (spessasynth_core's rule)
      { destination: 0x030e, scale: 250 }, // EG2 sustain 25 %
      { destination: 0x0209, scale: 1200 }, // EG1 release: 2 s
      { destination: 0x0001, scale: -20 }, // gain -2 dB
      { destination: 0x0003, scale: 130 }, // pitch +130 cents
      { destination: 0x0004, scale: -250 }, // pan
      { destination: 0x0500, scale: 6000 }, // filter cutoff
      { destination: 0x0501, scale: 60 }, // filter Q
      { source: 0x0009, destination: 0x0003, transform: 0x4000, scale: 30 }, // vibrato LFO to pitch
      { source: 0x0005, destination: 0x0500, scale: 2400 }, // EG2 to cutoff
      { destination: 0x0207, scale: -1200 }, // EG1 decay
      { source: 0x0003, destination: 0x0207, scale: -1280 }, // key number to EG1 decay
      { source: 0x0003, destination: 0x0003, scale: 6400 }, // key number to pitch: half a semitone a key
    ]);
    const r = only(new SoundFont(dlsBank([instrument({ extra: [list("lar2", blocks)] })])));
    const g = r.generators;
    expect(g[G.attackVolumeEnvelope]).toBe(-1200);
    expect(g[G.sustainVolumeEnvelope]).toBe(400);
    expect(g[G.sustainModulationEnvelope]).toBe(750);
    expect(g[G.releaseVolumeEnvelope]).toBe(1200);
    expect(g[G.initialAttenuation]).toBe(50);
    expect([g[G.coarseTune], g[G.fineTune]]).toEqual([1, 30]);
    expect(g[G.pan]).toBe(-250);
    expect([g[G.initialFilterCutoffFrequency], g[G.initialFilterQ]]).toEqual([6000, 60]);
    expect(g[G.vibratoLfoToPitch]).toBe(30);
    expect(g[G.modulationEnvelopeToFilterCutoffFrequency]).toBe(2400);
    // -1280 over the 128 keys is 10 timecents a key; SoundFont counts from key 60.
    expect([g[G.keyNumberToVolumeEnvelopeDecay], g[G.decayVolumeEnvelope]]).toEqual([10, -1800]);
    expect(g[G.scaleTuning]).toBe(50);
    // FluidSynth's DLS defaults for both LFOs: 5 Hz after 10 ms.
    expect([g[G.frequencyModulationLfo], g[G.delayModulationLfo], g[G.frequencyVibratoLfo], g[G.delayVibratoLfo]]).toEqual([-851, -7973, -851, -7973]);
    expect(r.modulators).toEqual([]);
  });

  it("map controlled connection blocks to modulators, and a region's articulation replaces its instrument's", () => {
    const modulated = art("art2", [
      { source: 0x0001, control: 0x0081, destination: 0x0003, transform: 0x4000, scale: 50 }, // mod wheel scales LFO to pitch
      { source: 0x0002, destination: 0x0001, transform: 0x0400, scale: -960 }, // velocity to gain, concave, not inverted
      { source: 0x0087, destination: 0x0004, transform: 0x4000, scale: 100 }, // CC 7 to pan (bipolar)
      { source: 0x0002, destination: 0x0207, scale: -1200 }, // velocity to EG1 decay
      { source: 0x0004, destination: 0x0003, scale: 100 }, // EG1 as a source: no SoundFont counterpart
      { source: 0x0002, destination: 0x0002, scale: 100 }, // a reserved destination
    ]);
    const regionArt = list("lar2", art("art2", [{ destination: 0x0206, scale: 600 }]));
    const font = new SoundFont(
      dlsBank([instrument({ regions: [region(), region({ keys: [60, 127], extra: [regionArt] })], extra: [list("lar2", modulated)] })]),
    );
    const [inherits, own] = font.instruments[0].regions;
    expect(inherits.modulators).toEqual([
      // The LFO is the generator; the mod wheel, unipolar, becomes the source.
      { source: 0x81, destination: G.modulationLfoToPitch, amount: 50, amountSource: 0, transform: 0 },
      { source: 2 | 0x100 | 0x400, destination: G.initialAttenuation, amount: 960, amountSource: 0, transform: 0 },
      { source: 0x87 | 0x200, destination: G.pan, amount: 100, amountSource: 0, transform: 0 },
      { source: 2, destination: G.decayVolumeEnvelope, amount: -1200, amountSource: 0, transform: 0 },
    ]);
    expect(own.modulators).toEqual([]);
    expect(own.generators[G.attackVolumeEnvelope]).toBe(600);
    expect(inherits.generators[G.attackVolumeEnvelope]).toBe(-12000);
  });

  it("read DLS 1's art1, whose one transform applies to the source", () => {
    const blocks = list("lart", art("art1", [{ source: 0x0002, destination: 0x0001, transform: 1, scale: -960 }]));
    const r = only(new SoundFont(dlsBank([instrument({ extra: [blocks] })])));
    expect(r.modulators).toEqual([{ source: 2 | 0x100 | 0x400, destination: G.initialAttenuation, amount: 960, amountSource: 0, transform: 0 }]);
  });

  it("skip chunks it does not use: vers, dlid, cdl, unknown ones", () => {
    const bytes = dlsBank([instrument({ extra: [chunk("dlid", new Array(16).fill(1)), chunk("cdl ", [1, 0, 0, 0])] })]);
    const extra = [...chunk("vers", le32(1).concat(le32(0))), ...chunk("zzzz", [1, 2, 3])];
    const withMore = Uint8Array.from([...bytes.subarray(0, 12), ...extra, ...bytes.subarray(12)]);
    new DataView(withMore.buffer).setUint32(4, withMore.length - 8, true);
    expect(new SoundFont(withMore).presets).toHaveLength(1);
  });

  const wave = (...parts: number[][]): number[] => list("wave", ...parts);
  const refusals: [string, () => Uint8Array, string, RegExp][] = [
    ["a RIFF size past the end", () => {
      const bytes = dlsBank();
      new DataView(bytes.buffer).setUint32(4, bytes.length, true);
      return bytes;
    }, "RIFF", /the RIFF chunk at byte 0 has length \d+, but only \d+ bytes remain in the file/],
    ["a bank cut short inside its wave pool", () => {
      const bytes = dlsBank();
      return bytes.subarray(0, offsetOf(bytes, "data") + 20);
    }, "wvpl", /the LIST wvpl chunk at byte \d+ has length \d+, but only \d+ bytes remain in the file/],
    ["no lins list", () => Uint8Array.from(chunk("RIFF", [...ascii("DLS "), ...chunk("colh", le32(0))])), "lins", /has no LIST lins chunk/],
    ["a short insh", () => dlsBank([list("ins ", chunk("insh", le32(1)), list("lrgn"))]), "insh", /the insh chunk at byte \d+ has length 4, not 12/],
    ["an instrument without insh", () => dlsBank([list("ins ", list("lrgn"))]), "ins ", /the LIST ins  chunk at byte \d+ has no insh chunk/],
    ["a region without wlnk", () => dlsBank([instrument({ regions: [list("rgn ", rgnh([0, 127], [0, 127]))] })]), "rgn ", /has no wlnk chunk/],
    ["a short rgnh", () => dlsBank([instrument({ regions: [list("rgn ", chunk("rgnh", le16(0)), wlnk(0))] })]), "rgnh", /the rgnh chunk at byte \d+ has length 2, but needs at least 12/],
    ["a wlnk past the pool table", () => dlsBank([instrument({ regions: [region({ tableIndex: 5 })] })]), "wlnk", /links to pool cue 5, but the ptbl chunk has 1/],
    ["a stereo wave", () => dlsBank(undefined, [wave(fmt(16, 22050, 1, 2), chunk("data", [0, 0, 0, 0]))]), "fmt ", /the fmt  chunk at byte \d+ has 2 channels/],
    ["a float wave", () => dlsBank(undefined, [wave(fmt(32, 22050, 3), chunk("data", [0, 0, 0, 0]))]), "fmt ", /has format tag 3; only PCM \(1\) and A-law \(6\)/],
    ["24-bit PCM", () => dlsBank(undefined, [wave(fmt(24), chunk("data", [0, 0, 0]))]), "fmt ", /has 24 bits per sample/],
    ["a sample rate of 0", () => dlsBank(undefined, [wave(fmt(16, 0), chunk("data", [0, 0]))]), "fmt ", /has a sample rate of 0/],
    ["data before fmt", () => dlsBank(undefined, [wave(chunk("data", [0, 0]), fmt(16))]), "data", /comes before the wave's fmt chunk/],
    ["16-bit data of odd length", () => dlsBank(undefined, [wave(fmt(16), chunk("data", [0, 0, 0]))]), "data", /has length 3, not a whole number of 16-bit samples/],
    ["a wave without data", () => dlsBank(undefined, [wave(fmt(16), info("x"))]), "wave", /\(wave 0 of the pool\) has no data chunk/],
    ["a wsmp header larger than the chunk", () => dlsBank(undefined, [wave16(10, chunk("wsmp", [...le32(40), ...new Array(16).fill(0)]))]), "wsmp", /has a header size of 40, not between 20 and its length 20/],
    ["a wsmp whose loop is cut off", () => dlsBank(undefined, [wave16(10, chunk("wsmp", [...le32(20), ...new Array(12).fill(0), ...le32(1), ...le32(16)]))]), "wsmp", /declares 1 loops, but has 4 bytes after its header/],
    ["an art2 with more blocks than bytes", () => dlsBank([instrument({ extra: [list("lar2", chunk("art2", [...le32(8), ...le32(3), ...new Array(12).fill(0)]))] })]), "art2", /declares 3 connection blocks, but its 12 bytes after the header hold 1/],
    ["a ptbl with more cues than bytes", () => {
      const bytes = dlsBank();
      const at = offsetOf(bytes, "ptbl");
      new DataView(bytes.buffer).setUint32(at + 12, 1000, true);
      return bytes;
    }, "ptbl", /declares 1000 cues, but its 4 bytes after the header hold 1/],
    ["a chunk longer than its list", () => {
      const bytes = dlsBank();
      new DataView(bytes.buffer).setUint32(offsetOf(bytes, "insh") + 4, 5000, true);
      return bytes;
    }, "insh", /the insh chunk at byte \d+ has length 5000, but only \d+ bytes remain in the/],
    ["a LIST too short for its type", () => dlsBank([instrument({ extra: [chunk("LIST", [1, 2])] })]), "LIST", /has length 2, too short for its list type/],
  ];

  it.each(refusals)("refuse %s with the chunk and its byte offset", (_, make, id, message) => {
    const bytes = make();
    const error = refusal(bytes);
    expect(error.message).toMatch(message);
    expect(error.message).toMatch(/^Invalid (DLS bank|SoundFont): /);
    if (id === "RIFF") expect(error.offset).toBe(0);
    else if (id === "lins") expect(error.chunk).toBe("LIST lins");
    else if (id === "wvpl") expect(error.offset).toBe(offsetOf(bytes, "wvpl") - 8);
    else if (id === "LIST") expect(error.message).toContain(`at byte ${error.offset}`);
    else {
      const at = id === "ins " || id === "rgn " || id === "wave" ? offsetOf(bytes, id) - 8 : offsetOf(bytes, id);
      expect(error.offset).toBe(at);
      expect(error.message).toContain(`at byte ${at}`);
    }
  });

  it("accept top-level chunks in any order, and an insh whose region count does not match", () => {
    const bytes = Uint8Array.from(
      chunk("RIFF", [...ascii("DLS "), ...info("First"), ...list("wvpl", wave16(50)), ...list("lins", list("ins ", insh(9, 0, 1), list("lrgn", region()))), ...chunk("colh", le32(1))]),
    );
    const font = new SoundFont(bytes);
    expect(font.presets.map((p) => p.patchNumber)).toEqual([1]);
    expect(font.info.bankName).toBe("First");
  });
});
