import { createRequire } from "node:module";
import type OpusScript from "opusscript";
import type { AudioEncoder, HeaderRewrite } from "./AudioEncoder.js";
import { maximumSegments, OggPages, segmentsOf } from "./OggPages.js";
import { wholeFile } from "./wholeFile.js";

/** The sample rates libopus takes. */
export const opusSampleRates: readonly number[] = [8000, 12000, 16000, 24000, 48000];

/** The bit rates Opus has, in kbit/s: 6 to 510. */
export const opusBitRates = { lowest: 6, highest: 510, default: 128 } as const;

/** Opus always counts time at 48 kHz, whatever rate it was given (RFC 7845, section 4). */
const granuleRate = 48000;

/**
 * What libopus's encoder holds back in its application 'audio', at any rate: 2.5 ms of look-ahead
 * and 4 ms of delay compensation, 312 samples at 48 kHz (OPUS_GET_LOOKAHEAD; the wrapper cannot
 * ask for it). A decoder drops this many samples first: the Ogg header's pre-skip.
 */
const preSkip = 312;

/** Packets of 20 ms, the frame size Opus is tuned for. */
const packetSeconds = 0.02;

/** Packets gathered in a page: about one second, the most delay a player tolerates in a live stream. */
const packetsPerPage = 50;

/**
 * A fixed serial number: a file holds one stream, and the same render then gives the same bytes
 * (a chained stream would need distinct ones; this encoder writes none).
 */
const serial = 0x6d656c74;

const vendor = "meltysynth-native (libopus 1.4)";

/** @throws RangeError for a sample rate that libopus does not take. */
export function checkOpusSampleRate(sampleRate: number): void {
  if (!opusSampleRates.includes(sampleRate)) {
    throw new RangeError(`Opus takes sample rates of ${opusSampleRates.join(", ")} Hz, not ${sampleRate}: choose one of them (48000 is its own)`);
  }
}

/** @throws RangeError for a bit rate (kbit/s) that Opus does not have. */
export function checkOpusBitRate(bitRate: unknown): void {
  if (!(typeof bitRate === "number" && bitRate >= opusBitRates.lowest && bitRate <= opusBitRates.highest)) {
    throw new RangeError(`the Opus bitrate must be from ${opusBitRates.lowest} to ${opusBitRates.highest} kbit/s, got ${String(bitRate)}`);
  }
}

/** OPUS_SET_VBR_CONSTRAINT_REQUEST of libopus's opus_defines.h. */
const setVbrConstraint = 4020;

type OpusScriptClass = typeof OpusScript;
let library: OpusScriptClass | undefined;

/**
 * Ogg Opus through libopus compiled to WebAssembly (the opusscript package): 20 ms packets at a
 * variable bit rate, gathered into pages of about a second. The samples go to
 * libopus as 16-bit integers, the input its wrapper takes; their noise floor lies far below the
 * codec's. The Ogg header states the pre-skip, and the last page's granule position ends the
 * stream at the song's last frame, so a decoder gives back exactly the frames rendered.
 */
export class OpusEncoder implements AudioEncoder {
  readonly format = "opus";
  private readonly pages = new OggPages(serial);
  private readonly frameSize: number;
  private readonly pcm: Int16Array;
  // The wrapper takes the samples as little-endian bytes (one byte per element it copies).
  private readonly pcmBytes: Buffer;
  private filled = 0;
  private packets: Uint8Array[] = [];
  private packetCount = 0;
  private frames = 0;
  private header: Uint8Array[];

  private constructor(
    private readonly opus: OpusScript,
    private readonly sampleRate: number,
    private readonly channels: number,
  ) {
    this.frameSize = sampleRate * packetSeconds;
    this.pcm = new Int16Array(this.frameSize * channels);
    this.pcmBytes = Buffer.from(this.pcm.buffer);
    this.header = [this.pages.page([opusHead(channels, sampleRate)], 0n), this.pages.page([opusTags()], 0n)];
  }

