/**
 * The system exclusive messages the 'full' profile acts on, read from their bytes: the GM, GM2,
 * GS and XG resets, GS double-module mode, GS "use for rhythm part", the GS reverb and chorus
 * parameters, the universal master volume, GM2's reverb and chorus parameters and the MIDI
 * Tuning Standard's tuning changes. Anything else, or a message too short or too long for what its
 * header announces, reads as undefined and is ignored. The device ID is not checked.
 */
import { describeValue } from "../soundfont/fileBytes.js";

export type SystemExclusive =
  /** A reset to a standard; GS double-module mode is a GS reset with `modules` 2 (32 channels). */
  | { readonly kind: "reset"; readonly standard: "gm" | "gm2" | "gs" | "xg"; readonly modules?: 2 }
  | { readonly kind: "gmOff" }
  /** `channel` counts from the port's first: parts 1-16 of block A are 0-15, those of block B 16-31. */
  | { readonly kind: "rhythmPart"; readonly channel: number; readonly drums: boolean }
  | { readonly kind: "masterVolume"; readonly volume: number }
  /** A GS effect parameter: `parameter` 0-7 of the reverb's (40 01 30-37) or the chorus's (40 01 38-3F). */
  | { readonly kind: "gsReverb" | "gsChorus"; readonly parameter: number; readonly value: number }
  /** A GM2 global parameter control of the reverb (slot 01 01) or the chorus (slot 01 02). */
  | { readonly kind: "gm2Reverb" | "gm2Chorus"; readonly parameter: number; readonly value: number }
  /** Keys of tuning program `bank`, `program` get new pitches (single note change, bulk dump). */
  | { readonly kind: "keyTuning"; readonly bank: number; readonly program: number; readonly keys: readonly number[]; readonly cents: readonly number[]; readonly realtime: boolean }
  /** The channels of a 16-bit mask get a tuning that moves each pitch class by its cents. */
  | { readonly kind: "octaveTuning"; readonly channels: number; readonly cents: readonly number[]; readonly realtime: boolean };

const ROLAND = 0x41;
const YAMAHA = 0x43;
const NON_REALTIME = 0x7e;
const REALTIME = 0x7f;

/**
 * Checks the framing of a message as `processSysEx` takes it: a Uint8Array that starts with
 * F0, ends with F7 and holds only data bytes between.
 * @throws TypeError when `data` is not a Uint8Array; RangeError when the framing is wrong.
 */
export function checkSysExFraming(data: unknown): asserts data is Uint8Array {
  if (!(data instanceof Uint8Array)) {
    throw new TypeError(`a system exclusive message must be a Uint8Array, got ${describeValue(data)}`);
  }
  if (data.length < 2 || data[0] !== 0xf0 || data[data.length - 1] !== 0xf7) {
    throw new RangeError(
      `a system exclusive message must start with F0 and end with F7, got ${data.length} bytes` +
        (data.length > 0 ? ` from ${hex(data[0])} to ${hex(data[data.length - 1])}` : ""),
    );
  }
  for (let i = 1; i < data.length - 1; i++) {
    if (data[i] > 0x7f) {
      throw new RangeError(`a system exclusive message holds data bytes only, but byte ${i} is ${hex(data[i])}`);
    }
  }
}

