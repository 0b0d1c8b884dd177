import { RiffReader, type RiffChunk, type RiffList } from "../RiffReader.js";
import { SoundFontError } from "../SoundFontError.js";
import type { SoundFontInfo } from "../SoundFontInfo.js";
import { emptyArticulation, readArticulation, type Articulation } from "./Articulation.js";
import { children, dlsError, infoName, needBytes } from "./DlsRiff.js";
import { readWave, type Wave } from "./Wave.js";
import { readWaveSample, type WaveSample } from "./WaveSample.js";

/** A DLS region: a wave over a key and velocity range. */
export interface DlsRegion {
  readonly keyLow: number;
  readonly keyHigh: number;
  readonly velocityLow: number;
  readonly velocityHigh: number;
  /** The key group: regions of one group cut each other off (SoundFont's exclusive class). */
  readonly keyGroup: number;
  readonly wave: Wave;
  /** The region's own wsmp, which overrides the wave's. */
  readonly waveSample?: WaveSample;
  /** The region's own articulation; the instrument's applies without one. */
  readonly articulation?: Articulation;
}

/** A DLS instrument: what a bank and program select. */
export interface DlsInstrument {
  readonly name: string;
  /** The bank select MSB (CC 0). */
  readonly bankMsb: number;
  /** The bank select LSB (CC 32). */
  readonly bankLsb: number;
  /** F_INSTRUMENT_DRUMS: a drum kit, which MIDI channel 10 plays. */
  readonly drums: boolean;
  readonly program: number;
  readonly regions: readonly DlsRegion[];
  readonly articulation?: Articulation;
}

/** The INFO texts a DLS bank shares with SoundFont, by SoundFont's name for each. */
export type DlsInfo = Partial<Pick<SoundFontInfo, "bankName" | "comments" | "copyright" | "creationDate" | "author" | "targetProduct" | "tools">>;

const infoIds: Readonly<Record<string, keyof DlsInfo>> = {
  INAM: "bankName", ICMT: "comments", ICOP: "copyright", ICRD: "creationDate", IENG: "author", IPRD: "targetProduct", ISFT: "tools",
};

/** A DLS bank read from its RIFF 'DLS ' form: its INFO texts, instruments and the waves they play. */
export interface DlsBank {
  readonly info: DlsInfo;
  readonly instruments: readonly DlsInstrument[];
  readonly waves: readonly Wave[];
}

/** Whether `bytes` are a DLS bank: a RIFF form of type 'DLS '. */
export function isDls(bytes: Uint8Array): boolean {
  const reader = new RiffReader(bytes);
  return bytes.length >= 12 && reader.fourCC(0) === "RIFF" && reader.fourCC(8) === "DLS ";
}

/**
 * Reads a DLS Level 1 or 2 bank. Chunks it does not use (dlid, vers, cdl, pgal, unknown ones)
 * are skipped; conditional chunks are not evaluated, so every region is read.
 * @throws {@link SoundFontError} for a malformed chunk, with its name and byte offset.
 */
export function readDlsBank(bytes: Uint8Array): DlsBank {
  const reader = new RiffReader(bytes);
  // Inner chunks are checked against the bytes actually there, so that a truncated bank is
  // reported at the chunk it cuts; the RIFF size itself is checked last, as for SF2.
  const riffEnd = 8 + reader.view.getUint32(4, true);
  const end = Math.min(riffEnd, bytes.length);
  const body: RiffList = { chunk: { id: "RIFF", name: "DLS ", offset: 0, dataOffset: 8, size: end - 8 }, type: "DLS ", bodyOffset: 12, end, limit: end };
  let lins: RiffList | undefined;
  let wvpl: RiffList | undefined;
  let ptbl: RiffChunk | undefined;
  let info: RiffList | undefined;
  for (const { chunk, list } of children(reader, body)) {
    if (list?.type === "lins") lins = list;
    else if (list?.type === "wvpl") wvpl = list;
    else if (list?.type === "INFO") info = list;
    else if (chunk.id === "ptbl") ptbl = chunk;
  }
  if (lins === undefined) throw new SoundFontError("LIST lins", 12, "Invalid DLS bank: the RIFF form has no LIST lins chunk, so no instruments");

  const waves: Wave[] = [];
  const waveAt = new Map<number, Wave>();
  if (wvpl !== undefined) {
    for (const { chunk, list } of children(reader, wvpl)) {
      if (list?.type !== "wave" && list?.type !== "wav ") continue;
      const wave = readWave(reader, list, waves.length);
      waves.push(wave);
      waveAt.set(chunk.offset - wvpl.bodyOffset, wave);
    }
  }
  const cues = ptbl === undefined ? undefined : readPoolTable(reader, ptbl);
  const waveOf = (wlnk: RiffChunk, index: number): Wave => {
    const wave = cues === undefined ? waves[index] : waveAt.get(cues[index]);
    if (wave !== undefined) return wave;
    const problem = cues === undefined
      ? `links to wave ${index}, but the pool has ${waves.length}`
      : index >= cues.length
        ? `links to pool cue ${index}, but the ptbl chunk has ${cues.length}`
        : `links to pool cue ${index}, offset ${cues[index]} in the wave pool, where no wave starts`;
    throw dlsError(wlnk, problem);
  };

  const instruments: DlsInstrument[] = [];
  for (const { list } of children(reader, lins)) {
    if (list?.type === "ins ") instruments.push(readInstrument(reader, list, waveOf));
  }
  if (riffEnd > bytes.length) {
    throw new SoundFontError("RIFF", 0, `Invalid DLS bank: the RIFF chunk at byte 0 has length ${riffEnd - 8}, but only ${bytes.length - 8} bytes remain in the file`);
  }
  return { info: info === undefined ? {} : readInfo(reader, info), instruments, waves };
}

