import { describeValue } from "./fileBytes.js";
import type { Instrument } from "./Instrument.js";
import type { SampleHeader } from "./SampleHeader.js";
import { SoundFont } from "./SoundFont.js";
import type { InstrumentModel, PresetModel } from "./SoundFontModel.js";
import { writeSoundFont } from "./SoundFontWriter.js";

/** A SoundFont in a stack of several, its presets' banks moved by `bankOffset` (default 0). */
export interface SoundFontInStack {
  readonly soundFont: SoundFont;
  readonly bankOffset?: number;
}

/**
 * One SoundFont holding the presets of several, for a synthesizer to play them together: a
 * General MIDI bank with a drum kit or a single instrument from another font, say. Each font's
 * presets answer to their bank plus the font's `bankOffset` (drum kits too: an offset of 1 puts a
 * font's kit 128:0 at 129:0). Where two fonts have a preset at the same bank and program, the one
 * listed later plays, as in FluidSynth, where the font loaded last is searched first: a small font
 * listed after a full bank replaces just the presets it has.
 *
 * The result is a new SF2 SoundFont: the samples the kept presets play are copied into it (SF3
 * samples decoded first), so it takes about as much memory as those samples. A single font with
 * no offset is returned as it is.
 * @throws TypeError when an entry is not a SoundFont (or one with an offset); RangeError when the
 *   list is empty or an offset is not a whole number that keeps every bank within 0-16383.
 */
export function combineSoundFonts(stack: readonly (SoundFont | SoundFontInStack)[]): SoundFont {
  if (!Array.isArray(stack) || stack.length === 0) throw new RangeError(`combineSoundFonts takes a list of one SoundFont or more, got ${describeValue(stack)}`);
  const entries = stack.map((entry, i) => entryOf(entry, i));
  if (entries.length === 1 && entries[0].bankOffset === 0) return entries[0].soundFont;

  // The presets that play, by bank and program: later fonts replace earlier ones.
  const kept = new Map<number, { font: number; preset: SoundFont["presets"][number]; bank: number }>();
  entries.forEach(({ soundFont, bankOffset }, font) => {
    for (const preset of soundFont.presets) {
      const bank = preset.bankNumber + bankOffset;
      kept.set(bank * 128 + preset.patchNumber, { font, preset, bank });
    }
  });

  // The samples of each font the kept presets reach, copied one after the other.
  const used = entries.map(() => new Set<SampleHeader>());
  for (const { font, preset } of kept.values()) {
    for (const region of preset.regions) for (const zone of region.instrument.regions) used[font].add(zone.sample);
  }
  const samples = new Map<SampleHeader, SampleHeader>();
  const spans: { from: Int16Array; start: number; end: number; at: number }[] = [];
  let length = 0;
  entries.forEach(({ soundFont }, font) => {
    if (used[font].size > 0) soundFont.decodeAll();
    for (const sample of used[font]) {
      // The 46 zeros the SoundFont format asks for after each sample go with it.
      const at = length;
      const shift = at - sample.start;
      samples.set(sample, { ...sample, start: sample.start + shift, end: sample.end + shift, startLoop: sample.startLoop + shift, endLoop: sample.endLoop + shift, link: 0 });
      spans.push({ from: soundFont.waveData, start: sample.start, end: sample.end, at });
      length += sample.end - sample.start + 46;
    }
  });
  const waveData = new Int16Array(length);
  for (const { from, start, end, at } of spans) waveData.set(from.subarray(start, end), at);

  const instruments = new Map<Instrument, InstrumentModel>();
  const instrumentOf = (instrument: Instrument): InstrumentModel => {
    let model = instruments.get(instrument);
    if (model === undefined) {
      model = { name: instrument.name, regions: instrument.regions.map((r) => ({ generators: r.generators, sample: samples.get(r.sample)!, modulators: r.modulators })) };
      instruments.set(instrument, model);
    }
    return model;
  };
  const presets: PresetModel[] = [...kept.values()].map(({ preset, bank }) => ({
    name: preset.name,
    patchNumber: preset.patchNumber,
    bankNumber: bank,
    library: preset.library,
    genre: preset.genre,
    morphology: preset.morphology,
    regions: preset.regions.map((r) => ({ generators: r.generators, instrument: instrumentOf(r.instrument), modulators: r.modulators })),
  }));
  const names = entries.map(({ soundFont }) => soundFont.info.bankName).join(" + ");
  return new SoundFont(
    writeSoundFont({ info: { bankName: names.slice(0, 255) }, waveData, sampleHeaders: [...samples.values()], instruments: [...instruments.values()], presets }),
  );
}

function entryOf(entry: SoundFont | SoundFontInStack, index: number): Required<SoundFontInStack> {
  const { soundFont, bankOffset = 0 } = entry instanceof SoundFont ? { soundFont: entry } : (entry ?? {}) as SoundFontInStack;
  if (!(soundFont instanceof SoundFont)) throw new TypeError(`entry ${index} must be a SoundFont or { soundFont, bankOffset }, got ${describeValue(entry)}`);
  const banks = soundFont.presets.map((p) => p.bankNumber);
  if (!Number.isInteger(bankOffset) || Math.min(...banks) + bankOffset < 0 || Math.max(...banks) + bankOffset > 16383) {
    throw new RangeError(`entry ${index}: bankOffset must be a whole number that keeps the font's banks within 0-16383, got ${typeof bankOffset === "number" ? bankOffset : describeValue(bankOffset)}`);
  }
  return { soundFont, bankOffset };
}
