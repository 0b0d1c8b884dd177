import { generatorSize } from "./Generator.js";
import { GeneratorType, generatorCount } from "./GeneratorType.js";
import { instrumentHeaderSize } from "./Instrument.js";
import { InstrumentRegion } from "./InstrumentRegion.js";
import { presetHeaderSize } from "./Preset.js";
import { PresetRegion } from "./PresetRegion.js";
import { sampleHeaderSize, type SampleHeader } from "./SampleHeader.js";
import { SampleType } from "./SampleType.js";
import { SoundFont } from "./SoundFont.js";
import type { SoundFontModel } from "./SoundFontModel.js";
import { modulatorSize, type Modulator } from "./Modulator.js";
import { platformIsLittleEndian } from "./SoundFontSampleData.js";
import { bagSize } from "./Zone.js";
import type { SoundFontVersion } from "./SoundFontVersion.js";

/**
 * Writes a SoundFont 2 file. Each region becomes one zone holding every generator that differs
 * from its default (keyRange and velRange first, the instrument or sampleID last, as the
 * specification orders them), with no global zones, so reading the file back gives the same
 * model. The wave data is written as given: the specification asks for 46 zero samples after
 * each sample, which is the model's business if it wants them. A {@link SoundFont} read from
 * SF3 is written as SF2: its samples decoded (all of them, now), none marked compressed.
 *
 * @throws RangeError when the model cannot be written: a region refers to a sample header or an
 * instrument that is not in the model's lists, a number does not fit its field, or the model
 * has more zones or generators than SoundFont's 16-bit indices can count.
 */
export function writeSoundFont(model: SoundFontModel): Uint8Array {
  // A font read from SF3 is written as SF2: every sample decoded, none marked compressed.
  if (model instanceof SoundFont) model.decodeAll();
  if (model.presets.length === 0 || model.instruments.length === 0) {
    throw new RangeError("a SoundFont needs at least one preset and one instrument");
  }
  const info = infoChunks(model);
  const pdta = parameterChunks(model);
  const sampleBytes = 2 * model.waveData.length;

  const infoSize = 4 + sumOfChunkSizes(info);
  const sdtaSize = 4 + 8 + sampleBytes;
  const pdtaSize = 4 + sumOfChunkSizes(pdta);
  const riffSize = 4 + (8 + infoSize) + (8 + sdtaSize) + (8 + pdtaSize);
  if (riffSize > 0xffffffff) {
    throw new RangeError(`the SoundFont would be ${riffSize} bytes long, more than RIFF can hold`);
  }

  const out = new ByteWriter(8 + riffSize);
  out.header("RIFF", riffSize);
  out.fourCC("sfbk");

  out.header("LIST", infoSize);
  out.fourCC("INFO");
  for (const chunk of info) out.chunk(chunk);

  out.header("LIST", sdtaSize);
  out.fourCC("sdta");
  out.header("smpl", sampleBytes);
  out.int16s(model.waveData);

  out.header("LIST", pdtaSize);
  out.fourCC("pdta");
  for (const chunk of pdta) out.chunk(chunk);

  return out.bytes;
}

interface Chunk {
  readonly id: string;
  readonly data: Uint8Array;
}

function sumOfChunkSizes(chunks: readonly Chunk[]): number {
  return chunks.reduce((sum, chunk) => sum + 8 + chunk.data.length, 0);
}

