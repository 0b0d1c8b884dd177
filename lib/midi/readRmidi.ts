import { MidiFileError } from "./MidiFileError.js";

/** A SoundFont or DLS bank an RMIDI file carries, to play the song with. */
export interface EmbeddedSoundBank {
  readonly format: "sf2" | "dls";
  /** The bank's whole RIFF file (a view on the song's bytes). */
  readonly bytes: Uint8Array;
  /**
   * What the bank's melodic banks move by (its DBNK field): the song selects bank b + offset for
   * the bank's presets of bank b. Without the field, 1 for a SoundFont and 0 for DLS, as
   * spessasynth_core reads it; DLS banks always 0.
   */
  readonly bankOffset: number;
}

/** What an RMIDI file's RIFF wrapping holds besides the song. */
export interface Rmidi {
  /** Where the standard MIDI file lies in the bytes. */
  readonly dataStart: number;
  readonly dataEnd: number;
  readonly bank: EmbeddedSoundBank | undefined;
  /** The INFO list's text fields by their IDs (INAM name, IART artist, ICOP copyright...). */
  readonly info: Readonly<Record<string, string>>;
}

/**
 * Reads the RIFF wrapping of an RMIDI file (RIFF 'RMID': a 'data' chunk holding a standard MIDI
 * file, an optional LIST INFO, and an optional SoundFont or DLS bank as a RIFF chunk of its own).
 * Undefined for bytes that do not start with 'RIFF'.
 * @throws MidiFileError with the offset of a RIFF form that is not RMID, a chunk that runs past
 *   the file's end, a bank offset above 127, or a missing 'data' chunk.
 */
export function readRmidi(bytes: Uint8Array): Rmidi | undefined {
  if (bytes.length < 4 || idAt(bytes, 0) !== "RIFF") return undefined;
  if (bytes.length < 12) throw new MidiFileError(`an RMIDI file of ${bytes.length} bytes ends inside its RIFF header (12 bytes)`, 0);
  const form = idAt(bytes, 8);
  if (form !== "RMID") throw new MidiFileError(`a RIFF file of form '${printable(form)}', not an RMIDI file ('RMID')`, 8);
  const end = Math.min(bytes.length, 8 + u32(bytes, 4));
  let data: [number, number] | undefined;
  let bank: { format: "sf2" | "dls"; bytes: Uint8Array } | undefined;
  let dbnk: number | undefined;
  const info: Record<string, string> = {};
  for (const chunk of chunks(bytes, 12, end)) {
    if (chunk.id === "data" && data === undefined) data = [chunk.body, chunk.end];
    else if (chunk.id === "RIFF" && bank === undefined && chunk.end - chunk.body >= 4) {
      const type = idAt(bytes, chunk.body).toLowerCase();
      if (type === "sfbk" || type === "sfpk" || type === "dls ") bank = { format: type === "dls " ? "dls" : "sf2", bytes: bytes.subarray(chunk.start, chunk.end) };
    } else if (chunk.id === "LIST" && chunk.end - chunk.body >= 4 && idAt(bytes, chunk.body) === "INFO") {
      for (const field of chunks(bytes, chunk.body + 4, chunk.end)) {
        if (field.id === "DBNK" && field.end - field.body >= 2) {
          dbnk = bytes[field.body] | (bytes[field.body + 1] << 8);
          // A bank select MSB moves by it, so it is a number of banks a MSB can reach.
          if (dbnk > 127) throw new MidiFileError(`the bank offset (DBNK) is ${dbnk}, above 127`, field.body);
        }
        else if (field.id !== "DBNK") info[field.id] = text(bytes.subarray(field.body, field.end));
      }
    }
  }
  if (data === undefined) throw new MidiFileError("an RMIDI file without its 'data' chunk, which holds the song", 12);
  const bankOffset = bank === undefined || bank.format === "dls" ? 0 : (dbnk ?? 1);
  return { dataStart: data[0], dataEnd: data[1], bank: bank && { ...bank, bankOffset }, info };
}

interface Chunk {
  readonly id: string;
  readonly start: number;
  readonly body: number;
  readonly end: number;
}

// The chunks from `from` to `to`, each checked to lie inside them; RIFF pads odd sizes to even.
function* chunks(bytes: Uint8Array, from: number, to: number): Generator<Chunk> {
  let at = from;
  while (to - at >= 8) {
    const id = idAt(bytes, at);
    const size = u32(bytes, at + 4);
    if (size > to - at - 8) throw new MidiFileError(`chunk '${printable(id)}' of ${size} bytes runs past its end (${to - at - 8} bytes left)`, at);
    yield { id, start: at, body: at + 8, end: at + 8 + size };
    at += 8 + size + (size & 1);
  }
}

function idAt(bytes: Uint8Array, at: number): string {
  return String.fromCharCode(bytes[at], bytes[at + 1], bytes[at + 2], bytes[at + 3]);
}

function u32(bytes: Uint8Array, at: number): number {
  return (bytes[at] | (bytes[at + 1] << 8) | (bytes[at + 2] << 16)) + bytes[at + 3] * 0x1000000;
}

// An INFO text: up to its first NUL, as UTF-8 (what RMIDI writers use today).
function text(body: Uint8Array): string {
  const nul = body.indexOf(0);
  return new TextDecoder().decode(nul >= 0 ? body.subarray(0, nul) : body);
}

function printable(id: string): string {
  return id.replace(/[^\x20-\x7e]/g, "?");
}
