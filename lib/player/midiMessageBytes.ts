/** The data bytes each channel command takes, by its high nibble. */
const DATA_BYTES: Record<number, number> = { 0x80: 2, 0x90: 2, 0xa0: 2, 0xb0: 2, 0xc0: 1, 0xd0: 1, 0xe0: 2 };

/**
 * Checks one MIDI message (a channel message with its status byte, no running status, or a
 * whole system exclusive message, F0 to F7) and returns a copy of it to send to the audio thread.
 * @throws RangeError saying what is wrong with it and at which byte.
 */
export function midiMessageBytes(message: ArrayLike<number>): Uint8Array {
  const bytes = Uint8Array.from(message);
  const status = bytes[0];
  if (status === undefined) throw new RangeError("a MIDI message needs at least its status byte; got none");
  if (status === 0xf0) {
    if (bytes[bytes.length - 1] !== 0xf7) throw new RangeError(`a system exclusive message must end with F7; it ends with ${hex(bytes[bytes.length - 1])}`);
    const inner = bytes.subarray(1, -1).findIndex((byte) => byte > 0x7f);
    if (inner !== -1) throw new RangeError(`byte ${inner + 1} of the system exclusive message is ${hex(bytes[inner + 1])}, above 7F`);
    return bytes;
  }
  const length = DATA_BYTES[status & 0xf0];
  if (status < 0x80 || length === undefined) {
    throw new RangeError(`byte 0 is ${hex(status)}: a message must start with a channel status byte (80-EF) or F0`);
  }
  if (bytes.length !== 1 + length) throw new RangeError(`a ${hex(status & 0xf0)} message has ${length} data bytes; got ${bytes.length - 1}`);
  for (let i = 1; i < bytes.length; i++) {
    if (bytes[i] > 0x7f) throw new RangeError(`data byte ${i} is ${hex(bytes[i])}, above 7F`);
  }
  return bytes;
}

function hex(byte: number): string {
  return byte.toString(16).toUpperCase().padStart(2, "0");
}