function infoChunks(model: SoundFontModel): Chunk[] {
  const info = model.info;
  const chunks: Chunk[] = [
    // Version 3 marks SF3; what is written here is SF2, its samples decoded.
    { id: "ifil", data: versionBytes(info.version === undefined || info.version.major === 3 ? { major: 2, minor: 1 } : info.version) },
    { id: "isng", data: infoString(info.targetSoundEngine ?? "EMU8000") },
    { id: "INAM", data: infoString(info.bankName ?? "Untitled") },
  ];
  const romVersion = info.romVersion ?? { major: 0, minor: 0 };
  if (info.romName) chunks.push({ id: "irom", data: infoString(info.romName) });
  if (info.romName || romVersion.major !== 0 || romVersion.minor !== 0) {
    chunks.push({ id: "iver", data: versionBytes(romVersion) });
  }
  const optional = [
    ["ICRD", info.creationDate],
    ["IENG", info.author],
    ["IPRD", info.targetProduct],
    ["ICOP", info.copyright],
    ["ICMT", info.comments],
    ["ISFT", info.tools],
  ] as const;
  for (const [id, text] of optional) {
    if (text) chunks.push({ id, data: infoString(text) });
  }
  return chunks;
}

function versionBytes(version: SoundFontVersion): Uint8Array {
  const data = new Uint8Array(4);
  const view = new DataView(data.buffer);
  view.setUint16(0, checkInteger(version.major, 0, 0xffff, "a version's major number"), true);
  view.setUint16(2, checkInteger(version.minor, 0, 0xffff, "a version's minor number"), true);
  return data;
}

/** A zero-terminated string, padded to an even length as the specification asks. */
function infoString(text: string): Uint8Array {
  const data = new Uint8Array((text.length + 2) & ~1);
  latin1Into(text, data, 0, text.length);
  return data;
}

/** Writes up to `length` characters as Latin-1, the encoding the reader assumes. */
function latin1Into(text: string, data: Uint8Array, offset: number, length: number): void {
  const n = Math.min(text.length, length);
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    data[offset + i] = c <= 0xff ? c : 0x3f; // "?"
  }
}

/**
 * One zone per region of each owner (instrument or preset), closed by the generator that names
 * the region's sample or instrument. Returns the index of each owner's first zone.
 */
function addZones<
  O extends { readonly regions: readonly { readonly generators: Int16Array; readonly modulators?: readonly Modulator[] }[] },
>(
  zones: ZoneList,
  owners: readonly O[],
  defaults: Int16Array,
  terminal: number,
  targetOf: (region: O["regions"][number]) => number | undefined,
  missingTarget: (owner: O) => string,
): number[] {
  return owners.map((owner) => {
    const first = zones.count;
    for (const region of owner.regions) {
      const id = targetOf(region);
      if (id === undefined) throw new RangeError(missingTarget(owner));
      zones.add(region.generators, defaults, terminal, id, region.modulators ?? []);
    }
    // A region-less owner keeps one empty zone: a reader wants every instrument and preset to have one.
    if (owner.regions.length === 0) zones.addEmpty();
    return first;
  });
}

/** The pdta chunks in the order the specification gives them. */
function parameterChunks(model: SoundFontModel): Chunk[] {
  const sampleIds = indexById(model.sampleHeaders, "sample header");
  const instrumentIds = indexById(model.instruments, "instrument");

  const instrumentZones = new ZoneList();
  const instrumentBagIndices = addZones(
    instrumentZones,
    model.instruments,
    InstrumentRegion.createDefaultGenerators(),
    GeneratorType.sampleID,
    (region) => sampleIds.get(region.sample),
    (instrument) => `a region of the instrument '${instrument.name}' plays a sample that is not in sampleHeaders`,
  );
  const presetZones = new ZoneList();
  const presetBagIndices = addZones(
    presetZones,
    model.presets,
    PresetRegion.createDefaultGenerators(),
    GeneratorType.instrument,
    (region) => instrumentIds.get(region.instrument),
    (preset) => `a region of the preset '${preset.name}' plays an instrument that is not in instruments`,
  );

  const phdr = new Records(presetHeaderSize, model.presets.length + 1);
  model.presets.forEach((preset, i) => {
    phdr.name(preset.name);
    phdr.u16(preset.patchNumber, "a patch number");
    phdr.u16(preset.bankNumber, "a bank number");
    phdr.u16(presetBagIndices[i], "a preset's zone index");
    phdr.u32(preset.library ?? 0, "a preset's library");
    phdr.u32(preset.genre ?? 0, "a preset's genre");
    phdr.u32(preset.morphology ?? 0, "a preset's morphology");
  });
  phdr.name("EOP");
  phdr.skip(4); // patch and bank
  phdr.u16(presetZones.count, "the number of preset zones");

  const inst = new Records(instrumentHeaderSize, model.instruments.length + 1);
  model.instruments.forEach((instrument, i) => {
    inst.name(instrument.name);
    inst.u16(instrumentBagIndices[i], "an instrument's zone index");
  });
  inst.name("EOI");
  inst.u16(instrumentZones.count, "the number of instrument zones");

  const shdr = new Records(sampleHeaderSize, model.sampleHeaders.length + 1);
  for (const sample of model.sampleHeaders) writeSampleHeader(shdr, sample);
  shdr.name("EOS");

  return [
    { id: "phdr", data: phdr.data },
    { id: "pbag", data: presetZones.bags() },
    { id: "pmod", data: presetZones.modulators() },
    { id: "pgen", data: presetZones.generators() },
    { id: "inst", data: inst.data },
    { id: "ibag", data: instrumentZones.bags() },
    { id: "imod", data: instrumentZones.modulators() },
    { id: "igen", data: instrumentZones.generators() },
    { id: "shdr", data: shdr.data },
  ];
}

