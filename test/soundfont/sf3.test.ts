import { describe, expect, it } from "vitest";
// The Node entry: it gives `new SoundFont()` the synchronous Vorbis decoder.
import {
  MidiFile,
  MidiFileSequencer,
  SampleType,
  SoundFont,
  SoundFontError,
  Synthesizer,
  writeSoundFont,
  type SampleHeader,
} from "../../lib/io/index.js";
import { oggPackets } from "../../lib/soundfont/OggStream.js";
import { VorbisDecoder, vorbisModuleSync } from "../../lib/soundfont/VorbisDecoder.js";
import { availableBackends } from "../backends.js";
import { compare, hasFixtures, readFixture } from "../fixtures.js";
import { timGM6mbBytes } from "./fixtures.js";
import { haveSf3Fixture, Sf3Edit, timGM6mbSf3Bytes } from "./sf3Fixtures.js";

const present = hasFixtures && haveSf3Fixture("the SF3 tests");
const backends = availableBackends();
const backend = backends.at(-1)!;

/** The sample that preset 0:0 plays for key 60 at velocity 100. */
function pianoSample(font: SoundFont): SampleHeader {
  const preset = font.presets.find((p) => p.bankNumber === 0 && p.patchNumber === 0)!;
  for (const presetRegion of preset.regions) {
    if (!presetRegion.contains(60, 100)) continue;
    for (const region of presetRegion.instrument.regions) if (region.contains(60, 100)) return region.sample;
  }
  throw new Error("no piano sample");
}

function renderSong(font: SoundFont, song: string, seconds?: number, effects = false): Float32Array {
  return play(new Synthesizer(font, { sampleRate: 44100, enableReverbAndChorus: effects, backend }), song, seconds);
}

function play(synthesizer: Synthesizer, song: string, seconds?: number): Float32Array {
  const midi = new MidiFile(readFixture("midi", song));
  const frames = Math.ceil((seconds ?? midi.length + 2) * 44100);
  const sequencer = new MidiFileSequencer(synthesizer);
  sequencer.play(midi, false);
  const out = new Float32Array(2 * frames);
  sequencer.renderInterleaved(out);
  return out;
}

function renderNote(font: SoundFont): Float32Array {
  const synthesizer = new Synthesizer(font, { sampleRate: 44100, backend });
  synthesizer.noteOn(0, 60, 100);
  const left = new Float32Array(4410);
  const right = new Float32Array(4410);
  synthesizer.render(left, right);
  return left;
}

const peak = (samples: Float32Array): number => samples.reduce((max, x) => Math.max(max, Math.abs(x)), 0);

