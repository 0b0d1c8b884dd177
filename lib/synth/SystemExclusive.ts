/**
 * The system exclusive messages the 'full' profile acts on, read from their bytes: the GM, GM2,
 * GS and XG resets, GS "use for rhythm part" and the universal master volume. Anything else,
 * or a message too short for what its header announces, reads as undefined and is ignored.
 */
import { describeValue } from "../soundfont/fileBytes.js";

export type SystemExclusive =
  | { readonly kind: "reset"; readonly standard: "gm" | "gm2" | "gs" | "xg" }
  | { readonly kind: "gmOff" }
  | { readonly kind: "rhythmPart"; readonly channel: number; readonly drums: boolean }
  | { readonly kind: "masterVolume"; readonly volume: number };

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
  // GS data set: 41 dev 42 12 address(3) data checksum.
  if (manufacturer === ROLAND && a === 0x42 && b === 0x12 && body.length >= 9) {
    const address = (c << 16) | (body[5] << 8) | body[6];
    const value = body[7];
    if (address === 0x40007f) return value === 0x00 ? { kind: "reset", standard: "gs" } : { kind: "reset", standard: "gm" };
    if (address === 0x00007f && value <= 0x01) return { kind: "reset", standard: "gs" };
    // 40 1x 15: block x is part 10 for 0, parts 1-9 for 1-9, parts 11-16 for A-F.
    if ((address & 0xfff0ff) === 0x401015) {
      const block = (address >> 8) & 0x0f;
      const channel = block === 0 ? 9 : block <= 9 ? block - 1 : block;
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

function hex(byte: number): string {
  return byte.toString(16).toUpperCase().padStart(2, "0");
}