function writeSampleHeader(shdr: Records, sample: SampleHeader): void {
  shdr.name(sample.name);
  shdr.u32(sample.start, "a sample's start");
  shdr.u32(sample.end, "a sample's end");
  shdr.u32(sample.startLoop, "a sample's loop start");
  shdr.u32(sample.endLoop, "a sample's loop end");
  shdr.u32(sample.sampleRate, "a sample rate");
  shdr.u8(sample.originalPitch, "a sample's original pitch");
  shdr.i8(sample.pitchCorrection, "a sample's pitch correction");
  shdr.u16(sample.link, "a sample's link");
  shdr.u16(sample.type & ~SampleType.compressed, "a sample's type");
}

/** Maps each object to its index; a sampleID or instrument generator holds a signed 16-bit index. */
function indexById<T>(items: readonly T[], what: string): Map<T, number> {
  if (items.length > 0x8000) {
    throw new RangeError(`a SoundFont can index at most 32768 of each ${what}, not ${items.length}`);
  }
  return new Map(items.map((item, i) => [item, i]));
}

/** The bags, modulators and generators of a pbag/pmod/pgen or ibag/imod/igen set, built zone by zone. */
class ZoneList {
  private readonly bagStarts: number[] = [];
  private readonly modulatorStarts: number[] = [];
  private readonly types: number[] = [];
  private readonly values: number[] = [];
  private readonly modulatorList: Modulator[] = [];

  get count(): number {
    return this.bagStarts.length;
  }

  /** A zone with every generator that differs from `defaults`, then the terminal one. */
  add(generators: Int16Array, defaults: Int16Array, terminal: number, id: number, modulators: readonly Modulator[]): void {
    if (generators.length !== generatorCount) {
      throw new RangeError(`a region needs ${generatorCount} generators, not ${generators.length}`);
    }
    this.bagStarts.push(this.types.length);
    this.modulatorStarts.push(this.modulatorList.length);
    this.modulatorList.push(...modulators);
    const { keyRange, velocityRange } = GeneratorType;
    for (const type of [keyRange, velocityRange]) {
      if (generators[type] !== defaults[type]) this.push(type, generators[type]);
    }
    for (let type = 0; type < generatorCount; type++) {
      if (type === keyRange || type === velocityRange || type === terminal) continue;
      if (generators[type] !== defaults[type]) this.push(type, generators[type]);
    }
    this.push(terminal, id);
  }

  addEmpty(): void {
    this.bagStarts.push(this.types.length);
    this.modulatorStarts.push(this.modulatorList.length);
  }

