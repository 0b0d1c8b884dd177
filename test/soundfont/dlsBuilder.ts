// Small DLS banks built byte by byte, for the structural tests, the fuzzer and the RMIDI tests.

export const ascii = (text: string): number[] => [...text].map((c) => c.charCodeAt(0));
export const le16 = (n: number): number[] => [n & 0xff, (n >> 8) & 0xff];
export const le32 = (n: number): number[] => [n & 0xff, (n >> 8) & 0xff, (n >> 16) & 0xff, (n >>> 24) & 0xff];
export const chunk = (id: string, body: ArrayLike<number>): number[] => [...ascii(id), ...le32(body.length), ...Array.from(body), ...(body.length & 1 ? [0] : [])];
export const list = (type: string, ...chunks: number[][]): number[] => chunk("LIST", [...ascii(type), ...chunks.flat()]);
export const info = (name: string): number[] => list("INFO", chunk("INAM", [...ascii(name), 0]));

/** A connection block: source, control, destination, transform, and the scale in the file's 16.16 units. */
export interface Connection {
  readonly source?: number;
  readonly control?: number;
  readonly destination: number;
  readonly transform?: number;
  /** The scale before the 65536 factor (e.g. timecents, cents, tenths of a percent). */
  readonly scale: number;
}

export const art = (id: "art1" | "art2", connections: readonly Connection[]): number[] =>
  chunk(id, [
    ...le32(8),
    ...le32(connections.length),
    ...connections.flatMap((c) => [...le16(c.source ?? 0), ...le16(c.control ?? 0), ...le16(c.destination), ...le16(c.transform ?? 0), ...le32(Math.round(c.scale * 65536))]),
  ]);

export interface Loop {
  readonly start: number;
  readonly length: number;
  /** 0 forward, 1 loop until release. */
  readonly type?: number;
}

export const wsmp = (unityNote: number, fineTune: number, gainCentibels: number, loop?: Loop): number[] =>
  chunk("wsmp", [
    ...le32(20),
    ...le16(unityNote),
    ...le16(fineTune & 0xffff),
    ...le32(Math.round(gainCentibels * 65536)),
    ...le32(0),
    ...le32(loop === undefined ? 0 : 1),
    ...(loop === undefined ? [] : [...le32(16), ...le32(loop.type ?? 0), ...le32(loop.start), ...le32(loop.length)]),
  ]);

export const fmt = (bits: number, sampleRate = 22050, tag = 1, channels = 1): number[] =>
  chunk("fmt ", [...le16(tag), ...le16(channels), ...le32(sampleRate), ...le32((sampleRate * channels * bits) / 8), ...le16((channels * bits) / 8), ...le16(bits)]);

/** A 16-bit wave of `frames` frames of a 440 Hz-ish saw, with its own wsmp. */
export function wave16(frames: number, own: number[] = wsmp(60, 0, 0, { start: 8, length: frames - 16 })): number[] {
  const data: number[] = [];
  for (let i = 0; i < frames; i++) data.push(...le16((((i % 50) - 25) * 1000) & 0xffff));
  return list("wave", fmt(16), own, chunk("data", data), info("Saw"));
}

export interface RegionParts {
  readonly keys?: [number, number];
  readonly velocities?: [number, number];
  readonly keyGroup?: number;
  readonly tableIndex?: number;
  readonly extra?: number[][];
}

export const rgnh = (keys: [number, number], velocities: [number, number], keyGroup = 0): number[] =>
  chunk("rgnh", [...le16(keys[0]), ...le16(keys[1]), ...le16(velocities[0]), ...le16(velocities[1]), ...le16(0), ...le16(keyGroup)]);
export const wlnk = (tableIndex: number): number[] => chunk("wlnk", [...le16(0), ...le16(0), ...le32(1), ...le32(tableIndex)]);

export const region = (parts: RegionParts = {}): number[] =>
  list("rgn ", rgnh(parts.keys ?? [0, 127], parts.velocities ?? [0, 127], parts.keyGroup), ...(parts.extra ?? []), wlnk(parts.tableIndex ?? 0));

export const insh = (regions: number, bank: number, program: number): number[] => chunk("insh", [...le32(regions), ...le32(bank), ...le32(program)]);

export interface InstrumentParts {
  readonly name?: string;
  /** ulBank: MSB in bits 8-14, LSB in bits 0-6, drums in bit 31. */
  readonly bank?: number;
  readonly program?: number;
  readonly regions?: number[][];
  readonly extra?: number[][];
}

export const instrument = (parts: InstrumentParts = {}): number[] => {
  const regions = parts.regions ?? [region()];
  return list("ins ", insh(regions.length, parts.bank ?? 0, parts.program ?? 0), list("lrgn", ...regions), ...(parts.extra ?? []), info(parts.name ?? "Saw"));
};

/** The pool table for waves laid out one after another. */
export const ptbl = (waves: readonly number[][]): number[] => {
  const offsets: number[] = [];
  let at = 0;
  for (const w of waves) {
    offsets.push(at);
    at += w.length;
  }
  return chunk("ptbl", [...le32(8), ...le32(waves.length), ...offsets.flatMap(le32)]);
};

/** A whole bank: colh, lins, ptbl, wvpl and INFO, in the order DLS writers use. */
export function dlsBank(instruments: number[][] = [instrument()], waves: number[][] = [wave16(400)], name = "Test bank"): Uint8Array {
  return Uint8Array.from(
    chunk("RIFF", [...ascii("DLS "), ...chunk("colh", le32(instruments.length)), ...list("lins", ...instruments), ...ptbl(waves), ...list("wvpl", ...waves), ...info(name)]),
  );
}
