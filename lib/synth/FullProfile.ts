import { SMALLEST_FLOAT32 } from "../kernels/SoundFontMath.js";
import { MAX_CHANNELS, FLAG_DYNAMIC_CUTOFF, FLAG_QUIET_LIVES, VOICE_PLAYING, type ChannelTable, type VoiceBank } from "../kernels/VoiceBank.js";
import type { InstrumentRegion, PresetRegion } from "../soundfont/index.js";
import type { Channel } from "./Channel.js";
import type { ChannelList } from "./ChannelList.js";
import type { ChorusSettings, ReverbSettings } from "./EffectSettings.js";
import type { SynthesizerProfile } from "./SynthesizerProfile.js";
import { applyNrpn } from "./nrpn.js";
import { GsEffects } from "./GsEffects.js";
import { readSystemExclusive } from "./SystemExclusive.js";
import { Tunings } from "./Tunings.js";
import type { BlockRenderer } from "../kernels/BlockRenderer.js";
import { updateVoiceInputs } from "../kernels/VoiceStart.js";
import { endVoice, writeNoteStart } from "./Voice.js";
import type { VoiceCollection } from "./VoiceCollection.js";
import { VoiceModulators } from "./VoiceModulators.js";

const CC_PORTAMENTO_TIME = 5;
const CC_PORTAMENTO_SWITCH = 65;
const CC_SOSTENUTO = 66;
const CC_PORTAMENTO_CONTROL = 84;

/**
 * The 'full' profile: a font's modulators and the SoundFont defaults turn every controller,
 * pressure and the pitch wheel into each voice's parameters, re-evaluated when one of them moves
 * on the voice's channel; sostenuto, portamento, GM/GM2/GS/XG bank select and resets, GS rhythm
 * parts and the universal master volume act, with FluidSynth's semantics where the
 * specifications leave room.
 */
export class FullProfile implements SynthesizerProfile {
  /**
   * Gain ramps that stay below this are not mixed: only silence is skipped, as quiet notes must
   * sound (FluidSynth plays velocity 1 at -84 dB).
   */
  static readonly inaudibleGain = SMALLEST_FLOAT32;
  /** The universal master volume message's factor. */
  masterVolumeFactor = 1;
  /** What the GS and GM2 effect messages set. */
  reverbChanges: Partial<ReverbSettings> = {};
  chorusChanges: Partial<ChorusSettings> = {};
  static readonly maxChannels = MAX_CHANNELS;
  private readonly modulators: VoiceModulators;
  /** Voices held by the sostenuto pedal, and those of them whose note-off came meanwhile. */
  private readonly sostenutoHeld: Uint8Array;
  private readonly sostenutoReleased: Uint8Array;
  /** Each channel's last note, where portamento glides from (-1: none yet). */
  private readonly lastKey = new Int16Array(MAX_CHANNELS);
  /** Keys held down (note-on without note-off yet), 128 per channel. */
  private readonly held = new Uint8Array(MAX_CHANNELS * 128);
  private readonly heldCount = new Uint8Array(MAX_CHANNELS);
  /** A portamento control (CC 84) key waiting for the channel's next note (-1: none). */
  private readonly portamentoControl = new Int16Array(MAX_CHANNELS);
  /** The key the note starting now glides from, or -1. */
  private glideFrom = -1;
  private readonly tunings = new Tunings();
  private readonly gsEffects = new GsEffects();

  private readonly voiceBank: VoiceBank;
  private readonly sampleRate: number;

  constructor(
    private readonly renderer: BlockRenderer,
    private readonly voices: VoiceCollection,
    private readonly waveLength: number,
  ) {
    const voiceBank = renderer.context.bank;
    this.voiceBank = voiceBank;
    this.sampleRate = renderer.context.sampleRate;
    this.modulators = new VoiceModulators(voiceBank.capacity, this.tunings);
    this.sostenutoHeld = new Uint8Array(voiceBank.capacity);
    this.sostenutoReleased = new Uint8Array(voiceBank.capacity);
    this.reset();
  }

  // Modulators carry the controllers to each voice; the table keeps only what none covers
  // (tuning and the hold pedal), and neutral values for the rest.
  publish(channel: Channel, t: ChannelTable, i: number): void {
    t.holdPedal[i] = channel.holdPedal ? 1 : 0;
    t.vibratoDepth[i] = 0;
    t.pitchChange[i] = channel.tune;
    t.gain[i] = 1;
    t.pan[i] = 0;
    t.reverbSend[i] = 0;
    t.chorusSend[i] = 0;
  }

