import { spanBlocks, type Backend, type BlockRenderer, type ChorusBuffers, type RendererSettings, type ReverbBuffers } from "../kernels/BlockRenderer.js";
import { createBlockRenderer } from "../kernels/createBlockRenderer.js";
import { FLAG_SILENT, MAX_CHANNELS, type VoiceBank } from "../kernels/VoiceBank.js";
import type { SoundFont } from "../soundfont/index.js";
import type { Preset } from "../soundfont/Preset.js";
import type { PresetLookup } from "../soundfont/PresetLookup.js";
import { describeValue } from "../soundfont/fileBytes.js";
import { AudioRenderer } from "./AudioRenderer.js";
import type { Channel } from "./Channel.js";
import { CHANNELS_PER_PORT, ChannelList } from "./ChannelList.js";
import type { ChannelState } from "./ChannelState.js";
import { createBlockContext } from "./createBlockContext.js";
import { MessageQueue } from "./MessageQueue.js";
import { withChorus, withReverb, type ChorusSettings, type ReverbSettings } from "./EffectSettings.js";
import { SynthesizerSettings, type EventTiming, type Interpolation, type Profile, type SynthesizerOptions } from "./SynthesizerSettings.js";
import { checkSysExFraming } from "./SystemExclusive.js";
import { endVoice, killVoice } from "./Voice.js";
import { VoiceCollection } from "./VoiceCollection.js";
import { FullProfile } from "./FullProfile.js";
import { MeltySynthProfile } from "./MeltySynthProfile.js";
import { SynthesizerDisposedError } from "./SynthesizerDisposedError.js";
import type { SynthesizerProfile } from "./SynthesizerProfile.js";

const PERCUSSION_CHANNEL = 9;

/**
 * A SoundFont synthesizer: send it MIDI messages, then render audio.
 *
 * Output is produced in blocks of `blockSize` frames; `render` hands them out in whatever
 * lengths the caller asks for, so the output does not depend on how calls are sliced.
 */
export class Synthesizer extends AudioRenderer {
  /** The channels of one MIDI port, which a synthesizer starts with unless its settings ask for more. */
  static readonly channelCount = CHANNELS_PER_PORT;
  /** The channel (0-based) that plays drum kits. */
  static readonly percussionChannel = PERCUSSION_CHANNEL;

  readonly soundFont: SoundFont;
  readonly sampleRate: number;
  readonly blockSize: number;
  readonly maximumPolyphony: number;
  readonly enableReverbAndChorus: boolean;
  /** When MIDI messages take effect: 'block' (MeltySynth's way) or 'sample' (at their frame). */
  readonly eventTiming: EventTiming;
  /** What the synthesizer plays: 'meltysynth' or 'full' (see {@link Profile}). */
  readonly profile: Profile;
  /** How samples are read between their points: 'linear', 'cubic' or 'sinc'. */
  readonly interpolation: Interpolation;

  private readonly presets: PresetLookup;
  private readonly channels: ChannelList;
  private readonly voiceBank: VoiceBank;
  private readonly voices: VoiceCollection;
  // The block being handed out. With 'sample' timing it is put together from parts the
  // renderer writes into partLeft and partRight; with 'block' timing the renderer writes it.
  private readonly blockLeft: Float32Array;
  private readonly blockRight: Float32Array;
  private readonly partLeft: Float32Array;
  private readonly partRight: Float32Array;
  // The most whole blocks one call of the renderer takes.
  private readonly spanBlocks: number;
  private readonly queue: MessageQueue;
  /** The frame, counted since creation or reset, at which the next block starts. */
  private nextBlockFrame = 0;
  private readonly reverbEffect: ReverbBuffers | null;
  private readonly chorusEffect: ChorusBuffers | null;
  // The effects' settings as the user chose them; the profile's messages change them from there.
  private reverbBase: Readonly<ReverbSettings>;
  private chorusBase: Readonly<ChorusSettings>;
  private reverbNow: Readonly<ReverbSettings>;
  private chorusNow: Readonly<ChorusSettings>;
  private readonly renderer: BlockRenderer;
  private blockRead: number;
  // Read by the block renderer (and the voice step) at every block.
  private readonly masterVolumeCell: Float64Array;
  private masterVolumeValue = 0.5;
  // Everything the profile setting decides.
  private readonly rules: SynthesizerProfile;
  private disposed = false;

