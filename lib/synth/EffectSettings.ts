/**
 * The reverb's and the chorus's settings, with FluidSynth's names, ranges and meaning where
 * they correspond (synth.reverb.* and synth.chorus.*), and MeltySynth's sound as the defaults.
 */

/** Freeverb's settings. */
export interface ReverbSettings {
  /** Room size, 0 to 1: the comb filters' feedback, so the length of the tail. Default 0.5. */
  roomSize: number;
  /** High-frequency damping of the tail, 0 to 1. Default 0.5. */
  damping: number;
  /** Stereo width, 0 (mono) to 100; above 1 the channels are mixed in opposite phase. Default 1. */
  width: number;
  /** Output level (Freeverb's wet), 0 to 1. Default 1/3, MeltySynth's. */
  level: number;
}

/** The chorus's settings. */
export interface ChorusSettings {
  /**
   * Modulated delay lines per channel, 0 (silent) to 99, their modulations spread evenly over a
   * period and their outputs summed, as FluidSynth's are. Default 1.
   */
  voices: number;
  /** Output level, 0 to 10 (a gain on the chorus's return). Default 1. */
  level: number;
  /** Modulation frequency in hertz, 0.1 to 5. Default 0.4. */
  speed: number;
  /** Modulation depth in milliseconds, peak to peak, 0 to 256. Default 3.8. */
  depth: number;
}

interface Field {
  readonly min: number;
  readonly max: number;
  readonly integer?: boolean;
}

const REVERB_FIELDS: Readonly<Record<keyof ReverbSettings, Field>> = {
  roomSize: { min: 0, max: 1 },
  damping: { min: 0, max: 1 },
  width: { min: 0, max: 100 },
  level: { min: 0, max: 1 },
};

const CHORUS_FIELDS: Readonly<Record<keyof ChorusSettings, Field>> = {
  voices: { min: 0, max: 99, integer: true },
  level: { min: 0, max: 10 },
  speed: { min: 0.1, max: 5 },
  depth: { min: 0, max: 256 },
};

export const DEFAULT_REVERB: Readonly<ReverbSettings> = Object.freeze({ roomSize: 0.5, damping: 0.5, width: 1, level: 1 / 3 });
export const DEFAULT_CHORUS: Readonly<ChorusSettings> = Object.freeze({ voices: 1, level: 1, speed: 0.4, depth: 3.8 });

/** The most chorus voices, and the deepest modulation in milliseconds: what the chorus allocates for. */
export const MAXIMUM_CHORUS_VOICES = CHORUS_FIELDS.voices.max;
export const MAXIMUM_CHORUS_DEPTH = CHORUS_FIELDS.depth.max;

/** `base` with the fields of `changes`, each checked; throws naming `where` and the field. */
export function withReverb(base: Readonly<ReverbSettings>, changes: unknown, where = "reverb"): ReverbSettings {
  return withFields(REVERB_FIELDS, base, changes, where);
}

/** `base` with the fields of `changes`, each checked; throws naming `where` and the field. */
export function withChorus(base: Readonly<ChorusSettings>, changes: unknown, where = "chorus"): ChorusSettings {
  return withFields(CHORUS_FIELDS, base, changes, where);
}

function withFields<T extends object>(
  fields: Readonly<Record<keyof T, Field>>,
  base: Readonly<T>,
  changes: unknown,
  where: string,
): T {
  if (typeof changes !== "object" || changes === null || Array.isArray(changes)) {
    throw new TypeError(`${where} must be an object with some of ${Object.keys(fields).join(", ")}`);
  }
  const result = { ...base };
  for (const [name, value] of Object.entries(changes)) {
    if (value === undefined) continue;
    const field = (fields as Record<string, Field>)[name];
    if (field === undefined) {
      throw new TypeError(`unknown setting '${where}.${name}'; the settings are ${Object.keys(fields).join(", ")}`);
    }
    const kind = field.integer ? "an integer" : "a number";
    if (typeof value !== "number" || !(value >= field.min && value <= field.max) || (field.integer && !Number.isInteger(value))) {
      throw new RangeError(`${where}.${name} must be ${kind} from ${field.min} to ${field.max}, got ${String(value)}`);
    }
    (result as Record<string, number>)[name] = value;
  }
  return result;
}

/**
 * How far a ramped setting moves towards its target in one sample: the difference, limited to
 * [-limit, limit]. The effects (and their native twins in native/effects.cpp) step their gains
 * and delays with it, so that a change is a straight line rather than a step.
 */
export function slew(difference: number, limit: number): number {
  return difference > limit ? limit : difference < -limit ? -limit : difference;
}

/**
 * Settings written as text, `roomSize=0.8,level=0.5`: how the command line and the render
 * service take them. Undefined unless the text is NAME=NUMBER pairs separated by commas; the
 * names and ranges are checked where the settings are taken.
 */
export function parseEffectSettings(text: string): Record<string, number> | undefined {
  const settings: Record<string, number> = {};
  for (const pair of text.split(",")) {
    const match = /^\s*([A-Za-z]+)\s*=\s*(\S+)\s*$/.exec(pair);
    if (match === null) return undefined;
    const value = Number(match[2]);
    if (!Number.isFinite(value)) return undefined;
    settings[match[1]] = value;
  }
  return settings;
}