  nrpn(channel: Channel, msb: number, lsb: number, data: number): void {
    applyNrpn(channel, msb, lsb, data);
  }

  // By the style of the last reset: GS reads the MSB (drum channels stay on bank 128); XG makes
  // MSB 120 and up drums and reads the LSB as the melodic bank; GM2 makes 120 drums and 121
  // melodic with the LSB as the bank; GM ignores bank select.
  selectBank(channel: Channel): void {
    const msb = channel.controller(0);
    const lsb = channel.controller(32);
    switch (channel.bankStyle) {
      case "gm":
        return;
      case "gs":
        if (!channel.isPercussionChannel) channel.setBankNumber(msb);
        return;
      case "xg":
        channel.isPercussionChannel = msb >= 120;
        channel.setBankNumber(channel.isPercussionChannel ? 128 : lsb);
        return;
      case "gm2":
        if (msb === 120) channel.isPercussionChannel = true;
        else if (msb === 121) channel.isPercussionChannel = false;
        channel.setBankNumber(channel.isPercussionChannel ? 128 : lsb);
        return;
    }
  }

  /**
   * As FluidSynth does by default, a note glides from a portamento control key (CC 84) if one
   * came, used once; else, while the portamento switch (CC 65) is on and the note is played
   * legato (another key still down), from the channel's last note.
   */
  beforeNoteOn(channel: number, info: Channel): void {
    const control = this.portamentoControl[channel];
    this.portamentoControl[channel] = -1;
    if (control >= 0) this.glideFrom = control;
    else this.glideFrom = info.controller(CC_PORTAMENTO_SWITCH) >= 64 && this.heldCount[channel] > 0 ? this.lastKey[channel] : -1;
  }

  startVoice(v: number, preset: PresetRegion, instrument: InstrumentRegion, channel: number, info: Channel, key: number, velocity: number): void {
    const { voiceBank: bank, modulators } = this;
    modulators.start(v, preset, instrument, info, key, velocity);
    const note = this.renderer.context.noteStart;
    note.set(modulators.generators);
    writeNoteStart(note, instrument, this.waveLength, channel, key, modulators.noteDecibels, 1);
    this.renderer.startVoice(v);
    bank.flags[v] |= FLAG_QUIET_LIVES;
    this.sostenutoHeld[v] = 0;
    this.sostenutoReleased[v] = 0;
    const from = this.glideFrom;
    if (from >= 0 && from !== key) {
      const frames = this.glideFrames(info);
      if (frames > 0) {
        bank.glideOffset[v] = from - key;
        bank.glideRate[v] = (from - key) / frames;
      }
    }
  }

  afterNoteOn(channel: number, key: number): void {
    const i = channel * 128 + key;
    if (this.held[i] === 0) this.heldCount[channel]++;
    this.held[i] = 1;
    this.lastKey[channel] = key;
  }

  releaseVoice(v: number): void {
    if (this.sostenutoHeld[v] === 1) this.sostenutoReleased[v] = 1;
    else endVoice(this.voiceBank, v);
  }

  afterNoteOff(channel: number, key: number): void {
    const i = channel * 128 + key;
    if (this.held[i] === 1) this.heldCount[channel]--;
    this.held[i] = 0;
  }

  keysUp(channel?: number): void {
    if (channel === undefined) {
      this.held.fill(0);
      this.heldCount.fill(0);
      return;
    }
    this.held.fill(0, channel * 128, (channel + 1) * 128);
    this.heldCount[channel] = 0;
  }

  controllerChanged(channel: number, info: Channel, controller: number, value: number): void {
    if (controller === CC_SOSTENUTO) this.setSostenuto(channel, value >= 64);
    else if (controller === CC_PORTAMENTO_CONTROL) this.portamentoControl[channel] = value;
    this.refresh(channel, info);
  }

  performanceChanged(channel: number, info: Channel): void {
    this.refresh(channel, info);
  }

  controllersReset(channel: number, info: Channel): void {
    this.setSostenuto(channel, false);
    this.refresh(channel, info);
  }