  /**
   * @param soundFont The instruments to play.
   * @param settings A SynthesizerSettings, an options object, or just a sample rate. Defaults:
   *   44100 Hz, blocks of 64, 64 voices, reverb and chorus on, backend 'auto'.
   * @throws RangeError for a setting out of range; Error when 'native' or 'wasm' is asked for but
   *   cannot load.
   */
  constructor(soundFont: SoundFont, settings: SynthesizerSettings | SynthesizerOptions | number = {}) {
    super();
    const s = typeof settings === "number" ? new SynthesizerSettings(settings) : SynthesizerSettings.from(settings);
    if (soundFont === null || typeof soundFont !== "object" || !(soundFont.waveData instanceof Int16Array)) {
      const hint = typeof soundFont === "string" ? " (for a path, use SoundFont.fromFile)" : "";
      throw new TypeError(`soundFont must be a SoundFont, got ${describeValue(soundFont)}${hint}`);
    }
    this.soundFont = soundFont;
    this.sampleRate = s.sampleRate;
    this.blockSize = s.blockSize;
    this.maximumPolyphony = s.maximumPolyphony;
    this.enableReverbAndChorus = s.enableReverbAndChorus;
    this.eventTiming = s.eventTiming;
    this.profile = s.profile;
    this.interpolation = s.interpolation;
    this.queue = new MessageQueue(s.eventQueueCapacity);

    this.presets = soundFont.presetLookup;

    const maxChannels = s.profile === "full" ? FullProfile.maxChannels : MeltySynthProfile.maxChannels;
    if (s.midiChannels > maxChannels) {
      throw new RangeError(`the '${s.profile}' profile plays ${maxChannels} channels, so midiChannels cannot be ${s.midiChannels}`);
    }
    const sampleTiming = s.eventTiming === "sample";
    const rendererSettings: RendererSettings = {
      sampleRate: s.sampleRate,
      blockSize: s.blockSize,
      capacity: s.maximumPolyphony,
      waveData: soundFont.waveData,
      decodedLater: soundFont.compressed,
      inaudibleGain: s.profile === "full" ? FullProfile.inaudibleGain : MeltySynthProfile.inaudibleGain,
      effects: s.enableReverbAndChorus,
      interpolation: s.interpolation,
    };
    this.renderer = createBlockRenderer(rendererSettings, s.backend, (memory) => createBlockContext(rendererSettings, memory));
    const context = this.renderer.context;
    this.voiceBank = context.bank;
    const voiceBank = this.voiceBank;
    this.masterVolumeCell = context.masterVolume;
    const voices = new VoiceCollection(voiceBank, context.order);
    this.voices = voices;
    const waveLength = soundFont.waveData.length;
    const rules = s.profile === "full" ? new FullProfile(this.renderer, voices, waveLength) : new MeltySynthProfile(this.renderer, waveLength);
    this.rules = rules;
    this.channels = new ChannelList(voiceBank.channels, rules, s.midiChannels, maxChannels);
    // With 'sample' timing the renderer writes parts of a block, put together here.
    this.partLeft = context.left;
    this.partRight = context.right;
    this.blockLeft = sampleTiming ? new Float32Array(s.blockSize) : context.left;
    this.blockRight = sampleTiming ? new Float32Array(s.blockSize) : context.right;
    this.spanBlocks = spanBlocks(s.blockSize);
    this.reverbEffect = context.reverb;
    this.chorusEffect = context.chorus;
    this.reverbBase = this.reverbNow = s.reverb;
    this.chorusBase = this.chorusNow = s.chorus;
    this.publishEffects();
    // A new synthesizer starts at its settings rather than ramping to them from MeltySynth's.
    this.reverbEffect?.mute();
    this.chorusEffect?.mute();
    this.blockRead = s.blockSize;
  }

