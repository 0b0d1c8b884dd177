import { wasmModuleUrl } from "../kernels/wasmBackend.js";
import { SoundFont } from "../soundfont/SoundFont.js";
import { writeSoundFont } from "../soundfont/SoundFontWriter.js";
import type { ChorusSettings, ReverbSettings } from "../synth/EffectSettings.js";
import { SynthesizerSettings, type EventTiming, type Interpolation, type Profile } from "../synth/SynthesizerSettings.js";
import { Player } from "./Player.js";
import { PlayerError } from "./PlayerError.js";
import { PROCESSOR_NAME, type ProcessorOptions, type ProcessorSettings } from "./PlayerMessages.js";

/** What {@link createPlayer} makes. */
export interface PlayerOptions {
  /**
   * The bytes of an SF2 or SF3 file. An SF2 file's buffer is transferred to the audio thread
   * (it is detached here afterwards) when the bytes fill it; an SF3 file is decoded here, every
   * sample, and its SF2 form transferred.
   */
  soundFont: ArrayBuffer | Uint8Array;
  /**
   * The block renderer: 'wasm' (WebAssembly SIMD, compiled here and handed to the audio
   * thread), 'js', or 'auto' (default: wasm where the browser compiles it, else js).
   */
  backend?: "auto" | "wasm" | "js";
  /** 'meltysynth' (default) or 'full': see the synthesizer's `profile` setting. */
  profile?: Profile;
  /** 'linear' (default), 'cubic' or 'sinc': see the synthesizer's `interpolation` setting. */
  interpolation?: Interpolation;
  /** 'sample' (default): song messages act on their exact frames; 'block': at block starts. */
  eventTiming?: EventTiming;
  /** Voices that can sound at once, 8 to 4096. Default 64. */
  polyphony?: number;
  /**
   * Frames the synthesizer renders at a time, 8 to 1024. Default 64. Live messages land on
   * their exact frames when the render quantum (128 frames today) is a multiple of it.
   */
  blockSize?: number;
  /** Whether reverb and chorus run. Default true. */
  enableReverbAndChorus?: boolean;
  /** The reverb's settings (see the synthesizer's `reverb` setting); {@link Player.setReverb} changes them while it plays. */
  reverb?: Partial<ReverbSettings>;
  /** The chorus's settings (see the synthesizer's `chorus` setting); {@link Player.setChorus} changes them while it plays. */
  chorus?: Partial<ChorusSettings>;
  /**
   * The compiled wasm module, for an application that compiles or caches it itself; by default
   * wasm/meltysynth.wasm is fetched from beside the package's code.
   */
  wasmModule?: WebAssembly.Module;
}

/**
 * Makes a {@link Player} on `context` (an AudioContext or an OfflineAudioContext). Resolves once
 * the audio thread holds the font and can play; connect `player.node` to hear it.
 * @throws (rejects) SoundFontError when the font cannot be read; RangeError for a setting out of
 *   range; PlayerError when the 'wasm' backend cannot be compiled here or the audio thread fails.
 */
export async function createPlayer(context: BaseAudioContext, options: PlayerOptions): Promise<Player> {
  const backend = options.backend ?? "auto";
  if (!["auto", "wasm", "js"].includes(backend)) throw new RangeError(`backend must be 'auto', 'wasm' or 'js', got ${String(backend)}`);
  // The synthesizer's own checks, here where a bad setting can be reported to the caller.
  const checked = SynthesizerSettings.from({
    sampleRate: context.sampleRate,
    blockSize: options.blockSize,
    maximumPolyphony: options.polyphony,
    enableReverbAndChorus: options.enableReverbAndChorus,
    eventTiming: options.eventTiming ?? "sample",
    profile: options.profile,
    interpolation: options.interpolation,
    reverb: options.reverb,
    chorus: options.chorus,
  });
  const wasmModule = backend === "js" ? null : await compileWasm(options.wasmModule, backend === "wasm");
  const settings: ProcessorSettings = {
    backend: wasmModule === null ? "js" : "wasm",
    profile: checked.profile,
    interpolation: checked.interpolation,
    eventTiming: checked.eventTiming,
    maximumPolyphony: checked.maximumPolyphony,
    blockSize: checked.blockSize,
    enableReverbAndChorus: checked.enableReverbAndChorus,
    reverb: { ...checked.reverb },
    chorus: { ...checked.chorus },
  };
  const fontBytes = await playableSoundFont(options.soundFont);
  await context.audioWorklet.addModule(new URL("./processor.js", import.meta.url));
  const processorOptions: ProcessorOptions = { settings, wasmModule };
  const node = new AudioWorkletNode(context, PROCESSOR_NAME, {
    numberOfInputs: 0,
    numberOfOutputs: 1,
    outputChannelCount: [2],
    processorOptions,
  });
  const player = new Player(context, node, settings.backend, settings.reverb, settings.chorus);
  await player.load(fontBytes);
  return player;
}

async function compileWasm(given: WebAssembly.Module | undefined, required: boolean): Promise<WebAssembly.Module | null> {
  if (given !== undefined) return given;
  try {
    const url = wasmModuleUrl();
    const response = await fetch(url);
    if (!response.ok) throw new Error(`fetching ${url.href} answered ${response.status}`);
    return await WebAssembly.compile(await response.arrayBuffer());
  } catch (error) {
    if (!required) return null;
    throw new PlayerError(`the wasm backend cannot be used here: ${error instanceof Error ? error.message : String(error)}`);
  }
}

// The SF2 bytes to hand to the audio thread, read here first so that a bad file is reported
// with its chunk and offset, and an SF3 file's samples are decoded off the audio thread.
async function playableSoundFont(data: ArrayBuffer | Uint8Array): Promise<ArrayBuffer> {
  const buffer = data instanceof ArrayBuffer ? data : data.buffer;
  if (buffer.byteLength === 0) {
    // The likely cause: the same bytes given to an earlier player, which took their buffer.
    throw new PlayerError(
      "the SoundFont's bytes are empty (a buffer already transferred to another player is empty here): give each player its own copy, e.g. bytes.slice()",
    );
  }
  const font = await SoundFont.load(data);
  if (font.compressed) return writeSoundFont(font).buffer as ArrayBuffer;
  if (data instanceof ArrayBuffer) return data;
  const whole = data.byteOffset === 0 && data.byteLength === data.buffer.byteLength && data.buffer instanceof ArrayBuffer;
  return whole ? (data.buffer as ArrayBuffer) : (data.slice().buffer as ArrayBuffer);
}