  /**
   * @param bitRate kbit/s for all channels together.
   * @throws RangeError for a sample rate libopus does not take or a bit rate Opus does not have;
   * Error when the encoder cannot be loaded.
   */
  static create(sampleRate: number, channels: number, bitRate: number = opusBitRates.default): OpusEncoder {
    checkOpusSampleRate(sampleRate);
    checkOpusBitRate(bitRate);
    if (library === undefined) {
      try {
        library = createRequire(import.meta.url)("opusscript") as OpusScriptClass;
      } catch (error) {
        throw new Error(`the Opus encoder (opusscript) could not be loaded: ${(error as Error).message}`, { cause: error });
      }
    }
    const opus = new library(sampleRate as 48000, channels, library.Application.AUDIO);
    opus.setBitrate(Math.round(bitRate * 1000));
    // Unconstrained VBR, as opusenc writes files: the bit rate is kept on average, and a hard
    // passage (a piano's attack) takes more than a quiet one.
    opus.encoderCTL(setVbrConstraint, 0);
    return new OpusEncoder(opus, sampleRate, channels);
  }

  encode(channels: readonly Float32Array[], frames: number): Uint8Array {
    const out = this.takeHeader();
    const stride = this.channels;
    for (let i = 0; i < frames; i++) {
      for (let c = 0; c < stride; c++) {
        const sample = Math.round(channels[c][i] * 32768);
        this.pcm[this.filled * stride + c] = sample > 32767 ? 32767 : sample < -32768 ? -32768 : sample;
      }
      if (++this.filled === this.frameSize) this.encodePacket(out);
    }
    this.frames += frames;
    return wholeFile(out, undefined);
  }

  /** Pads with silence until libopus has given out the last frame despite its delay, and ends the stream. */
  finish(): Uint8Array {
    const out = this.takeHeader();
    const needed = this.frames + (preSkip * this.sampleRate) / granuleRate;
    while (this.packetCount * this.frameSize < needed) {
      this.pcm.fill(0, this.filled * this.channels);
      this.filled = this.frameSize;
      this.encodePacket(out);
    }
    const end = BigInt(preSkip + Math.round((this.frames * granuleRate) / this.sampleRate));
    out.push(this.pages.page(this.packets, end, true));
    this.packets = [];
    this.opus.delete();
    return wholeFile(out, undefined);
  }

  rewrite(): HeaderRewrite | undefined {
    return undefined;
  }

  private takeHeader(): Uint8Array[] {
    const header = this.header;
    this.header = [];
    return header;
  }

  private encodePacket(out: Uint8Array[]): void {
    const packet = Uint8Array.from(this.opus.encode(this.pcmBytes, this.frameSize));
    this.filled = 0;
    const segments = this.packets.reduce((n, p) => n + segmentsOf(p.length), 0);
    if (this.packets.length === packetsPerPage || segments + segmentsOf(packet.length) > maximumSegments) {
      out.push(this.pages.page(this.packets, this.granuleAt(this.packetCount)));
      this.packets = [];
    }
    this.packets.push(packet);
    this.packetCount++;
  }

  /** The granule position after `packets` packets: 48 kHz samples decoded, pre-skip included. */
  private granuleAt(packets: number): bigint {
    return BigInt((packets * this.frameSize * granuleRate) / this.sampleRate);
  }
}

/** The identification header (RFC 7845, section 5.1): channel mapping family 0, no output gain. */
function opusHead(channels: number, sampleRate: number): Uint8Array {
  const bytes = new Uint8Array(19);
  const view = new DataView(bytes.buffer);
  bytes.set(new TextEncoder().encode("OpusHead"));
  bytes[8] = 1; // version
  bytes[9] = channels;
  view.setUint16(10, preSkip, true);
  view.setUint32(12, sampleRate, true); // the rate of the input, for a decoder that wants it back
  view.setInt16(16, 0, true);
  bytes[18] = 0;
  return bytes;
}

/** The comment header (RFC 7845, section 5.2): the vendor string and no comments. */
function opusTags(): Uint8Array {
  const text = new TextEncoder().encode(vendor);
  const bytes = new Uint8Array(8 + 4 + text.length + 4);
  const view = new DataView(bytes.buffer);
  bytes.set(new TextEncoder().encode("OpusTags"));
  view.setUint32(8, text.length, true);
  bytes.set(text, 12);
  view.setUint32(12 + text.length, 0, true);
  return bytes;
}
