import type { BackendChoice, Interpolation } from "../kernels/BlockRenderer.js";
import { DEFAULT_CHORUS, DEFAULT_REVERB, withChorus, withReverb, type ChorusSettings, type ReverbSettings } from "./EffectSettings.js";

export type { BackendChoice, Interpolation, ChorusSettings, ReverbSettings };

/**
 * When a MIDI message takes effect: 'block' at the start of the block it falls in (MeltySynth's
 * behaviour and bits), 'sample' at its exact frame (the block is rendered up to that frame, the
 * message applied, and rendering goes on).
 */
export type EventTiming = "block" | "sample";

/**
 * What the synthesizer plays. 'meltysynth' (the default) is MeltySynth's General MIDI subset,
 * bit for bit. 'full' adds SoundFont 2.04 modulators (the defaults and the font's own), channel
 * and polyphonic pressure, sostenuto, soft pedal, portamento, bank select LSB, RPN 5, and the
 * GM, GM2, GS and XG system exclusive messages, with drums wherever those put them.
 */
export type Profile = "meltysynth" | "full";

/** The settings of a synthesizer, as a plain object; omitted fields take their defaults. */
export interface SynthesizerOptions {
  /** Output sample rate in hertz, 16000 to 192000. Default 44100. */
  sampleRate?: number;
  /** Frames rendered per block, 8 to 1024. Default 64. */
  blockSize?: number;
  /** Voices that can sound at once, 8 to 4096. Default 64. */
  maximumPolyphony?: number;
  /** Whether reverb and chorus run. Default true. */
  enableReverbAndChorus?: boolean;
  /**
   * 'js', 'native', 'wasm' or 'auto' (default: native code where it loads, else WebAssembly,
   * else JavaScript). With 'auto', the environment variable MELTYSYNTH_BACKEND (js, native,
   * wasm or auto) decides, where there is one.
   */
  backend?: BackendChoice;
  /** 'block' (default) or 'sample': see {@link EventTiming}. */
  eventTiming?: EventTiming;
  /** How many timestamped messages can wait to be applied, 16 to 65536. Default 1024. */
  eventQueueCapacity?: number;
  /** 'meltysynth' (default) or 'full': see {@link Profile}. */
  profile?: Profile;
  /**
   * MIDI channels to start with: 16 per MIDI port, 16 to 256 in steps of 16 ('full' profile; the
   * 'meltysynth' profile has 16). Default 16; a song on several ports adds what it needs.
   */
  midiChannels?: number;
  /**
   * How samples are read between their points: 'linear' (the default, MeltySynth's), 'cubic'
   * (FluidSynth's 4th-order interpolation: fewer aliases when a sample plays far from its pitch)
   * or 'sinc' (8 points through a windowed sinc: fewer still, at more cost).
   */
  interpolation?: Interpolation;
  /**
   * The reverb's room size, damping, width and level (FluidSynth's synth.reverb.*); fields left
   * out keep MeltySynth's values: { roomSize: 0.5, damping: 0.5, width: 1, level: 1/3 }.
   */
  reverb?: Partial<ReverbSettings>;
  /**
   * The chorus's voices, level, speed and depth (FluidSynth's synth.chorus.*); fields left out
   * keep MeltySynth's values: { voices: 1, level: 1, speed: 0.4, depth: 3.8 }.
   */
  chorus?: Partial<ChorusSettings>;
}

const BACKENDS: readonly BackendChoice[] = ["auto", "js", "native", "wasm"];
const EVENT_TIMINGS: readonly EventTiming[] = ["block", "sample"];
const PROFILES: readonly Profile[] = ["meltysynth", "full"];
const INTERPOLATIONS: readonly Interpolation[] = ["linear", "cubic", "sinc"];