  /**
   * The reverb's settings now: those of the settings or of {@link setReverb}, changed by the
   * reverb messages the 'full' profile reads (GS reverb macro, character, level and time; GM2
   * reverb type) until a reset.
   */
  get reverb(): Readonly<ReverbSettings> {
    return this.reverbNow;
  }

  /** The chorus's settings now (see {@link reverb}). */
  get chorus(): Readonly<ChorusSettings> {
    return this.chorusNow;
  }

  /**
   * Changes the reverb's settings while it plays, from the next block, without a click: the
   * fields given, the others kept. They stay through reset(), which undoes only what MIDI
   * messages changed. Does nothing audible when reverb and chorus are disabled.
   * @throws RangeError naming the field and its range; TypeError for an unknown field.
   */
  setReverb(changes: Partial<ReverbSettings>): void {
    this.checkUsable();
    this.reverbBase = Object.freeze(withReverb(this.reverbBase, changes));
    this.publishEffects();
  }

  /** Changes the chorus's settings while it plays (see {@link setReverb}). */
  setChorus(changes: Partial<ChorusSettings>): void {
    this.checkUsable();
    this.chorusBase = Object.freeze(withChorus(this.chorusBase, changes));
    this.publishEffects();
  }

  // The user's settings with the profile's messages' changes, handed to the effects.
  private publishEffects(): void {
    this.reverbNow = Object.freeze({ ...this.reverbBase, ...this.rules.reverbChanges });
    this.chorusNow = Object.freeze({ ...this.chorusBase, ...this.rules.chorusChanges });
    this.reverbEffect?.set(this.reverbNow);
    this.chorusEffect?.set(this.chorusNow);
  }

  /** Which block renderer runs: 'native', 'wasm' or 'js'. */
  get backend(): Backend {
    return this.renderer.backend;
  }

  /**
   * The wasm backend renders from a copy of the SoundFont's samples in its instance's memory,
   * made at the first render: for a large font that is tens of milliseconds at once. A caller
   * with deadlines (an audio thread) can make it beforehand, `count` samples at a time, until
   * this returns true. The other backends read the font's samples as they are: always true.
   */
  copySamples(count: number): boolean {
    this.checkUsable();
    return this.renderer.copySamples(count);
  }