  bags(): Uint8Array {
    const records = new Records(bagSize, this.count + 1);
    const ends = [...this.bagStarts, this.types.length];
    const modulatorEnds = [...this.modulatorStarts, this.modulatorList.length];
    ends.forEach((start, i) => {
      records.u16(start, "a generator index (too many generators)");
      records.u16(modulatorEnds[i], "a modulator index (too many modulators)");
    });
    return records.data;
  }

  /** The modulator records, then the terminal one (all zero). */
  modulators(): Uint8Array {
    const records = new Records(modulatorSize, this.modulatorList.length + 1);
    for (const m of this.modulatorList) {
      records.u16(m.source, "a modulator's source");
      records.u16(m.destination, "a modulator's destination");
      records.i16(checkInteger(m.amount, -0x8000, 0x7fff, "a modulator's amount"));
      records.u16(m.amountSource, "a modulator's amount source");
      records.u16(m.transform, "a modulator's transform");
    }
    return records.data;
  }

  generators(): Uint8Array {
    const records = new Records(generatorSize, this.types.length + 1);
    for (let i = 0; i < this.types.length; i++) {
      records.u16(this.types[i], "a generator number");
      records.i16(this.values[i]);
    }
    return records.data;
  }

  private push(type: number, value: number): void {
    this.types.push(type);
    this.values.push(value);
  }
}

/** Fixed-size little-endian records, written field by field; unwritten bytes stay zero. */
class Records {
  readonly data: Uint8Array;
  private readonly view: DataView;
  private offset = 0;

  constructor(recordSize: number, count: number) {
    this.data = new Uint8Array(recordSize * count);
    this.view = new DataView(this.data.buffer);
  }

  skip(length: number): void {
    this.offset += length;
  }

  /** A 20-byte name field, zero-padded; longer names are cut. */
  name(text: string): void {
    latin1Into(text, this.data, this.offset, 20);
    this.offset += 20;
  }

  u8(value: number, what: string): void {
    this.view.setUint8(this.offset, checkInteger(value, 0, 0xff, what));
    this.offset += 1;
  }

  i8(value: number, what: string): void {
    this.view.setInt8(this.offset, checkInteger(value, -0x80, 0x7f, what));
    this.offset += 1;
  }

  u16(value: number, what: string): void {
    this.view.setUint16(this.offset, checkInteger(value, 0, 0xffff, what), true);
    this.offset += 2;
  }

  i16(value: number): void {
    this.view.setInt16(this.offset, value, true);
    this.offset += 2;
  }

  u32(value: number, what: string): void {
    this.view.setUint32(this.offset, checkInteger(value, 0, 0xffffffff, what), true);
    this.offset += 4;
  }
}

function checkInteger(value: number, min: number, max: number, what: string): number {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new RangeError(`${what} must be an integer from ${min} to ${max}, not ${value}`);
  }
  return value;
}

/** The output file, written front to back. */
class ByteWriter {
  readonly bytes: Uint8Array;
  private readonly view: DataView;
  private offset = 0;

  constructor(length: number) {
    this.bytes = new Uint8Array(length);
    this.view = new DataView(this.bytes.buffer);
  }

  fourCC(id: string): void {
    latin1Into(id, this.bytes, this.offset, 4);
    this.offset += 4;
  }

  header(id: string, size: number): void {
    this.fourCC(id);
    this.view.setUint32(this.offset, size, true);
    this.offset += 4;
  }

  chunk(chunk: Chunk): void {
    this.header(chunk.id, chunk.data.length);
    this.bytes.set(chunk.data, this.offset);
    this.offset += chunk.data.length;
  }

  int16s(samples: Int16Array): void {
    if (platformIsLittleEndian) {
      this.bytes.set(new Uint8Array(samples.buffer, samples.byteOffset, samples.byteLength), this.offset);
    } else {
      for (let i = 0; i < samples.length; i++) {
        this.view.setInt16(this.offset + 2 * i, samples[i], true);
      }
    }
    this.offset += samples.byteLength;
  }
}