function readInfo(reader: RiffReader, list: RiffList): DlsInfo {
  const texts: { -readonly [K in keyof DlsInfo]: string } = {};
  for (const chunk of reader.subChunks(list)) {
    if (Object.hasOwn(infoIds, chunk.id)) texts[infoIds[chunk.id]] = reader.string(chunk.dataOffset, chunk.size);
  }
  return texts;
}

/** The pool table: for each cue, the offset of its wave in the wave pool's list body. */
function readPoolTable(reader: RiffReader, chunk: RiffChunk): number[] {
  needBytes(chunk, 8);
  const headerSize = reader.view.getUint32(chunk.dataOffset, true);
  const count = reader.view.getUint32(chunk.dataOffset + 4, true);
  if (headerSize < 8 || headerSize > chunk.size) throw dlsError(chunk, `has a header size of ${headerSize}, not between 8 and its length ${chunk.size}`);
  if (count > (chunk.size - headerSize) / 4) throw dlsError(chunk, `declares ${count} cues, but its ${chunk.size - headerSize} bytes after the header hold ${Math.floor((chunk.size - headerSize) / 4)}`);
  return Array.from({ length: count }, (_, i) => reader.view.getUint32(chunk.dataOffset + headerSize + 4 * i, true));
}

type WaveOf = (wlnk: RiffChunk, index: number) => Wave;

function readInstrument(reader: RiffReader, list: RiffList, waveOf: WaveOf): DlsInstrument {
  let header: { bank: number; program: number } | undefined;
  let articulation: Articulation | undefined;
  let name = "";
  const regionLists: RiffList[] = [];
  for (const { chunk, list: sub } of children(reader, list)) {
    if (chunk.id === "insh") {
      if (chunk.size < 12) throw dlsError(chunk, `has length ${chunk.size}, not 12`);
      header = { bank: reader.view.getUint32(chunk.dataOffset + 4, true), program: reader.view.getUint32(chunk.dataOffset + 8, true) };
    } else if (sub?.type === "lart" || sub?.type === "lar2") {
      readArticulation(reader, sub, (articulation ??= emptyArticulation()));
    } else if (sub?.type === "lrgn") {
      for (const region of children(reader, sub)) {
        if (region.list?.type === "rgn " || region.list?.type === "rgn2") regionLists.push(region.list);
      }
    } else if (sub?.type === "INFO") {
      name = infoName(reader, sub);
    }
  }
  if (header === undefined) throw dlsError(list.chunk, "has no insh chunk, which gives its bank and program");
  return {
    name,
    bankMsb: (header.bank >> 8) & 0x7f,
    bankLsb: header.bank & 0x7f,
    drums: (header.bank & 0x80000000) !== 0,
    program: header.program & 0x7f,
    regions: regionLists.map((r) => readRegion(reader, r, waveOf)),
    articulation,
  };
}

function readRegion(reader: RiffReader, list: RiffList, waveOf: WaveOf): DlsRegion {
  const { view } = reader;
  let header: Omit<DlsRegion, "wave" | "waveSample" | "articulation"> | undefined;
  let wave: Wave | undefined;
  let waveSample: WaveSample | undefined;
  let articulation: Articulation | undefined;
  for (const { chunk, list: sub } of children(reader, list)) {
    if (chunk.id === "rgnh") {
      if (chunk.size < 12) throw dlsError(chunk, `has length ${chunk.size}, but needs at least 12`);
      const p = chunk.dataOffset;
      header = {
        keyLow: view.getUint16(p, true),
        keyHigh: view.getUint16(p + 2, true),
        velocityLow: view.getUint16(p + 4, true),
        velocityHigh: view.getUint16(p + 6, true),
        keyGroup: view.getUint16(p + 10, true),
      };
    } else if (chunk.id === "wlnk") {
      if (chunk.size < 12) throw dlsError(chunk, `has length ${chunk.size}, but needs at least 12`);
      wave = waveOf(chunk, view.getUint32(chunk.dataOffset + 8, true));
    } else if (chunk.id === "wsmp") {
      waveSample = readWaveSample(reader, chunk);
    } else if (sub?.type === "lart" || sub?.type === "lar2") {
      readArticulation(reader, sub, (articulation ??= emptyArticulation()));
    }
  }
  if (header === undefined || wave === undefined) {
    throw dlsError(list.chunk, `has no ${header === undefined ? "rgnh" : "wlnk"} chunk; every region needs both`);
  }
  return { ...header, wave, waveSample, articulation };
}