/** Validated synthesizer settings; every setter throws a RangeError naming the setting and its range. */
export class SynthesizerSettings {
  static readonly defaultBlockSize = 64;
  static readonly defaultMaximumPolyphony = 64;
  static readonly defaultEnableReverbAndChorus = true;
  /** The fields of {@link SynthesizerOptions}: the one list that `from` checks names against. */
  static readonly optionNames: readonly string[] = [
    "sampleRate",
    "blockSize",
    "maximumPolyphony",
    "enableReverbAndChorus",
    "backend",
    "eventTiming",
    "eventQueueCapacity",
    "profile",
    "midiChannels",
    "interpolation",
    "reverb",
    "chorus",
  ];

  private sampleRateValue = 44100;
  private blockSizeValue = SynthesizerSettings.defaultBlockSize;
  private maximumPolyphonyValue = SynthesizerSettings.defaultMaximumPolyphony;
  private backendValue: BackendChoice = "auto";
  private eventTimingValue: EventTiming = "block";
  private eventQueueCapacityValue = 1024;
  private profileValue: Profile = "meltysynth";
  private midiChannelsValue = 16;
  private interpolationValue: Interpolation = "linear";
  private reverbValue: Readonly<ReverbSettings> = DEFAULT_REVERB;
  private chorusValue: Readonly<ChorusSettings> = DEFAULT_CHORUS;

  /** Whether reverb and chorus run. */
  enableReverbAndChorus = SynthesizerSettings.defaultEnableReverbAndChorus;

  constructor(sampleRate = 44100) {
    this.sampleRate = sampleRate;
  }

  /** Settings from a plain object, validated field by field. */
  static from(options: SynthesizerOptions | SynthesizerSettings = {}): SynthesizerSettings {
    if (options instanceof SynthesizerSettings) return options.clone();
    if (typeof options !== "object" || options === null) {
      throw new TypeError("settings must be a SynthesizerSettings, an options object or a sample rate");
    }
    // A misspelt setting ({ samplerate: 48000 }) would otherwise be silently ignored.
    const known = SynthesizerSettings.optionNames;
    for (const name of Object.keys(options)) {
      if (!known.includes(name)) {
        const near = known.find((k) => k.toLowerCase() === name.toLowerCase());
        throw new TypeError(`unknown setting '${name}'${near ? ` (did you mean '${near}'?)` : ""}; the settings are ${known.join(", ")}`);
      }
    }
    const settings = new SynthesizerSettings(options.sampleRate ?? 44100);
    if (options.blockSize !== undefined) settings.blockSize = options.blockSize;
    if (options.maximumPolyphony !== undefined) settings.maximumPolyphony = options.maximumPolyphony;
    if (options.enableReverbAndChorus !== undefined) {
      if (typeof options.enableReverbAndChorus !== "boolean") {
        throw new TypeError(`enableReverbAndChorus must be a boolean, got ${String(options.enableReverbAndChorus)}`);
      }
      settings.enableReverbAndChorus = options.enableReverbAndChorus;
    }
    if (options.backend !== undefined) settings.backend = options.backend;
    if (options.eventTiming !== undefined) settings.eventTiming = options.eventTiming;
    if (options.eventQueueCapacity !== undefined) settings.eventQueueCapacity = options.eventQueueCapacity;
    if (options.profile !== undefined) settings.profile = options.profile;
    if (options.midiChannels !== undefined) settings.midiChannels = options.midiChannels;
    if (options.interpolation !== undefined) settings.interpolation = options.interpolation;
    if (options.reverb !== undefined) settings.reverb = options.reverb;
    if (options.chorus !== undefined) settings.chorus = options.chorus;
    return settings;
  }

  clone(): SynthesizerSettings {
    const copy = new SynthesizerSettings(this.sampleRateValue);
    copy.blockSizeValue = this.blockSizeValue;
    copy.maximumPolyphonyValue = this.maximumPolyphonyValue;
    copy.enableReverbAndChorus = this.enableReverbAndChorus;
    copy.backendValue = this.backendValue;
    copy.eventTimingValue = this.eventTimingValue;
    copy.eventQueueCapacityValue = this.eventQueueCapacityValue;
    copy.profileValue = this.profileValue;
    copy.midiChannelsValue = this.midiChannelsValue;
    copy.interpolationValue = this.interpolationValue;
    copy.reverbValue = this.reverbValue;
    copy.chorusValue = this.chorusValue;
    return copy;
  }

