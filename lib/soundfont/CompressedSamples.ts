import { OggStreamError, oggPackets, summarizeOggVorbis } from "./OggStream.js";
import type { RiffChunk, RiffReader } from "./RiffReader.js";
import type { SampleHeader, SampleRecord } from "./SampleHeader.js";
import { SampleType } from "./SampleType.js";
import { SoundFontError } from "./SoundFontError.js";
import { VorbisDecodeError, VorbisDecoder } from "./VorbisDecoder.js";

/**
 * Zero frames after each decoded sample, as SF2 requires after each of its samples: the
 * oscillator's interpolation may read one frame past a sample's end.
 */
const guardFrames = 46;

// More frames per compressed byte than Vorbis reaches even on silence: a granule position that
// claims more is a lie, found before the wave data is sized by it.
const maximumFramesPerByte = 4096;

const enum State {
  Pending,
  Decoded,
  Failed,
}

/** Where one SF3 sample's Ogg stream lies in the file and where it decodes to in `waveData`. */
interface Stream {
  readonly index: number;
  readonly name: string;
  /** Byte offsets of the Ogg stream in the file. */
  readonly byteStart: number;
  readonly byteEnd: number;
  /** The decoded sample's place in `waveData`. */
  readonly waveStart: number;
  readonly frames: number;
}

/**
 * The samples of an SF3 file: every header laid out on one `waveData`, sized at load from each
 * stream's last granule position, and each Ogg Vorbis stream decoded into it when first asked.
 * Samples an SF3 file stores uncompressed (16-bit, positions in samples of smpl) are copied in at load.
 */
export class CompressedSamples {
  readonly waveData: Int16Array;
  readonly sampleHeaders: SampleHeader[];
  /** The samples that could not be decoded, each reported once. */
  readonly errors: SoundFontError[] = [];

  private readonly bytes: Uint8Array;
  private readonly chunkName: string;
  private readonly streams: (Stream | undefined)[];
  private readonly states: Uint8Array;
  private readonly indexOf = new Map<SampleHeader, number>();
  private readonly decoder: VorbisDecoder;
  private pending: number;

  constructor(reader: RiffReader, smpl: RiffChunk, records: readonly SampleRecord[], moduleOf: () => WebAssembly.Module) {
    this.bytes = reader.bytes;
    this.chunkName = smpl.name;
    this.decoder = new VorbisDecoder(moduleOf);
    const smplEnd = smpl.dataOffset + smpl.size;

    let waveLength = 0;
    const places: { waveStart: number; frames: number }[] = [];
    this.streams = records.map((record, index) => {
      const sample = `sample ${index} '${record.name}'`;
      if ((record.type & SampleType.compressed) === 0) {
        const frames = Math.max(0, Math.min(record.end, Math.floor(smpl.size / 2)) - Math.min(record.start, record.end));
        places.push({ waveStart: waveLength, frames });
        waveLength += frames + guardFrames;
        return undefined;
      }
      const byteStart = smpl.dataOffset + record.start;
      const byteEnd = smpl.dataOffset + record.end;
      if (!(record.start < record.end && byteEnd <= smplEnd)) {
        throw new SoundFontError(
          "pdta/shdr",
          record.recordOffset,
          `Invalid SoundFont: ${sample} (shdr record at byte ${record.recordOffset}) spans bytes ${record.start} to ${record.end} of the smpl chunk, which holds ${smpl.size}`,
        );
      }
      let frames: number;
      try {
        const summary = summarizeOggVorbis(this.bytes.subarray(byteStart, byteEnd));
        if (summary.channels !== 1) {
          throw new OggStreamError(0, `the stream has ${summary.channels} channels; an SF3 sample has one`);
        }
        if (summary.frames > maximumFramesPerByte * (byteEnd - byteStart)) {
          throw new OggStreamError(0, `the last page's granule position claims ${summary.frames} frames from ${byteEnd - byteStart} bytes`);
        }
        frames = summary.frames;
        if (record.startLoop < record.endLoop && record.endLoop > frames) {
          throw new OggStreamError(0, `its loop ends at frame ${record.endLoop}, past the ${frames} frames the stream decodes to`);
        }
      } catch (error) {
        throw this.streamError(index, record.name, byteStart, error);
      }
      places.push({ waveStart: waveLength, frames });
      waveLength += frames + guardFrames;
      return { index, name: record.name, byteStart, byteEnd, waveStart: places[index].waveStart, frames };
    });

    try {
      this.waveData = new Int16Array(waveLength);
    } catch {
      throw new SoundFontError(smpl.name, smpl.dataOffset, `Invalid SoundFont: the samples decode to ${waveLength} frames, more than this platform can hold`);
    }
    this.states = new Uint8Array(records.length);
    this.pending = this.streams.filter((stream) => stream !== undefined).length;

    this.sampleHeaders = records.map(({ recordOffset: _, ...record }, index) => {
      const { waveStart, frames } = places[index];
      if (this.streams[index] === undefined) {
        // Uncompressed in an SF3 file: copy it now, with its loop moved along with it.
        const start = Math.min(record.start, record.end);
        const source = smpl.dataOffset + 2 * start;
        for (let i = 0; i < frames; i++) this.waveData[waveStart + i] = reader.view.getInt16(source + 2 * i, true);
        this.states[index] = State.Decoded;
        const shift = (value: number): number => Math.min(waveStart + Math.max(0, value - start), waveLength);
        return { ...record, start: waveStart, end: waveStart + frames, startLoop: shift(record.startLoop), endLoop: shift(record.endLoop) };
      }
      // SF3 loop points count decoded frames from the sample's start.
      const at = (value: number): number => Math.min(waveStart + value, waveLength);
      return { ...record, start: waveStart, end: waveStart + frames, startLoop: at(record.startLoop), endLoop: at(record.endLoop) };
    });
    this.sampleHeaders.forEach((header, index) => this.indexOf.set(header, index));
  }

