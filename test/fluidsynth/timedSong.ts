/**
 * A MIDI song written as events at times in milliseconds: the one shape every comparison test
 * needs, with system exclusive messages (which lib/midi's writer does not write) among them.
 */
export interface TimedEvent {
  /** When, in milliseconds from the start. */
  readonly ms: number;
  /** A channel message (status 0x80-0xEF and its data bytes) or a whole sysex message F0 ... F7. */
  readonly bytes: readonly number[];
}

// One tick is one millisecond: 1000 ticks per quarter note at 1 000 000 microseconds per quarter.
const TICKS_PER_QUARTER = 1000;
const MICROSECONDS_PER_QUARTER = 1_000_000;

/** Channel message helpers; `channel` is 0-15. */
export const noteOn = (ms: number, channel: number, key: number, velocity: number): TimedEvent => ({ ms, bytes: [0x90 | channel, key, velocity] });
export const noteOff = (ms: number, channel: number, key: number): TimedEvent => ({ ms, bytes: [0x80 | channel, key, 0] });
export const controlChange = (ms: number, channel: number, controller: number, value: number): TimedEvent => ({ ms, bytes: [0xb0 | channel, controller, value] });
export const programChange = (ms: number, channel: number, program: number): TimedEvent => ({ ms, bytes: [0xc0 | channel, program] });
export const channelPressure = (ms: number, channel: number, value: number): TimedEvent => ({ ms, bytes: [0xd0 | channel, value] });
export const keyPressure = (ms: number, channel: number, key: number, value: number): TimedEvent => ({ ms, bytes: [0xa0 | channel, key, value] });
export const pitchBend = (ms: number, channel: number, value14: number): TimedEvent => ({ ms, bytes: [0xe0 | channel, value14 & 0x7f, value14 >> 7] });
export const sysex = (ms: number, message: readonly number[]): TimedEvent => ({ ms, bytes: message });

/**
 * A format 0 standard MIDI file holding `events` (sorted stably by time) and ending at `endMs`,
 * so that both synthesizers render the same length whatever the last event.
 */
export function writeTimedSong(events: readonly TimedEvent[], endMs: number): Uint8Array {
  const sorted = events.map((e, i) => ({ e, i })).sort((a, b) => a.e.ms - b.e.ms || a.i - b.i).map((x) => x.e);
  const track: number[] = [];
  let now = 0;
  const delta = (ms: number) => {
    const tick = Math.round(ms);
    if (tick < now) throw new RangeError(`event at ${ms} ms is before ${now} ms`);
    pushVariableLength(track, tick - now);
    now = tick;
  };
  delta(0);
  const us = MICROSECONDS_PER_QUARTER;
  track.push(0xff, 0x51, 0x03, (us >> 16) & 0xff, (us >> 8) & 0xff, us & 0xff);
  for (const event of sorted) {
    delta(event.ms);
    const b = event.bytes;
    if (b[0] === 0xf0) {
      if (b[b.length - 1] !== 0xf7) throw new RangeError("a sysex message must end with F7");
      track.push(0xf0);
      pushVariableLength(track, b.length - 1);
      track.push(...b.slice(1));
    } else {
      if (b[0] < 0x80 || b[0] >= 0xf0) throw new RangeError(`not a channel message: ${b[0]}`);
      track.push(...b);
    }
  }
  delta(Math.max(endMs, now));
  track.push(0xff, 0x2f, 0x00);

  const header = [0x4d, 0x54, 0x68, 0x64, 0, 0, 0, 6, 0, 0, 0, 1, TICKS_PER_QUARTER >> 8, TICKS_PER_QUARTER & 0xff];
  const length = track.length;
  const trackHeader = [0x4d, 0x54, 0x72, 0x6b, (length >>> 24) & 0xff, (length >> 16) & 0xff, (length >> 8) & 0xff, length & 0xff];
  return Uint8Array.from([...header, ...trackHeader, ...track]);
}

function pushVariableLength(out: number[], value: number): void {
  const groups = [value & 0x7f];
  for (let v = value >>> 7; v > 0; v >>>= 7) groups.unshift((v & 0x7f) | 0x80);
  out.push(...groups);
}

/** A Roland GS DT1 message to address `address` (three bytes) with its checksum. */
export function rolandDataSet(address: readonly [number, number, number], data: readonly number[]): number[] {
  const body = [...address, ...data];
  const sum = body.reduce((s, b) => s + b, 0);
  return [0xf0, 0x41, 0x10, 0x42, 0x12, ...body, (128 - (sum % 128)) % 128, 0xf7];
}