  /**
   * Frees the native renderer's memory, or the wasm renderer's instance, now rather than when
   * the synthesizer is collected; every method throws {@link SynthesizerDisposedError} after
   * it. Calling it again does nothing. A
   * synthesizer that is only dropped is freed all the same, by the garbage collector; this is
   * for servers that make many and want their memory back at once. With TypeScript's `using`
   * declaration it is called at the end of the block.
   */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.renderer.dispose();
  }

  [Symbol.dispose](): void {
    this.dispose();
  }

  /** Whether {@link dispose} has been called. */
  get isDisposed(): boolean {
    return this.disposed;
  }

  private checkUsable(): void {
    if (this.disposed) throw new SynthesizerDisposedError();
  }

  private checkChannel(channel: number): void {
    const count = this.channels.count;
    if (!Number.isInteger(channel) || channel < 0 || channel >= count) {
      const more = count < this.channels.limit ? "; ensureChannels adds more" : "";
      throw new RangeError(`channel must be an integer from 0 to ${count - 1}, got ${String(channel)}${more}`);
    }
  }

  /**
   * The channels the synthesizer has: 16 per MIDI port, channel `16 * port + n` being channel n
   * of port `port`. 16 unless the `midiChannels` setting, {@link ensureChannels} or a GS
   * double-module message asked for more.
   */
  get channelCount(): number {
    return this.channels.count;
  }

  /**
   * Makes sure the synthesizer has at least `count` channels, adding whole ports of 16 (each
   * with drums on its tenth channel) as far as the profile allows: 256 in the 'full' profile,
   * 16 in the 'meltysynth' profile, which plays MeltySynth's 16 channels. The sequencer calls it
   * for a song on several MIDI ports.
   * @returns the number of channels now, which is less than `count` past the profile's limit.
   * @throws RangeError when `count` is not a whole number from 1 to 256.
   */
  ensureChannels(count: number): number {
    this.checkUsable();
    if (!Number.isInteger(count) || count < 1 || count > MAX_CHANNELS) {
      throw new RangeError(`channel count must be a whole number from 1 to ${MAX_CHANNELS}, got ${describeValue(count)}`);
    }
    return this.channels.ensure(count);
  }

  /**
   * The preset a note on `channel` would play now, by its bank, program and whether it plays
   * drums (undefined only for a font without presets).
   * @throws RangeError when channel is not one of the synthesizer's channels.
   */
  channelPreset(channel: number): Preset | undefined {
    this.checkUsable();
    this.checkChannel(channel);
    const info = this.channels.at(channel);
    return this.presets.find(info.bankNumber, info.patchNumber);
  }

  /**
   * The overall gain applied to the output. Default 0.5. In the 'full' profile a universal
   * master volume message scales it further.
   */
  get masterVolume(): number {
    return this.masterVolumeValue;
  }
  set masterVolume(value: number) {
    this.checkUsable();
    if (typeof value !== "number" || !Number.isFinite(value)) {
      throw new RangeError(`masterVolume must be a finite number, got ${String(value)}`);
    }
    this.masterVolumeValue = Math.fround(value);
    this.publishMasterVolume();
  }

  private publishMasterVolume(): void {
    this.masterVolumeCell[0] = Math.fround(this.masterVolumeValue * this.rules.masterVolumeFactor);
  }

  /**
   * What channel `channel` (0 to channelCount - 1) plays now: program, bank, volume, pan, expression and whether it
   * plays drums. A new object each call, for a user interface; nothing in rendering needs it.
   * @throws RangeError when `channel` is not one of the synthesizer's channels.
   */
  channelState(channel: number): ChannelState {
    this.checkUsable();
    this.checkChannel(channel);
    const info = this.channels.at(channel);
    return {
      program: info.patchNumber,
      bank: info.bankNumber,
      volume: info.controller(7),
      pan: info.controller(10),
      expression: info.controller(11),
      percussion: info.isPercussionChannel,
    };
  }

  /**
   * Tunes channel `channel` (0 to channelCount - 1) key by key, in the 'full' profile: `pitches` gives each of the
   * 128 keys its pitch in cents (equal temperament puts key k at 100 k: A 440 Hz, key 69, at 6900).
   * The tuning takes the place of the channel's MIDI Tuning Standard program until a tuning
   * program change (RPN 3) or a reset; `null` gives the channel back to its program. Notes
   * sounding are retuned at once.
   * @throws RangeError when `channel` is not one of the synthesizer's channels or `pitches` is not 128 finite numbers; Error in
   *   the 'meltysynth' profile, which plays equal temperament only.
   */
  setTuning(channel: number, pitches: ArrayLike<number> | null): void {
    this.checkUsable();
    this.checkChannel(channel);
    let tuning: Float64Array | null = null;
    if (pitches !== null) {
      if (typeof pitches !== "object" || pitches.length !== 128) {
        throw new RangeError(`pitches must be 128 numbers of cents, one per key, or null; got ${describeValue(pitches)}`);
      }
      tuning = new Float64Array(128);
      for (let key = 0; key < 128; key++) {
        const cents = pitches[key];
        if (typeof cents !== "number" || !Number.isFinite(cents)) throw new RangeError(`pitches[${key}] must be a finite number of cents, got ${describeValue(cents)}`);
        tuning[key] = cents - 100 * key;
      }
    }
    this.rules.setTuning(channel, this.channels.at(channel), tuning);
  }

  /**
   * Whether channel `channel` (0 to channelCount - 1) plays drum kits now: channel 9 of each port until GS or XG messages say
   * otherwise in the 'full' profile. The sequencer asks it to leave drums out of a transposition.
   * @throws RangeError when `channel` is not one of the synthesizer's channels.
   */
  isPercussionChannel(channel: number): boolean {
    this.checkChannel(channel);
    return this.channels.at(channel).isPercussionChannel;
  }

  /** The number of voices sounding now. */
  get activeVoiceCount(): number {
    return this.voices.activeVoiceCount;
  }

  /**
   * Frames handed out by `render` since the synthesizer was created or reset: the frame the next
   * render starts at, which `frameOffset` in {@link processMidiMessage} counts from.
   */
  get renderedFrames(): number {
    return this.nextBlockFrame - this.blockSize + this.blockRead;
  }

  /**
   * Handles one channel message: note off (0x80), note on (0x90), control change (0xB0),
   * program change (0xC0) and pitch bend (0xE0); key pressure (0xA0) and channel pressure (0xD0)
   * too, which only the 'full' profile's modulators read. Other commands are ignored, and so are
   * controllers the profile does not implement.
   *
   * Without `frameOffset` the message takes effect now, as in MeltySynth: from the next block
   * rendered. With it, the message waits in a queue for the frame `frameOffset` frames after the
   * next one `render` hands out: it is applied at that exact frame with `eventTiming: 'sample'`,
   * and at the start of the block that contains that frame with 'block'. Blocks are rendered
   * whole, so a render call that ends inside a block leaves the rest of it rendered ahead: a
   * frame there is applied at the start of the next block (render in multiples of `blockSize`
   * to avoid this). A note sounds from its frame when its envelope's delay is shorter than a
   * block, as the SoundFont default of about 1 ms is at block sizes from 64. The queue holds
   * `eventQueueCapacity` messages, allocated once.
   * @throws RangeError when channel is not one of the synthesizer's channels, a data byte is not 0-127, frameOffset is not a
   *   non-negative integer, or the queue is full.
   */
  processMidiMessage(channel: number, command: number, data1: number, data2: number, frameOffset?: number): void {
    this.checkUsable();
    this.checkChannel(channel);
    checkDataByte("data1", data1);
    checkDataByte("data2", data2);
    if (frameOffset !== undefined) {
      this.queue.push(this.renderedFrames + checkFrameOffset(frameOffset), channel, command, data1, data2);
      return;
    }
    this.dispatch(channel, command, data1, data2);
  }

  private dispatch(channel: number, command: number, data1: number, data2: number): void {
    const info = this.channels.at(channel);
    switch (command & 0xf0) {
      case 0x80:
        this.noteOff(channel, data1);
        break;
      case 0x90:
        // A queued silent note-on carries its mark in the top bit of its velocity byte.
        if (data2 > 0x7f) this.startNote(channel, data1, data2 & 0x7f, true);
        else this.noteOn(channel, data1, data2);
        break;
      case 0xb0:
        this.controlChange(channel, info, data1, data2);
        break;
      case 0xc0:
        info.setPatch(data1);
        break;
      case 0xe0:
        info.setPitchBend(data1, data2);
        this.rules.performanceChanged(channel, info);
        break;
      case 0xa0:
        info.setKeyPressure(data1, data2);
        this.rules.performanceChanged(channel, info);
        break;
      case 0xd0:
        info.setChannelPressure(data1);
        this.rules.performanceChanged(channel, info);
        break;
    }
  }

  private controlChange(channel: number, info: Channel, controller: number, value: number): void {
    info.controlChange(controller, value);
    switch (controller) {
      case 0x78: this.noteOffAll(channel, true); break;
      case 0x79: this.resetAllControllers(channel); return;
      case 0x7b: this.noteOffAll(channel, false); break;
    }
    this.rules.controllerChanged(channel, info, controller, value);
  }

  /**
   * Handles a system exclusive message, now (from the next block rendered). In the 'full'
   * profile it acts on GM system on and off, GM2 on, GS reset, XG system on and reset (each
   * silencing every voice and resetting every channel), GS "use for rhythm part" (a channel
   * playing drums or not), GS double-module mode (which gives the synthesizer 32 channels, the
   * second module's parts addressed as block B), the GS reverb and chorus parameters (40 01
   * 30-3F) and GM2's reverb and chorus types and parameters (see {@link reverb}), the MIDI Tuning
   * Standard and the universal master volume; other messages, and every message in the
   * 'meltysynth' profile, are ignored.
   *
   * With `frameOffset`, it waits in the queue for its frame as {@link processMidiMessage}'s
   * messages do (keep `data` unchanged until then).
   * @param data The whole message, from F0 to F7.
   * @param frameOffset As for {@link processMidiMessage}: undefined for now.
   * @param port The MIDI port it came in on (0 by default): what it says of parts or channels
   *   is said of that port's channels, `16 * port` to `16 * port + 15`.
   * @throws TypeError when `data` is not a Uint8Array; RangeError when it is not framed by F0
   *   and F7 or holds a byte above 7F between them, when frameOffset is not a non-negative
   *   integer, when the queue is full, or when `port` is not a whole number from 0 to 15.
   */
  processSysEx(data: Uint8Array, frameOffset?: number, port = 0): void {
    this.checkUsable();
    checkSysExFraming(data);
    if (!Number.isInteger(port) || port < 0 || port * CHANNELS_PER_PORT >= MAX_CHANNELS) {
      throw new RangeError(`port must be a whole number from 0 to ${MAX_CHANNELS / CHANNELS_PER_PORT - 1}, got ${describeValue(port)}`);
    }
    if (frameOffset !== undefined) {
      this.queue.push(this.renderedFrames + checkFrameOffset(frameOffset), port, 0xf0, 0, 0, data);
      return;
    }
    this.applySysEx(data, port);
  }

  private applySysEx(data: Uint8Array, port: number): void {
    this.rules.systemExclusive(data, port * CHANNELS_PER_PORT, this.channels);
    this.publishMasterVolume();
    this.publishEffects();
  }

  /** Releases every voice playing `key` on `channel`. */
  noteOff(channel: number, key: number): void {
    this.checkUsable();
    this.checkChannel(channel);
    checkDataByte("key", key);
    const { voiceBank, voices, rules } = this;
    const order = voices.order;
    for (let i = 0; i < voices.activeVoiceCount; i++) {
      const v = order[i];
      if (voiceBank.channel[v] === channel && voiceBank.key[v] === key) rules.releaseVoice(v);
    }
    rules.afterNoteOff(channel, key);
  }

  /** Starts a note; a velocity of 0 releases it instead, as in MIDI. */
  noteOn(channel: number, key: number, velocity: number): void {
    this.checkUsable();
    this.checkChannel(channel);
    checkDataByte("key", key);
    checkDataByte("velocity", velocity);
    if (velocity === 0) {
      this.noteOff(channel, key);
      return;
    }
    this.startNote(channel, key, velocity, false);
  }

  /**
   * Starts a note that is heard nowhere: its voices play, take and lose their places among the
   * voices, and end exactly as a heard note's would, with nothing of them in the output or the
   * effects. Rendering one part of a song this way (its other parts' notes silent) gives that
   * part as it sounds in the whole, voice stealing included: the parts add up to the whole. A
   * velocity of 0 releases the key, as {@link noteOn} does.
   * @param frameOffset As for {@link processMidiMessage}: undefined for now.
   * @throws RangeError as {@link processMidiMessage} does.
   */
  silentNoteOn(channel: number, key: number, velocity: number, frameOffset?: number): void {
    this.checkUsable();
    this.checkChannel(channel);
    checkDataByte("key", key);
    checkDataByte("velocity", velocity);
    if (frameOffset !== undefined) {
      this.queue.push(this.renderedFrames + checkFrameOffset(frameOffset), channel, 0x90, key, velocity === 0 ? 0 : velocity | 0x80);
    } else if (velocity === 0) {
      this.noteOff(channel, key);
    } else {
      this.startNote(channel, key, velocity, true);
    }
  }

  private startNote(channel: number, key: number, velocity: number, silent: boolean): void {
    const info = this.channels.at(channel);
    const preset = this.presets.find(info.bankNumber, info.patchNumber);
    if (preset === undefined) return;
    const rules = this.rules;
    const voiceBank = this.voiceBank;
    rules.beforeNoteOn(channel, info);
    // Indexed loops: for-of makes an iterator and a result object per region until V8 has
    // optimized this function, a note-on's allocations on a song's first minute.
    const presetRegions = preset.regions;
    for (let p = 0; p < presetRegions.length; p++) {
      const presetRegion = presetRegions[p];
      if (!presetRegion.contains(key, velocity)) continue;
      const instrumentRegions = presetRegion.instrument.regions;
      for (let i = 0; i < instrumentRegions.length; i++) {
        const instrumentRegion = instrumentRegions[i];
        if (!instrumentRegion.contains(key, velocity)) continue;
        if (!this.soundFont.ensureDecoded(instrumentRegion.sample)) continue; // SF3: decoded at first use
        this.renderer.prepareSample(instrumentRegion.sample);
        const v = this.voices.requestNew(instrumentRegion.exclusiveClass, channel);
        rules.startVoice(v, presetRegion, instrumentRegion, channel, info, key, velocity);
        if (silent) voiceBank.flags[v] |= FLAG_SILENT;
      }
    }
    rules.afterNoteOn(channel, key);
  }

  /**
   * Stops every note, on all channels or on one.
   * @param immediate Without release (true) or with it (false, the default).
   */
  noteOffAll(immediate?: boolean): void;
  noteOffAll(channel: number, immediate: boolean): void;
  noteOffAll(channelOrImmediate: number | boolean = false, immediate = false): void {
    this.checkUsable();
    const { voiceBank, voices } = this;
    const order = voices.order;
    if (typeof channelOrImmediate === "boolean") {
      this.rules.keysUp();
      if (channelOrImmediate) {
        this.voices.clear();
      } else {
        for (let i = 0; i < this.voices.activeVoiceCount; i++) endVoice(voiceBank, order[i]);
      }
      return;
    }
    const channel = channelOrImmediate;
    this.checkChannel(channel);
    this.rules.keysUp(channel);
    for (let i = 0; i < this.voices.activeVoiceCount; i++) {
      const v = order[i];
      if (voiceBank.channel[v] !== channel) continue;
      if (immediate) {
        killVoice(voiceBank, v);
      } else {
        endVoice(voiceBank, v);
      }
    }
  }

  /** Resets the controllers of every channel, or of one (MIDI controller 121). */
  resetAllControllers(channel?: number): void {
    this.checkUsable();
    if (channel === undefined) {
      for (let c = 0; c < this.channels.count; c++) this.resetAllControllers(c);
      return;
    }
    this.checkChannel(channel);
    const info = this.channels.at(channel);
    info.resetAllControllers();
    this.rules.controllersReset(channel, info);
  }

  /**
   * Silences everything and returns every channel and effect to its initial state; queued
   * messages are dropped and `renderedFrames` counts from 0 again.
   */
  reset(): void {
    this.checkUsable();
    this.voices.clear();
    this.queue.clear();
    this.nextBlockFrame = 0;
    for (const channel of this.channels) {
      channel.bankStyle = "gs";
      channel.reset();
    }
    this.rules.reset();
    this.publishMasterVolume();
    this.publishEffects();
    this.reverbEffect?.mute();
    this.chorusEffect?.mute();
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
    this.checkUsable();
    if (!Number.isInteger(offset) || !Number.isInteger(count) || offset < 0 || count < 0 ||
        offset + count > left.length || offset + count > right.length) {
      throw new RangeError(
        `frames ${offset} to ${offset + count} do not fit in buffers of ${left.length} and ${right.length} frames`,
      );
    }
    let wrote = 0;
    while (wrote < count) {
      if (this.blockRead === this.blockSize) {
        const blocks = this.renderSpan(left, right, offset + wrote, count - wrote);
        if (blocks > 0) {
          wrote += blocks * this.blockSize;
          continue;
        }
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

  // Renders the whole blocks from the next one that fit in `room` frames into `left` and
  // `right` from frame `at`, in a single call of the renderer, as far as no queued message falls
  // inside them past the first block's start: each message still lands where a block at a time
  // puts it. Returns how many; 0 when no whole block fits or, with 'sample' timing, a message
  // falls inside the first block (renderBlock splits it).
  private renderSpan(left: Float32Array, right: Float32Array, at: number, room: number): number {
    const blockSize = this.blockSize;
    // In whole numbers: V8 boxes an Infinity or a floored double it passes on into a new heap
    // number.
    let blocks = room >= this.spanBlocks * blockSize ? this.spanBlocks : (room / blockSize) | 0;
    if (blocks === 0) return 0;
    const start = this.nextBlockFrame;
    this.applyDue(this.eventTiming === "block" ? start + blockSize - 1 : start);
    const gap = this.queue.length > 0 ? this.queue.firstFrame() - start : blocks * blockSize;
    if (gap < blocks * blockSize) blocks = (gap / blockSize) | 0;
    if (blocks === 0) return 0;
    this.nextBlockFrame = start + blocks * blockSize;
    this.voices.setActiveCount(this.renderer.renderTo(this.voices.activeVoiceCount, blocks * blockSize, left, right, at));
    return blocks;
  }

  private renderBlock(): void {
    const start = this.nextBlockFrame;
    const blockSize = this.blockSize;
    this.nextBlockFrame = start + blockSize;
    if (this.eventTiming === "block") {
      this.applyDue(start + blockSize - 1);
      this.voices.setActiveCount(this.renderer.render(this.voices.activeVoiceCount, blockSize));
      return;
    }
    // Rendered up to each message's frame, the message applied, and on from there.
    let done = 0;
    while (done < blockSize) {
      this.applyDue(start + done);
      const end = this.queue.length > 0 ? Math.min(blockSize, this.queue.firstFrame() - start) : blockSize;
      const frames = end - done;
      this.voices.setActiveCount(this.renderer.render(this.voices.activeVoiceCount, frames));
      for (let t = 0; t < frames; t++) {
        this.blockLeft[done + t] = this.partLeft[t];
        this.blockRight[done + t] = this.partRight[t];
      }
      done = end;
    }
  }

  // Applies every queued message whose frame is at most `frame`.
  private applyDue(frame: number): void {
    while (this.queue.hasDue(frame)) {
      const message = this.queue.shift();
      const sysEx = this.queue.shiftedSysEx;
      // A system exclusive message keeps its port where a channel message keeps its channel.
      if (sysEx !== null) this.applySysEx(sysEx, message & 0xff);
      else this.dispatch(message & 0xff, (message >> 8) & 0xf0, (message >> 16) & 0x7f, (message >> 24) & 0xff);
    }
  }
}

function checkFrameOffset(frameOffset: number): number {
  if (typeof frameOffset !== "number" || !Number.isSafeInteger(frameOffset) || frameOffset < 0) {
    throw new RangeError(`frameOffset must be a non-negative integer, got ${String(frameOffset)}`);
  }
  return frameOffset;
}

function checkDataByte(name: string, value: number): void {
  if (!Number.isInteger(value) || value < 0 || value > 127) {
    throw new RangeError(`${name} must be an integer from 0 to 127, got ${String(value)}`);
  }
}