/** What a framed message (F0 ... F7) asks for, or undefined when it is none of the known ones. */
export function readSystemExclusive(data: Uint8Array): SystemExclusive | undefined {
  const body = data.subarray(1, data.length - 1);
  const [manufacturer, , a, b, c] = body;
  if (manufacturer === NON_REALTIME && a === 0x09 && body.length === 4) {
    if (b === 0x01) return { kind: "reset", standard: "gm" };
    if (b === 0x02) return { kind: "gmOff" };
    if (b === 0x03) return { kind: "reset", standard: "gm2" };
    return undefined;
  }
  if (manufacturer === REALTIME && a === 0x04 && b === 0x01 && body.length === 6) {
    return { kind: "masterVolume", volume: (body[4] | (body[5] << 7)) / 16383 };
  }
  // Global parameter control with one slot of two bytes, parameter and value of one byte each:
  // 7F dev 04 05 01 01 01 01 slot parameter value.
  if (manufacturer === REALTIME && a === 0x04 && b === 0x05 && body.length === 11 && c === 1 && body[5] === 1 && body[6] === 1 && body[7] === 1) {
    if (body[8] === 1) return { kind: "gm2Reverb", parameter: body[9], value: body[10] };
    if (body[8] === 2) return { kind: "gm2Chorus", parameter: body[9], value: body[10] };
    return undefined;
  }
  if ((manufacturer === REALTIME || manufacturer === NON_REALTIME) && a === 0x08) return readTuning(body, manufacturer === REALTIME);
  // GS data set: 41 dev 42 12 address(3) data checksum.
  if (manufacturer === ROLAND && a === 0x42 && b === 0x12 && body.length >= 9) {
    const address = (c << 16) | (body[5] << 8) | body[6];
    const value = body[7];
    // The system mode set (00 00 7F, and 40 00 7F as some files send it): 01 is the double module.
    if ((address === 0x40007f || address === 0x00007f) && value === 0x01) return { kind: "reset", standard: "gs", modules: 2 };
    if (address === 0x40007f) return value === 0x00 ? { kind: "reset", standard: "gs" } : { kind: "reset", standard: "gm" };
    if (address === 0x00007f && value === 0x00) return { kind: "reset", standard: "gs" };
    // 40 1x 15 (block A) or 50 1x 15 (block B, the second module): x is part 10 for 0, parts
    // 1-9 for 1-9, parts 11-16 for A-F.
    if (address >= 0x400130 && address <= 0x40013f) {
      const parameter = address - 0x400130;
      return parameter < 8 ? { kind: "gsReverb", parameter, value } : { kind: "gsChorus", parameter: parameter - 8, value };
    }
    if ((address & 0xeff0ff) === 0x401015) {
      const part = (address >> 8) & 0x0f;
      const channel = (part === 0 ? 9 : part <= 9 ? part - 1 : part) + (address & 0x100000 ? 16 : 0);
      return { kind: "rhythmPart", channel, drums: value !== 0 };
    }
    return undefined;
  }
  // XG parameter change: 43 1n 4C address(3) data; 00 00 7E is XG system on, 00 00 7F a reset.
  if (manufacturer === YAMAHA && (body[1] & 0xf0) === 0x10 && a === 0x4c && body.length >= 7) {
    const address = (b << 16) | (c << 8) | body[5];
    if (address === 0x00007e || address === 0x00007f) return { kind: "reset", standard: "xg" };
  }
  return undefined;
}

/**
 * The MIDI Tuning Standard's changes (universal sub-ID 08): single note tuning change (02, and 07
 * with a bank), bulk tuning dump (01, and 04 with a bank), scale/octave tuning in 1 byte (08) and
 * 2 bytes (09) per pitch class. A key's pitch is three bytes: the semitone, then 14 bits of
 * 1/16384 semitone; 7F 7F 7F leaves the key as it is. The dumps' checksum is not checked.
 */
function readTuning(body: Uint8Array, realtime: boolean): SystemExclusive | undefined {
  const kind = body[3];
  if (kind === 0x02 || kind === 0x07) {
    const at = kind === 0x07 ? 5 : 4;
    const count = body[at + 1];
    if (body.length !== at + 2 + 4 * count) return undefined;
    const keys: number[] = [];
    const cents: number[] = [];
    for (let i = at + 2; i < body.length; i += 4) keyPitch(body, i + 1, body[i], keys, cents);
    return { kind: "keyTuning", bank: kind === 0x07 ? body[4] : 0, program: body[at], keys, cents, realtime };
  }
  if (kind === 0x01 || kind === 0x04) {
    const at = kind === 0x04 ? 5 : 4;
    // program, 16 name bytes, 128 pitches, checksum
    if (body.length !== at + 1 + 16 + 3 * 128 + 1) return undefined;
    const keys: number[] = [];
    const cents: number[] = [];
    for (let key = 0; key < 128; key++) keyPitch(body, at + 17 + 3 * key, key, keys, cents);
    return { kind: "keyTuning", bank: kind === 0x04 ? body[4] : 0, program: body[at], keys, cents, realtime };
  }
  if (kind === 0x08 || kind === 0x09) {
    const width = kind === 0x08 ? 1 : 2;
    if (body.length !== 7 + 12 * width) return undefined;
    const channels = ((body[4] & 0x03) << 14) | (body[5] << 7) | body[6];
    const cents = Array.from({ length: 12 }, (_, i) =>
      width === 1 ? body[7 + i] - 64 : (((body[7 + 2 * i] << 7) | body[8 + 2 * i]) - 8192) * (200 / 16384),
    );
    return { kind: "octaveTuning", channels, cents, realtime };
  }
  return undefined;
}

// A key's pitch from its three bytes at `at`, as cents from equal temperament; 7F 7F 7F is none.
function keyPitch(body: Uint8Array, at: number, key: number, keys: number[], cents: number[]): void {
  const semitone = body[at];
  const fraction = (body[at + 1] << 7) | body[at + 2];
  if (semitone === 0x7f && fraction === 16383) return;
  keys.push(key);
  cents.push(100 * (semitone - key) + (fraction * 100) / 16384);
}

function hex(byte: number): string {
  return byte.toString(16).toUpperCase().padStart(2, "0");
}