describe.skipIf(!present)("SF3 (TimGM6mb.sf3)", () => {
  it("reads into the model of TimGM6mb.sf2, except sample data and sample type", () => {
    const sf2 = new SoundFont(timGM6mbBytes());
    const sf3 = new SoundFont(timGM6mbSf3Bytes());
    expect(sf3.compressed).toBe(true);
    expect(sf2.compressed).toBe(false);
    expect({ ...sf3.info, version: undefined }).toEqual({ ...sf2.info, version: undefined });
    expect(sf3.info.version.major).toBe(3);

    // Sample positions differ (each decoded sample has its own place); lengths and loops do not.
    const relative = (h: SampleHeader) => ({
      name: h.name,
      length: h.end - h.start,
      startLoop: h.startLoop - h.start,
      endLoop: h.endLoop - h.start,
      sampleRate: h.sampleRate,
      originalPitch: h.originalPitch,
      pitchCorrection: h.pitchCorrection,
      link: h.link,
    });
    expect(sf3.sampleHeaders.map(relative)).toEqual(sf2.sampleHeaders.map(relative));
    for (let i = 0; i < sf2.sampleHeaders.length; i++) {
      expect(sf3.sampleHeaders[i].type).toBe(sf2.sampleHeaders[i].type | SampleType.compressed);
    }

    const instruments = (font: SoundFont) =>
      font.instruments.map((instrument) => ({
        name: instrument.name,
        regions: instrument.regions.map((r) => ({ generators: [...r.generators], sample: font.sampleHeaders.indexOf(r.sample) })),
      }));
    expect(instruments(sf3)).toEqual(instruments(sf2));
    const presets = (font: SoundFont) =>
      font.presets.map((preset) => ({
        name: preset.name,
        bank: preset.bankNumber,
        patch: preset.patchNumber,
        regions: preset.regions.map((r) => ({ generators: [...r.generators], instrument: font.instruments.indexOf(r.instrument) })),
      }));
    expect(presets(sf3)).toEqual(presets(sf2));
  });

  it("sizes waveData at load and decodes nothing until a note needs it", () => {
    const font = new SoundFont(timGM6mbSf3Bytes());
    const last = font.sampleHeaders.at(-1)!;
    expect(font.waveData.length).toBe(last.end + 46);
    expect(font.decodedSampleCount).toBe(0);
    const sample = pianoSample(font);
    expect(font.waveData.subarray(sample.start, sample.end).every((x) => x === 0)).toBe(true);

    expect(peak(renderNote(font))).toBeGreaterThan(0.01);
    expect(font.decodedSampleCount).toBeGreaterThan(0);
    expect(font.decodedSampleCount).toBeLessThan(5);
    expect(font.waveData.subarray(sample.start, sample.end).some((x) => x !== 0)).toBe(true);
  });

  it("keeps the decoder's WebAssembly instance only while some sample is still to decode", () => {
    const decoderOf = (font: SoundFont) =>
      (font as unknown as { compressedSamples: { decoder: { used: unknown } } }).compressedSamples.decoder;
    const lazy = new SoundFont(timGM6mbSf3Bytes());
    renderNote(lazy);
    expect(decoderOf(lazy).used).toBeDefined();
    lazy.decodeAll();
    expect(decoderOf(lazy).used).toBeUndefined();
    expect(decoderOf(new SoundFont(timGM6mbSf3Bytes(), { decodeAll: true })).used).toBeUndefined();
  });

  it("gives the same bits decoding lazily as decoding all at load", () => {
    const eager = new SoundFont(timGM6mbSf3Bytes(), { decodeAll: true });
    expect(eager.decodedSampleCount).toBe(eager.sampleHeaders.length);
    const lazy = new SoundFont(timGM6mbSf3Bytes());
    const a = renderSong(eager, "5432gone_redfarn.mid", 15);
    const b = renderSong(lazy, "5432gone_redfarn.mid", 15);
    expect(Buffer.from(b.buffer).equals(Buffer.from(a.buffer))).toBe(true);
    expect(lazy.decodedSampleCount).toBeLessThan(lazy.sampleHeaders.length);
    lazy.decodeAll();
    expect(Buffer.from(lazy.waveData.buffer, lazy.waveData.byteOffset, lazy.waveData.byteLength).equals(
      Buffer.from(eager.waveData.buffer, eager.waveData.byteOffset, eager.waveData.byteLength),
    )).toBe(true);
  });

  // The wasm renderer reads a copy of the samples, brought up to date at each note-on.
  it.skipIf(backends.length === 1).each(backends.filter((b) => b !== "js"))(
    "renders JavaScript's bits on the %s backend, whenever and by whichever synthesizer its samples were decoded",
    (other) => {
      const bytes = timGM6mbSf3Bytes();
      const settings = { sampleRate: 44100, enableReverbAndChorus: false };
      const reference = play(new Synthesizer(new SoundFont(bytes), { ...settings, backend: "js" }), "5432gone_redfarn.mid", 10);
      expect(peak(reference)).toBeGreaterThan(0.01);
      const same = (out: Float32Array): boolean => Buffer.from(out.buffer).equals(Buffer.from(reference.buffer));
      // Decoded as its notes start.
      expect(same(play(new Synthesizer(new SoundFont(bytes), { ...settings, backend: other }), "5432gone_redfarn.mid", 10))).toBe(true);
      // Decoded by another synthesizer on the same font, after this one was made.
      const shared = new SoundFont(bytes);
      const late = new Synthesizer(shared, { ...settings, backend: other });
      play(new Synthesizer(shared, { ...settings, backend: "js" }), "5432gone_redfarn.mid", 10);
      expect(same(play(late, "5432gone_redfarn.mid", 10))).toBe(true);
      // Decoded at load.
      expect(same(play(new Synthesizer(new SoundFont(bytes, { decodeAll: true }), { ...settings, backend: other }), "5432gone_redfarn.mid", 10))).toBe(true);
    },
  );

  it("decodes in a reused WebAssembly instance the bits a fresh instance per stream gives", () => {
    const edit = new Sf3Edit();
    const reused = new VorbisDecoder(() => vorbisModuleSync()!);
    const fresh = new VorbisDecoder(() => vorbisModuleSync()!, 1);
    const font = new SoundFont(timGM6mbSf3Bytes());
    for (let sample = 0; sample < font.sampleHeaders.length; sample++) {
      const { packets } = oggPackets(edit.stream(sample));
      const decode = (decoder: VorbisDecoder): Float32Array => {
        const out = new Float32Array(2 * (font.sampleHeaders[sample].end - font.sampleHeaders[sample].start) + 16384);
        const frames = decoder.decode(packets, (pcm, first) => out.set(pcm, first));
        return out.subarray(0, frames);
      };
      expect(Buffer.from(decode(reused).buffer).equals(Buffer.from(decode(fresh).buffer)), `sample ${sample}`).toBe(true);
    }
  });

  it("renders 5432gone (effects off) within what lossy encoding allows of the SF2 render: SNR of at least 17.5 dB", () => {
    const sf2 = renderSong(new SoundFont(timGM6mbBytes()), "5432gone_redfarn.mid");
    const sf3 = renderSong(new SoundFont(timGM6mbSf3Bytes()), "5432gone_redfarn.mid");
    const { snr } = compare(sf2, sf3);
    console.log(`5432gone_redfarn.mid, TimGM6mb.sf3 against TimGM6mb.sf2, effects off [${backend}]: SNR ${snr.toFixed(2)} dB`);
    expect(snr).toBeGreaterThanOrEqual(17.5);
  });

  it("writes a font read from SF3 as SF2, its samples decoded", () => {
    const sf3 = new SoundFont(timGM6mbSf3Bytes());
    const sf2 = new SoundFont(writeSoundFont(sf3));
    expect(sf2.compressed).toBe(false);
    expect(sf2.info.version).toEqual({ major: 2, minor: 1 });
    expect(sf2.sampleHeaders.map((h) => h.type)).toEqual(sf3.sampleHeaders.map((h) => h.type & ~SampleType.compressed));
    expect(sf2.sampleHeaders.map((h) => [h.start, h.end, h.startLoop, h.endLoop])).toEqual(
      sf3.sampleHeaders.map((h) => [h.start, h.end, h.startLoop, h.endLoop]),
    );
    expect(sf2.waveData).toEqual(sf3.waveData);
  });
});