  /**
   * GM system on and off, GM2 on, GS reset, XG system on and reset (each silencing every voice
   * and resetting every channel), GS double-module mode, GS "use for rhythm part", the GS and GM2
   * reverb and chorus parameters (GsEffects.ts), the tuning
   * messages and the universal master volume. Parts and channel masks count from `firstChannel`,
   * the first channel of the port the message came in on.
   */
  systemExclusive(data: Uint8Array, firstChannel: number, channels: ChannelList): void {
    const message = readSystemExclusive(data);
    if (message === undefined) return;
    switch (message.kind) {
      case "reset":
        this.voices.clear();
        if (message.modules !== undefined) channels.ensure(firstChannel + 16 * message.modules);
        for (const channel of channels) {
          channel.bankStyle = message.standard;
          channel.reset();
        }
        this.reset();
        break;
      case "gmOff":
        break;
      case "rhythmPart": {
        const channel = firstChannel + message.channel;
        if (channel < channels.count && channels.at(channel).bankStyle === "gs") channels.at(channel).setPercussion(message.drums);
        break;
      }
      case "masterVolume":
        this.masterVolumeFactor = message.volume;
        break;
      case "gsReverb":
        this.reverbChanges = { ...this.reverbChanges, ...this.gsEffects.reverb(message.parameter, message.value) };
        break;
      case "gm2Reverb":
        this.reverbChanges = { ...this.reverbChanges, ...this.gsEffects.gm2Reverb(message.parameter, message.value) };
        break;
      case "gsChorus":
        this.chorusChanges = { ...this.chorusChanges, ...this.gsEffects.chorus(message.parameter, message.value) };
        break;
      case "gm2Chorus":
        this.chorusChanges = { ...this.chorusChanges, ...this.gsEffects.gm2Chorus(message.parameter, message.value) };
        break;
      case "keyTuning": {
        const tuning = this.tunings.get(message.bank, message.program);
        message.keys.forEach((key, i) => (tuning[key] = message.cents[i]));
        // A real-time change retunes the notes sounding; the others wait for the next note.
        if (message.realtime) for (let channel = 0; channel < channels.count; channel++) this.refresh(channel, channels.at(channel));
        break;
      }
      case "octaveTuning":
        for (let n = 0; n < 16; n++) {
          const channel = firstChannel + n;
          if ((message.channels & (1 << n)) === 0 || channel >= channels.count) continue;
          const info = channels.at(channel);
          info.ownTuning = Float64Array.from({ length: 128 }, (_, key) => message.cents[key % 12]);
          if (message.realtime) this.refresh(channel, info);
        }
        break;
    }
  }

  /** Gives a channel a tuning of its own (cents from equal temperament per key), or takes it back. */
  setTuning(channel: number, info: Channel, tuning: Float64Array | null): void {
    info.ownTuning = tuning;
    this.refresh(channel, info);
  }

  reset(): void {
    this.keysUp();
    this.lastKey.fill(-1);
    this.portamentoControl.fill(-1);
    this.masterVolumeFactor = 1;
    this.reverbChanges = {};
    this.chorusChanges = {};
    this.gsEffects.reset();
    this.tunings.reset();
  }

  // Re-evaluates the modulators of the channel's sounding voices after something they read moved.
  private refresh(channel: number, info: Channel): void {
    const { voiceBank: bank, voices, modulators } = this;
    const order = voices.order;
    for (let i = 0; i < voices.activeVoiceCount; i++) {
      const v = order[i];
      // A killed voice (note gain 0) stays silent until the step removes it.
      if (bank.channel[v] !== channel || bank.noteGain[v] === 0) continue;
      const cutoff = bank.cutoff[v];
      const resonance = bank.resonance[v];
      modulators.evaluate(v, info);
      updateVoiceInputs(bank, v, modulators.generators, modulators.region(v).sample.pitchCorrection, modulators.noteDecibels);
      // A moved filter glides there through the step's smoothing rather than jumping.
      if (bank.cutoff[v] !== cutoff || bank.resonance[v] !== resonance) bank.flags[v] |= FLAG_DYNAMIC_CUTOFF;
    }
  }

  // Sostenuto holds the notes playing when it goes down until it comes up.
  private setSostenuto(channel: number, down: boolean): void {
    const { voiceBank: bank, voices } = this;
    const order = voices.order;
    for (let i = 0; i < voices.activeVoiceCount; i++) {
      const v = order[i];
      if (bank.channel[v] !== channel) continue;
      if (down) {
        if (bank.state[v] === VOICE_PLAYING) this.sostenutoHeld[v] = 1;
      } else if (this.sostenutoHeld[v] === 1) {
        this.sostenutoHeld[v] = 0;
        if (this.sostenutoReleased[v] === 1) endVoice(bank, v);
      }
    }
  }

  /**
   * The glide's length in frames: the portamento time (CC 5 times 128 plus CC 37) in
   * milliseconds, rounded to FluidSynth's 64-frame steps.
   */
  private glideFrames(info: Channel): number {
    const milliseconds = info.controller(CC_PORTAMENTO_TIME) * 128 + info.controller(CC_PORTAMENTO_TIME + 32);
    return 64 * Math.round((this.sampleRate * milliseconds) / 1000 / 64);
  }
}