  /** Whether `sample` (one of {@link sampleHeaders}) is decoded, decoding it now if it is not yet. */
  ensureDecoded(sample: SampleHeader): boolean {
    const index = this.indexOf.get(sample);
    if (index === undefined) return true;
    switch (this.states[index] as State) {
      case State.Decoded:
        return true;
      case State.Failed:
        return false;
      default:
        return this.decode(index) === undefined;
    }
  }

  /**
   * Decodes every sample not decoded yet.
   * @returns The errors of all samples that cannot be decoded, this time or before.
   */
  decodeAll(): readonly SoundFontError[] {
    for (let index = 0; index < this.states.length; index++) {
      if (this.states[index] === State.Pending) this.decode(index);
    }
    return this.errors;
  }

  /** How many samples are decoded (uncompressed ones count as decoded). */
  get decodedCount(): number {
    let count = 0;
    for (const state of this.states) if (state === State.Decoded) count++;
    return count;
  }

  /** Decodes a sample into `waveData`. @returns undefined, or the error that stopped it. */
  private decode(index: number): SoundFontError | undefined {
    const stream = this.streams[index]!;
    try {
      const { packets } = oggPackets(this.bytes.subarray(stream.byteStart, stream.byteEnd));
      const wave = this.waveData;
      // Straight into the wave data, as 16-bit samples the way libvorbisfile converts them,
      // up to the stream's length: what libvorbis gives past the last granule position is not audio.
      const decoded = this.decoder.decode(packets, (pcm, first) => {
        const count = Math.min(pcm.length, stream.frames - first);
        for (let i = 0, w = stream.waveStart + first; i < count; i++, w++) {
          const value = Math.round(pcm[i] * 32768);
          wave[w] = value > 32767 ? 32767 : value < -32768 ? -32768 : value;
        }
      });
      // libvorbis gives a little more than the last granule position says (the end of the last
      // block), never less, and never more than a block of the largest size.
      if (decoded < stream.frames || decoded > stream.frames + 8192) {
        throw new OggStreamError(
          stream.byteEnd - stream.byteStart,
          `the stream decodes to ${decoded} frames, but its last page's granule position says ${stream.frames}`,
        );
      }
      this.states[index] = State.Decoded;
      return undefined;
    } catch (error) {
      this.states[index] = State.Failed;
      this.waveData.fill(0, stream.waveStart, stream.waveStart + stream.frames);
      const failure = this.streamError(index, stream.name, stream.byteStart, error);
      this.errors.push(failure);
      return failure;
    } finally {
      // The decoder's WebAssembly instance (16 MiB) is of no more use once every stream is decoded.
      if (--this.pending === 0) this.decoder.release();
    }
  }

  private streamError(index: number, name: string, byteStart: number, error: unknown): SoundFontError {
    const within = error instanceof OggStreamError ? error.offset : 0;
    const reason =
      error instanceof OggStreamError || error instanceof VorbisDecodeError
        ? error.message
        : `the decoder failed (${error instanceof Error ? error.message : String(error)})`;
    return new SoundFontError(
      this.chunkName,
      byteStart + within,
      `Invalid SoundFont: sample ${index} '${name}' (Ogg stream at byte ${byteStart}) cannot be decoded: ${reason}`,
    );
  }
}
