import type { Backend, BlockRenderer } from "../kernels/BlockRenderer.js";
import { createBlockRenderer } from "../kernels/createBlockRenderer.js";
import { VoiceTable } from "../kernels/VoiceTable.js";
import type { Preset, SoundFont } from "../soundfont/index.js";
import { AudioRenderer } from "./AudioRenderer.js";
import { Channel } from "./Channel.js";
import { Chorus } from "./Chorus.js";
import { RegionPair } from "./RegionPair.js";
import { Reverb } from "./Reverb.js";
import { SynthesizerSettings, type SynthesizerOptions } from "./SynthesizerSettings.js";
import { VoiceCollection } from "./VoiceCollection.js";

const CHANNEL_COUNT = 16;
const PERCUSSION_CHANNEL = 9;

/**
 * A SoundFont synthesizer: send it MIDI messages, then render audio.
 *
 * Output is produced in blocks of `blockSize` frames; `render` hands them out in whatever
 * lengths the caller asks for, so the output does not depend on how calls are sliced.
 */
export class Synthesizer extends AudioRenderer {
  /** The number of MIDI channels. */
  static readonly channelCount = CHANNEL_COUNT;
  /** The channel (0-based) that plays drum kits. */
  static readonly percussionChannel = PERCUSSION_CHANNEL;

  readonly soundFont: SoundFont;
  readonly sampleRate: number;
  readonly blockSize: number;
  readonly maximumPolyphony: number;
  readonly enableReverbAndChorus: boolean;

  private readonly presetLookup = new Map<number, Preset>();
  private readonly defaultPreset: Preset | undefined;
  private readonly channels: Channel[];
  private readonly voices: VoiceCollection;
  private readonly order: Int32Array;
  private readonly blockLeft: Float32Array;
  private readonly blockRight: Float32Array;
  private readonly reverb: Reverb | null;
  private readonly chorus: Chorus | null;
  private readonly renderer: BlockRenderer;
  private blockRead: number;
  private masterVolumeValue = 0.5;

  /**
   * @param soundFont The instruments to play.
   * @param settings A SynthesizerSettings, an options object, or just a sample rate. Defaults:
   *   44100 Hz, blocks of 64, 64 voices, reverb and chorus on, backend 'auto'.
   * @throws RangeError for a setting out of range; Error when 'native' is asked for but cannot load.
   */
  constructor(soundFont: SoundFont, settings: SynthesizerSettings | SynthesizerOptions | number = {}) {
    super();
    const s = typeof settings === "number" ? new SynthesizerSettings(settings) : SynthesizerSettings.from(settings);
    if (soundFont === null || typeof soundFont !== "object" || !(soundFont.waveData instanceof Int16Array)) {
      throw new TypeError("soundFont must be a SoundFont");
    }
    this.soundFont = soundFont;
    this.sampleRate = s.sampleRate;
    this.blockSize = s.blockSize;
    this.maximumPolyphony = s.maximumPolyphony;
    this.enableReverbAndChorus = s.enableReverbAndChorus;

    // A preset's ID packs its bank into the upper 16 bits and its patch into the lower ones. The
    // lowest ID is the default: the piano, in a General MIDI SoundFont.
    let minId = Number.MAX_SAFE_INTEGER;
    for (const preset of soundFont.presets) {
      const id = (preset.bankNumber << 16) | preset.patchNumber;
      this.presetLookup.set(id, preset);
      if (id < minId) {
        this.defaultPreset = preset;
        minId = id;
      }
    }

    this.channels = Array.from({ length: CHANNEL_COUNT }, (_, i) => new Channel(i === PERCUSSION_CHANNEL));
    const table = new VoiceTable(s.maximumPolyphony);
    this.voices = new VoiceCollection(s.sampleRate, s.blockSize, table);
    this.order = new Int32Array(s.maximumPolyphony);
    this.blockLeft = new Float32Array(s.blockSize);
    this.blockRight = new Float32Array(s.blockSize);
    this.reverb = s.enableReverbAndChorus ? new Reverb(s.sampleRate) : null;
    this.chorus = s.enableReverbAndChorus ? new Chorus(s.sampleRate) : null;
    this.renderer = createBlockRenderer(
      {
        blockSize: s.blockSize,
        waveData: soundFont.waveData,
        table,
        order: this.order,
        left: this.blockLeft,
        right: this.blockRight,
        reverb: this.reverb,
        chorus: this.chorus,
      },
      s.backend,
    );
    this.blockRead = s.blockSize;
  }

