import { existsSync, readFileSync } from "node:fs";
import { oggCrc } from "../../lib/soundfont/OggStream.js";
import { fixturesDir } from "./fixtures.js";
import { chunkBoundaries } from "./riffTree.js";

export const timGM6mbSf3Path = `${fixturesDir}soundfonts/TimGM6mb.sf3`;

/** Whether TimGM6mb.sf3 is here; says so on the console when it is not. */
export function haveSf3Fixture(what: string): boolean {
  const present = existsSync(timGM6mbSf3Path);
  if (!present) console.warn(`Skipping ${what}: ${timGM6mbSf3Path} is absent (the shared fixtures are not beside the clone).`);
  return present;
}

let sf3: Uint8Array | undefined;

/** The bytes of TimGM6mb.sf3, read once. */
export function timGM6mbSf3Bytes(): Uint8Array {
  sf3 ??= new Uint8Array(readFileSync(timGM6mbSf3Path));
  return sf3;
}

/** An SF3 file opened for editing: one sample's Ogg stream and shdr record at a time. */
export class Sf3Edit {
  // A copy: the edits must not reach the bytes other tests read. Edits keep every size.
  private readonly file = timGM6mbSf3Bytes().slice();
  readonly smpl = chunkData(this.file, "smpl");
  readonly shdr = chunkData(this.file, "shdr");

  private view(data: Uint8Array): DataView {
    return new DataView(data.buffer, data.byteOffset, data.byteLength);
  }

  /** The byte span of a sample's Ogg stream in smpl. */
  span(sample: number): { start: number; end: number } {
    const view = this.view(this.shdr);
    return { start: view.getUint32(sample * 46 + 20, true), end: view.getUint32(sample * 46 + 24, true) };
  }

  setEnd(sample: number, end: number): void {
    this.view(this.shdr).setUint32(sample * 46 + 24, end, true);
  }

  /** The stream's bytes, a view into the file being edited. */
  stream(sample: number): Uint8Array {
    const { start, end } = this.span(sample);
    return this.smpl.subarray(start, end);
  }

  /** Byte offsets of the stream's pages, from the stream's start. */
  pages(sample: number): number[] {
    const stream = this.stream(sample);
    const offsets: number[] = [];
    for (let at = 0; at < stream.length; ) {
      offsets.push(at);
      const segments = stream[at + 26];
      let length = 27 + segments;
      for (let s = 0; s < segments; s++) length += stream[at + 27 + s];
      at += length;
    }
    return offsets;
  }

  /** Makes the page at `offset` of the stream carry a right checksum again after an edit. */
  fixChecksum(sample: number, offset: number): void {
    const stream = this.stream(sample);
    const segments = stream[offset + 26];
    let length = 27 + segments;
    for (let s = 0; s < segments; s++) length += stream[offset + 27 + s];
    const page = stream.subarray(offset, offset + length);
    page.fill(0, 22, 26);
    this.view(page).setUint32(22, oggCrc(page), true);
  }

  /** Sets the granule position of the stream's last page (its checksum fixed). */
  setLastGranule(sample: number, frames: number): void {
    const last = this.pages(sample).at(-1)!;
    const stream = this.stream(sample);
    const view = this.view(stream.subarray(last));
    view.setUint32(6, frames, true);
    view.setUint32(10, 0, true);
    this.fixChecksum(sample, last);
  }

  bytes(): Uint8Array {
    return this.file;
  }
}

/** The data of the first chunk with this id, a view into `file`. */
function chunkData(file: Uint8Array, id: string): Uint8Array {
  const offset = chunkBoundaries(file).find((at) => String.fromCharCode(...file.subarray(at, at + 4)) === id);
  if (offset === undefined) throw new Error(`no ${id} chunk`);
  const size = new DataView(file.buffer, file.byteOffset + offset + 4, 4).getUint32(0, true);
  return file.subarray(offset + 8, offset + 8 + size);
}
