/**
 * The bytes of a file as `new SoundFont(...)` and `new MidiFile(...)` take them: a Uint8Array
 * (used as it is), an ArrayBuffer or any other view of one (read as bytes).
 * @param reader What takes them, for the message: "SoundFont" or "MidiFile".
 * @throws TypeError for anything else, saying what it got; for a string, that a path wants
 * `fromFile`.
 */
export function fileBytes(data: unknown, reader: string): Uint8Array {
  if (data instanceof Uint8Array) return data;
  if (ArrayBuffer.isView(data)) return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  if (data instanceof ArrayBuffer) return new Uint8Array(data);
  if (typeof data === "string") {
    throw new TypeError(
      `new ${reader}() takes the file's bytes, not a path: use ${reader}.fromFile(${JSON.stringify(data)}) in Node, or read the file first`,
    );
  }
  throw new TypeError(`new ${reader}() takes the file's bytes (a Uint8Array or an ArrayBuffer), got ${describeValue(data)}`);
}

/** What a value is, for a message: "null", "a string", "a SoundFont", "a number". */
export function describeValue(value: unknown): string {
  if (value === null) return "null";
  if (value === undefined) return "undefined";
  if (typeof value === "object" || typeof value === "function") {
    const name = (value as object).constructor?.name;
    return name ? `a ${name}` : "an object";
  }
  return `a ${typeof value}`;
}
