import type { InstrumentRegion, PresetRegion } from "../soundfont/index.js";
import type { Channel, ChannelRules } from "./Channel.js";
import type { ChannelList } from "./ChannelList.js";
import type { ChorusSettings, ReverbSettings } from "./EffectSettings.js";

/**
 * What a profile decides, in one place: how channels publish their controllers and read bank
 * select, how a note's voices start and what holds or releases them, what a controller change
 * refreshes, and which system exclusive messages act. The synthesizer and its channels call every
 * method unconditionally: MeltySynthProfile (MeltySynth's sound, bit for bit) leaves most of them
 * empty; FullProfile (modulators, pedals, portamento, GS/XG, after FluidSynth) fills them.
 *
 * Each class also says, as its static `inaudibleGain`, below which gain a ramp is not mixed, and
 * as its static `maxChannels` how many channels a synthesizer can grow to: the block renderer is
 * made before the profile, which works on the renderer's voice bank.
 */
export interface SynthesizerProfile extends ChannelRules {
  /** The factor of the master volume that the profile's messages set (1 until one comes). */
  readonly masterVolumeFactor: number;
  /** The reverb settings that the profile's messages set, over the user's (none until one comes). */
  readonly reverbChanges: Readonly<Partial<ReverbSettings>>;
  /** The chorus settings that the profile's messages set, over the user's. */
  readonly chorusChanges: Readonly<Partial<ChorusSettings>>;

  /** Before the voices of a note-on on `channel` start. */
  beforeNoteOn(channel: number, info: Channel): void;
  /** Starts voice `v` for one preset region and one of its instrument's regions. */
  startVoice(v: number, preset: PresetRegion, instrument: InstrumentRegion, channel: number, info: Channel, key: number, velocity: number): void;
  /** After every voice of a note-on has started. */
  afterNoteOn(channel: number, key: number): void;
  /** Releases voice `v` for a note-off of its key, or holds it. */
  releaseVoice(v: number): void;
  /** After a note-off of `key` has released its voices. */
  afterNoteOff(channel: number, key: number): void;
  /** Every key of `channel`, or of every channel, is up (all notes off, sound off). */
  keysUp(channel?: number): void;

  /** After a control change on a channel (121, reset all controllers, excepted). */
  controllerChanged(channel: number, info: Channel, controller: number, value: number): void;
  /** After the pitch wheel or a pressure moved on a channel. */
  performanceChanged(channel: number, info: Channel): void;
  /** After a channel's controllers were reset (controller 121). */
  controllersReset(channel: number, info: Channel): void;
  /**
   * Gives a channel a tuning of its own (cents from equal temperament per key), or takes it back
   * with null. @throws Error in a profile that plays equal temperament only.
   */
  setTuning(channel: number, info: Channel, tuning: Float64Array | null): void;
  /**
   * A system exclusive message, framed F0 ... F7 and checked, that came in on the MIDI port
   * whose channels start at `firstChannel`.
   */
  systemExclusive(data: Uint8Array, firstChannel: number, channels: ChannelList): void;
  /** Back to the initial state (the synthesizer's reset). */
  reset(): void;
}