describe.skipIf(!present)("SF3 bad input: a SoundFontError that names the sample and its byte offset", () => {
  const loadError = (bytes: Uint8Array): SoundFontError => {
    try {
      new SoundFont(bytes);
    } catch (error) {
      if (error instanceof SoundFontError) return error;
      throw error;
    }
    throw new Error("the SoundFont loaded");
  };

  // Sample 5 is the flute's; 0 is the first stream in smpl.
  const sample = 5;
  const name = () => new SoundFont(timGM6mbSf3Bytes()).sampleHeaders[sample].name;

  it("at load: a truncated stream", () => {
    const edit = new Sf3Edit();
    const { start, end } = edit.span(sample);
    edit.setEnd(sample, end - 100);
    const error = loadError(edit.bytes());
    expect(error.message).toContain(`sample ${sample} '${name()}' (Ogg stream at byte `);
    expect(error.message).toMatch(/the page at stream byte \d+ is unreadable: the page needs \d+ bytes, but \d+ remain/);
    expect(error.chunk).toBe("sdta/smpl");
    expect(error.offset).toBeGreaterThan(start);
  });

  it("at load: a stream past the end of smpl", () => {
    const edit = new Sf3Edit();
    edit.setEnd(sample, edit.smpl.length + 10);
    const error = loadError(edit.bytes());
    expect(error.chunk).toBe("pdta/shdr");
    expect(error.message).toContain(`sample ${sample} '${name()}' (shdr record at byte `);
  });

  it("at load: a codec other than Vorbis", () => {
    const edit = new Sf3Edit();
    const stream = edit.stream(sample);
    stream.set([0x4f, 0x70, 0x75, 0x73, 0x48, 0x65, 0x61, 0x64], 28); // "OpusHead" in place of "\x01vorbis"
    edit.fixChecksum(sample, 0);
    const error = loadError(edit.bytes());
    expect(error.message).toMatch(/sample 5 .* the stream is not Vorbis \(its first packet starts 'OpusHead'\)/);
  });

  it("at load: a granule position no stream of that size could reach", () => {
    const edit = new Sf3Edit();
    edit.setLastGranule(sample, 2 ** 31 - 2);
    expect(loadError(edit.bytes()).message).toMatch(/sample 5 .*granule position claims \d+ frames from \d+ bytes/);
  });

  it("at load: the last page is found from the stream's end, past an 'OggS' in its data", () => {
    const edit = new Sf3Edit();
    const stream = edit.stream(sample);
    const last = edit.pages(sample).at(-1)!;
    const dataStart = last + 27 + stream[last + 26];
    expect(stream.length - dataStart).toBeGreaterThan(40);
    // A page header that is no page: its length does not end the stream.
    stream.set([0x4f, 0x67, 0x67, 0x53, 0, 0], stream.length - 40);
    edit.fixChecksum(sample, last);
    const frames = (font: SoundFont) => font.sampleHeaders[sample].end - font.sampleHeaders[sample].start;
    expect(frames(new SoundFont(edit.bytes()))).toBe(frames(new SoundFont(timGM6mbSf3Bytes())));
  });

  // The piano's sample, which key 60 plays: the note-on tests break it.
  const pianoIndex = present ? (() => {
    const font = new SoundFont(timGM6mbSf3Bytes());
    return font.sampleHeaders.indexOf(pianoSample(font));
  })() : 0;

  it("at note-on, skipping the note: corrupt data (a page's checksum fails)", () => {
    const edit = new Sf3Edit();
    const stream = edit.stream(pianoIndex);
    stream[stream.length - 10] ^= 0x55; // in the last page's audio data
    expectSkippedAtNoteOn(edit.bytes(), /fails its checksum/);
  });

  it("at note-on, skipping the note: a granule position that says more than the stream holds", () => {
    const edit = new Sf3Edit();
    const frames = new SoundFont(timGM6mbSf3Bytes()).sampleHeaders[pianoIndex];
    edit.setLastGranule(pianoIndex, frames.end - frames.start + 20000);
    expectSkippedAtNoteOn(edit.bytes(), /decodes to \d+ frames, but its last page's granule position says \d+/);
  });

  it("at note-on, skipping the note: a setup header libvorbis refuses", () => {
    const edit = new Sf3Edit();
    const pages = edit.pages(pianoIndex);
    const setup = edit.stream(pianoIndex).subarray(pages[1]);
    const segments = setup[26];
    // The setup header is the second page's last packet; its codebook sync pattern comes first.
    let at = 27 + segments;
    for (let s = 0; s < segments - 1; s++) at += setup[27 + s];
    setup.fill(0xff, at + 7, at + 20);
    edit.fixChecksum(pianoIndex, pages[1]);
    expectSkippedAtNoteOn(edit.bytes(), /libvorbis refused the (setup header|headers)/);
  });

  it("at load: a stream that decodes to fewer frames than its loop needs", () => {
    const edit = new Sf3Edit();
    const header = new SoundFont(timGM6mbSf3Bytes()).sampleHeaders[sample];
    edit.setLastGranule(sample, header.endLoop - header.start - 10);
    expect(loadError(edit.bytes()).message).toMatch(/sample 5 .*its loop ends at frame \d+, past the \d+ frames the stream decodes to/);
  });

  /** Plays the note that needs the broken sample: no throw, no sound from it, one error reported once. */
  function expectSkippedAtNoteOn(bytes: Uint8Array, problem: RegExp): void {
    const reported: SoundFontError[] = [];
    const font = new SoundFont(bytes, { onDecodeError: (error) => reported.push(error) });
    expect(peak(renderNote(font))).toBe(0);
    expect(peak(renderNote(font))).toBe(0);
    expect(reported).toHaveLength(1);
    expect(font.decodeErrors).toEqual(reported);
    const [error] = reported;
    expect(error).toBeInstanceOf(SoundFontError);
    expect(error.chunk).toBe("sdta/smpl");
    expect(error.message).toContain(`sample ${pianoIndex} '${font.sampleHeaders[pianoIndex].name}' (Ogg stream at byte `);
    expect(error.message).toMatch(problem);
    expect(error.offset).toBeGreaterThan(0);
    expect(() => font.decodeAll()).toThrow(SoundFontError);
    // A song that needs the broken sample still renders, finite, without throwing.
    const song = renderSong(font, "5432gone_redfarn.mid", 5);
    expect(song.every(Number.isFinite)).toBe(true);
  }
});