  /** Which block renderer runs: 'native' or 'js'. */
  get backend(): Backend {
    return this.renderer.backend;
  }

  /** The overall gain applied to the output. Default 0.5. */
  get masterVolume(): number {
    return this.masterVolumeValue;
  }
  set masterVolume(value: number) {
    if (typeof value !== "number" || !Number.isFinite(value)) {
      throw new RangeError(`masterVolume must be a finite number, got ${String(value)}`);
    }
    this.masterVolumeValue = Math.fround(value);
  }

  /** The number of voices sounding now. */
  get activeVoiceCount(): number {
    return this.voices.activeVoiceCount;
  }

  /**
   * Handles one channel message. Commands other than note off (0x80), note on (0x90), control
   * change (0xB0), program change (0xC0) and pitch bend (0xE0) are ignored, as are controllers
   * MeltySynth does not implement.
   * @throws RangeError when channel is not 0-15 or a data byte is not 0-127.
   */
  processMidiMessage(channel: number, command: number, data1: number, data2: number): void {
    checkChannel(channel);
    checkDataByte("data1", data1);
    checkDataByte("data2", data2);
    const info = this.channels[channel];
    switch (command & 0xf0) {
      case 0x80:
        this.noteOff(channel, data1);
        break;
      case 0x90:
        this.noteOn(channel, data1, data2);
        break;
      case 0xb0:
        this.controlChange(channel, info, data1, data2);
        break;
      case 0xc0:
        info.setPatch(data1);
        break;
      case 0xe0:
        info.setPitchBend(data1, data2);
        break;
    }
  }

  private controlChange(channel: number, info: Channel, controller: number, value: number): void {
    switch (controller) {
      case 0x00: info.setBank(value); break;
      case 0x01: info.setModulationCoarse(value); break;
      case 0x21: info.setModulationFine(value); break;
      case 0x06: info.dataEntryCoarse(value); break;
      case 0x26: info.dataEntryFine(value); break;
      case 0x07: info.setVolumeCoarse(value); break;
      case 0x27: info.setVolumeFine(value); break;
      case 0x0a: info.setPanCoarse(value); break;
      case 0x2a: info.setPanFine(value); break;
      case 0x0b: info.setExpressionCoarse(value); break;
      case 0x2b: info.setExpressionFine(value); break;
      case 0x40: info.setHoldPedal(value); break;
      case 0x5b: info.setReverbSend(value); break;
      case 0x5d: info.setChorusSend(value); break;
      case 0x63: info.setNrpnCoarse(); break;
      case 0x62: info.setNrpnFine(); break;
      case 0x65: info.setRpnCoarse(value); break;
      case 0x64: info.setRpnFine(value); break;
      case 0x78: this.noteOffAll(channel, true); break;
      case 0x79: info.resetAllControllers(); break;
      case 0x7b: this.noteOffAll(channel, false); break;
    }
  }

  /** Releases every voice playing `key` on `channel`. */
  noteOff(channel: number, key: number): void {
    checkChannel(channel);
    checkDataByte("key", key);
    this.voices.forEachActive((voice) => {
      if (voice.channel === channel && voice.key === key) voice.end();
    });
  }

  /** Starts a note; a velocity of 0 releases it instead, as in MIDI. */
  noteOn(channel: number, key: number, velocity: number): void {
    checkChannel(channel);
    checkDataByte("key", key);
    checkDataByte("velocity", velocity);
    if (velocity === 0) {
      this.noteOff(channel, key);
      return;
    }
    const preset = this.findPreset(this.channels[channel]);
    if (preset === undefined) return;
    const waveLength = this.soundFont.waveData.length;
    for (const presetRegion of preset.regions) {
      if (!presetRegion.contains(key, velocity)) continue;
      for (const instrumentRegion of presetRegion.instrument.regions) {
        if (!instrumentRegion.contains(key, velocity)) continue;
        if (!this.soundFont.ensureDecoded(instrumentRegion.sample)) continue; // SF3: decoded at first use
        const region = new RegionPair(presetRegion, instrumentRegion);
        this.voices.requestNew(instrumentRegion.exclusiveClass, channel).start(region, waveLength, channel, key, velocity);
      }
    }
  }

