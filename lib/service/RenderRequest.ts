import { audioFormats, type AudioFormat } from "../io/AudioFormat.js";
import { MidiFile, SynthesizerSettings, type RenderOptions } from "../io/index.js";
import { parseEffectSettings } from "../synth/EffectSettings.js";
import type { Interpolation, Profile } from "../synth/SynthesizerSettings.js";
import type { FontLibrary } from "./FontLibrary.js";
import { RequestError } from "./RequestError.js";
import type { ServiceLimits } from "./ServiceLimits.js";

/** A render a client asked for, checked: what `POST /render` and `POST /jobs` take. */
export interface RenderRequest {
  /** One of the library's font names. */
  font: string;
  /** The MIDI file's bytes. */
  midi: Uint8Array;
  /** The render's options, `format` always set. */
  options: RenderOptions & { format: AudioFormat };
}

/** The query parameters of a render, in the order the errors list them. */
export const renderParameters: readonly string[] = [
  "font",
  "format",
  "bitrate",
  "sampleRate",
  "channels",
  "gain",
  "normalize",
  "dither",
  "tail",
  "start",
  "end",
  "profile",
  "interpolation",
  "reverb",
  "chorus",
];

/** `wav` is the 16-bit WAV a player expects; the other names are the render formats. */
const formatNames: readonly string[] = ["wav", ...audioFormats];

/**
 * Reads a render's query parameters and body, and checks everything that can be checked
 * without rendering: the parameters, the MIDI file, and the length against the limit.
 * @throws RequestError: 400 naming the parameter or the body at fault, 422 for a song longer than
 * the limit.
 */
export function parseRenderRequest(query: URLSearchParams, body: Uint8Array, fonts: FontLibrary, limits: ServiceLimits): RenderRequest {
  const values = new Map<string, string>();
  for (const [name, value] of query) {
    if (!renderParameters.includes(name)) {
      const near = renderParameters.find((known) => known.toLowerCase() === name.toLowerCase());
      throw new RequestError(400, `unknown parameter '${name}'${near ? ` (did you mean '${near}'?)` : ""}; the parameters are ${renderParameters.join(", ")}`);
    }
    if (values.has(name)) throw new RequestError(400, `${name}: given more than once`);
    values.set(name, value);
  }
  const font = fonts.resolve(values.get("font"));
  const format = oneOf("format", values.get("format") ?? "wav", formatNames);
  const options: RenderOptions & { format: AudioFormat } = { format: format === "wav" ? "s16" : (format as AudioFormat) };
  const bitrate = values.get("bitrate");
  if (bitrate !== undefined) options.bitrate = number("bitrate", bitrate);
  const sampleRate = values.get("sampleRate");
  if (sampleRate !== undefined) options.sampleRate = number("sampleRate", sampleRate);
  const profile = values.get("profile");
  if (profile !== undefined) options.profile = profile as Profile;
  const interpolation = values.get("interpolation");
  if (interpolation !== undefined) options.interpolation = interpolation as Interpolation;
  for (const name of ["reverb", "chorus"] as const) {
    const text = values.get(name);
    if (text === undefined) continue;
    const settings = parseEffectSettings(text);
    if (settings === undefined) throw new RequestError(400, `${name}: NAME=NUMBER pairs separated by commas (roomSize=0.8,level=0.5), got '${text}'`);
    options[name] = settings;
  }
  // The synthesizer's settings know their ranges and the profiles; their message names the setting.
  try {
    const { sampleRate, profile, reverb, chorus } = options;
    SynthesizerSettings.from({ sampleRate, profile, interpolation: options.interpolation, reverb, chorus });
  } catch (error) {
    throw new RequestError(400, (error as Error).message);
  }
  const channels = values.get("channels");
  if (channels !== undefined) options.channels = oneOf("channels", channels, ["1", "2"]) === "1" ? 1 : 2;
  const gain = values.get("gain");
  if (gain !== undefined) {
    options.gain = number("gain", gain);
    if (Math.abs(options.gain) > 100) throw new RequestError(400, `gain: a number of decibels from -100 to 100, got '${gain}'`);
  }
  for (const name of ["normalize", "dither"] as const) {
    const value = values.get(name);
    if (value !== undefined) options[name] = oneOf(name, value, ["true", "false"]) === "true";
  }
  if (options.normalize && options.gain !== undefined && options.gain !== 0) {
    throw new RequestError(400, "gain and normalize cannot be combined: normalize chooses the gain");
  }
  const tail = values.get("tail");
  if (tail !== undefined) options.tail = tail === "auto" ? "auto" : seconds("tail", tail, "auto or a number of seconds, 0 or more");
  const start = values.get("start");
  if (start !== undefined) options.start = seconds("start", start, "a number of seconds into the song, 0 or more");
  const end = values.get("end");
  if (end !== undefined) options.end = seconds("end", end, "a number of seconds into the song, 0 or more");

  if (body.length === 0) throw new RequestError(400, "body: empty; send the MIDI file as the request body");
  let midi: MidiFile;
  try {
    midi = new MidiFile(body);
  } catch (error) {
    throw new RequestError(400, `body: ${(error as Error).message}`, { cause: error });
  }
  const from = options.start ?? 0;
  const to = Math.min(options.end ?? midi.length, midi.length);
  if (from >= midi.length) {
    throw new RequestError(400, `start: ${from} s is not before the song's end (${midi.length.toFixed(3)} s)`);
  }
  if (to <= from) throw new RequestError(400, `end: ${options.end} s is not after start (${from} s)`);
  const tailSeconds = typeof options.tail === "number" ? options.tail : 0;
  if (to - from + tailSeconds > limits.maxSongSeconds) {
    throw new RequestError(
      422,
      `the render would last ${(to - from + tailSeconds).toFixed(1)} s (song ${(to - from).toFixed(1)} s, tail ${tailSeconds} s), more than this service's limit of ${limits.maxSongSeconds} s`,
    );
  }
  return { font, midi: body, options };
}

function oneOf(name: string, text: string, choices: readonly string[]): string {
  if (!choices.includes(text)) throw new RequestError(400, `${name}: one of ${choices.join(", ")}, got '${text}'`);
  return text;
}

function number(name: string, text: string): number {
  const value = Number(text);
  if (text.trim() === "" || !Number.isFinite(value)) throw new RequestError(400, `${name}: a number, got '${text}'`);
  return value;
}

function seconds(name: string, text: string, what: string): number {
  const value = Number(text);
  if (text.trim() === "" || !Number.isFinite(value) || value < 0) throw new RequestError(400, `${name}: ${what}, got '${text}'`);
  return value;
}