  /** Output sample rate in hertz, 16000 to 192000. */
  get sampleRate(): number {
    return this.sampleRateValue;
  }
  set sampleRate(value: number) {
    this.sampleRateValue = checkInteger("sampleRate", value, 16000, 192000);
  }

  /** Frames rendered per block, 8 to 1024. */
  get blockSize(): number {
    return this.blockSizeValue;
  }
  set blockSize(value: number) {
    this.blockSizeValue = checkInteger("blockSize", value, 8, 1024);
  }

  /** Voices that can sound at once, 8 to 4096. */
  get maximumPolyphony(): number {
    return this.maximumPolyphonyValue;
  }
  set maximumPolyphony(value: number) {
    this.maximumPolyphonyValue = checkInteger("maximumPolyphony", value, 8, 4096);
  }

  /** The requested block renderer. */
  get backend(): BackendChoice {
    return this.backendValue;
  }
  set backend(value: BackendChoice) {
    if (!BACKENDS.includes(value)) {
      throw new RangeError(`backend must be one of ${BACKENDS.join(", ")}, got ${String(value)}`);
    }
    this.backendValue = value;
  }

  /** When MIDI messages take effect: 'block' or 'sample'. */
  get eventTiming(): EventTiming {
    return this.eventTimingValue;
  }
  set eventTiming(value: EventTiming) {
    if (!EVENT_TIMINGS.includes(value)) {
      throw new RangeError(`eventTiming must be one of ${EVENT_TIMINGS.join(", ")}, got ${String(value)}`);
    }
    this.eventTimingValue = value;
  }

  /** How many timestamped messages can wait to be applied, 16 to 65536. */
  get eventQueueCapacity(): number {
    return this.eventQueueCapacityValue;
  }
  set eventQueueCapacity(value: number) {
    this.eventQueueCapacityValue = checkInteger("eventQueueCapacity", value, 16, 65536);
  }

  /** What the synthesizer plays: 'meltysynth' or 'full'. */
  get profile(): Profile {
    return this.profileValue;
  }
  set profile(value: Profile) {
    if (!PROFILES.includes(value)) {
      throw new RangeError(`profile must be one of ${PROFILES.join(", ")}, got ${String(value)}`);
    }
    this.profileValue = value;
  }

  /** MIDI channels to start with, 16 to 256 in steps of 16. */
  get midiChannels(): number {
    return this.midiChannelsValue;
  }
  set midiChannels(value: number) {
    checkInteger("midiChannels", value, 16, 256);
    if (value % 16 !== 0) throw new RangeError(`midiChannels must be a multiple of 16 (16 per MIDI port), got ${value}`);
    this.midiChannelsValue = value;
  }

  /** How samples are read between their points: 'linear', 'cubic' or 'sinc'. */
  get interpolation(): Interpolation {
    return this.interpolationValue;
  }
  set interpolation(value: Interpolation) {
    if (!INTERPOLATIONS.includes(value)) {
      throw new RangeError(`interpolation must be one of ${INTERPOLATIONS.join(", ")}, got ${String(value)}`);
    }
    this.interpolationValue = value;
  }

  /** The reverb's settings. Setting it takes the fields given and keeps the others. */
  get reverb(): Readonly<ReverbSettings> {
    return this.reverbValue;
  }
  set reverb(value: Partial<ReverbSettings>) {
    this.reverbValue = Object.freeze(withReverb(this.reverbValue, value));
  }

  /** The chorus's settings. Setting it takes the fields given and keeps the others. */
  get chorus(): Readonly<ChorusSettings> {
    return this.chorusValue;
  }
  set chorus(value: Partial<ChorusSettings>) {
    this.chorusValue = Object.freeze(withChorus(this.chorusValue, value));
  }
}

function checkInteger(name: string, value: number, min: number, max: number): number {
  if (typeof value !== "number" || !Number.isInteger(value) || value < min || value > max) {
    throw new RangeError(`${name} must be an integer from ${min} to ${max}, got ${String(value)}`);
  }
  return value;
}