  // The exact bank and patch; else General MIDI's: the same patch in bank 0, or the standard
  // kit 128:0 for drums; else the default preset.
  private findPreset(channel: Channel): Preset | undefined {
    const exact = this.presetLookup.get((channel.bankNumber << 16) | channel.patchNumber);
    if (exact !== undefined) return exact;
    const gmId = channel.bankNumber < 128 ? channel.patchNumber : 128 << 16;
    return this.presetLookup.get(gmId) ?? this.defaultPreset;
  }

  /**
   * Stops every note, on all channels or on one.
   * @param immediate Without release (true) or with it (false, the default).
   */
  noteOffAll(immediate?: boolean): void;
  noteOffAll(channel: number, immediate: boolean): void;
  noteOffAll(channelOrImmediate: number | boolean = false, immediate = false): void {
    if (typeof channelOrImmediate === "boolean") {
      if (channelOrImmediate) {
        this.voices.clear();
      } else {
        this.voices.forEachActive((voice) => voice.end());
      }
      return;
    }
    const channel = channelOrImmediate;
    checkChannel(channel);
    this.voices.forEachActive((voice) => {
      if (voice.channel !== channel) return;
      if (immediate) {
        voice.kill();
      } else {
        voice.end();
      }
    });
  }

  /** Resets the controllers of every channel, or of one (MIDI controller 121). */
  resetAllControllers(channel?: number): void {
    if (channel === undefined) {
      for (const info of this.channels) info.resetAllControllers();
      return;
    }
    checkChannel(channel);
    this.channels[channel].resetAllControllers();
  }

  /** Silences everything and returns every channel and effect to its initial state. */
  reset(): void {
    this.voices.clear();
    for (const channel of this.channels) channel.reset();
    this.reverb?.mute();
    this.chorus?.mute();
    this.blockRead = this.blockSize;
  }

  /**
   * Renders `left.length` frames.
   * @throws TypeError unless both are Float32Arrays; RangeError when their lengths differ.
   */
  render(left: Float32Array, right: Float32Array): void {
    if (!(left instanceof Float32Array) || !(right instanceof Float32Array)) {
      throw new TypeError("left and right must be Float32Arrays");
    }
    if (left.length !== right.length) {
      throw new RangeError(`left and right must have the same length (got ${left.length} and ${right.length})`);
    }
    this.renderFrames(left, right, 0, left.length);
  }

  /**
   * Renders `count` frames into `left` and `right` starting at `offset`, so that a caller can
   * fill part of a buffer without creating a view for every call.
   * @throws RangeError when the range does not fit in both buffers.
   */
  renderFrames(left: Float32Array, right: Float32Array, offset: number, count: number): void {
    if (!Number.isInteger(offset) || !Number.isInteger(count) || offset < 0 || count < 0 ||
        offset + count > left.length || offset + count > right.length) {
      throw new RangeError(
        `frames ${offset} to ${offset + count} do not fit in buffers of ${left.length} and ${right.length} frames`,
      );
    }
    let wrote = 0;
    while (wrote < count) {
      if (this.blockRead === this.blockSize) {
        this.renderBlock();
        this.blockRead = 0;
      }
      const n = Math.min(this.blockSize - this.blockRead, count - wrote);
      const to = offset + wrote;
      for (let t = 0; t < n; t++) {
        left[to + t] = this.blockLeft[this.blockRead + t];
        right[to + t] = this.blockRight[this.blockRead + t];
      }
      this.blockRead += n;
      wrote += n;
    }
  }

  private renderBlock(): void {
    this.voices.process(this.channels, this.masterVolumeValue);
    this.voices.writeOrder(this.order);
    this.renderer.render(this.voices.activeVoiceCount, this.masterVolumeValue);
  }
}

function checkChannel(channel: number): void {
  if (!Number.isInteger(channel) || channel < 0 || channel >= CHANNEL_COUNT) {
    throw new RangeError(`channel must be an integer from 0 to ${CHANNEL_COUNT - 1}, got ${String(channel)}`);
  }
}

function checkDataByte(name: string, value: number): void {
  if (!Number.isInteger(value) || value < 0 || value > 127) {
    throw new RangeError(`${name} must be an integer from 0 to 127, got ${String(value)}`);
  }
}
