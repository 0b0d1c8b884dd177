import type { ChannelTable, VoiceBank } from "../kernels/VoiceBank.js";
import type { BlockRenderer } from "../kernels/BlockRenderer.js";
import { generatorCount } from "../soundfont/GeneratorType.js";
import type { InstrumentRegion, PresetRegion } from "../soundfont/index.js";
import type { Channel } from "./Channel.js";
import { NON_AUDIBLE } from "../kernels/SoundFontMath.js";
import type { SynthesizerProfile } from "./SynthesizerProfile.js";
import { endVoice, meltysynthAttackScale, meltysynthNoteDecibels, writeNoteStart } from "./Voice.js";

const f = Math.fround;
const CENT = f(0.01);

/**
 * The 'meltysynth' profile: MeltySynth's sound, bit for bit. The channel table carries the
 * controllers' effects; a note's generators are the preset's and the instrument's added;
 * pressures, pedals other than hold, and system exclusive messages do nothing.
 */
export class MeltySynthProfile implements SynthesizerProfile {
  /** Gain ramps that stay below this are not mixed: MeltySynth's -60 dB. */
  static readonly inaudibleGain = NON_AUDIBLE;
  readonly masterVolumeFactor = 1;
  readonly reverbChanges = {};
  readonly chorusChanges = {};
  /** MeltySynth's 16: a song on several ports plays its ports' channels over each other, as there. */
  static readonly maxChannels = 16;
  private readonly voiceBank: VoiceBank;

  constructor(
    private readonly renderer: BlockRenderer,
    private readonly waveLength: number,
  ) {
    this.voiceBank = renderer.context.bank;
  }

  publish(channel: Channel, t: ChannelTable, i: number): void {
    const ve = f(channel.volume * channel.expression);
    t.holdPedal[i] = channel.holdPedal ? 1 : 0;
    t.vibratoDepth[i] = CENT * channel.modulation;
    t.pitchChange[i] = channel.tune + channel.pitchBend;
    t.gain[i] = ve * ve;
    t.pan[i] = channel.pan;
    t.reverbSend[i] = channel.reverbSend;
    t.chorusSend[i] = channel.chorusSend;
  }

  // MeltySynth reads no NRPN.
  nrpn(): void {}

  // The bank is the MSB as sent; the percussion channel lives in the drum banks, 128 and up.
  selectBank(channel: Channel, controller: number): void {
    if (controller !== 0) return;
    const msb = channel.controller(0);
    channel.setBankNumber(channel.isPercussionChannel ? msb + 128 : msb);
  }

  beforeNoteOn(): void {}

  startVoice(v: number, preset: PresetRegion, instrument: InstrumentRegion, channel: number, _info: Channel, key: number, velocity: number): void {
    const g = this.renderer.context.noteStart;
    // Preset generators add to instrument generators (SoundFont 2.04, 9.4).
    for (let i = 0; i < generatorCount; i++) g[i] = preset.generators[i] + instrument.generators[i];
    writeNoteStart(g, instrument, this.waveLength, channel, key, meltysynthNoteDecibels(g, velocity), meltysynthAttackScale(velocity));
    this.renderer.startVoice(v);
  }

  afterNoteOn(): void {}

  releaseVoice(v: number): void {
    endVoice(this.voiceBank, v);
  }

  afterNoteOff(): void {}

  keysUp(): void {}

  controllerChanged(): void {}

  performanceChanged(): void {}

  controllersReset(): void {}

  setTuning(): void {
    throw new Error("setTuning needs the 'full' profile: the 'meltysynth' profile plays equal temperament only");
  }

  // MeltySynth ignores system exclusive messages.
  systemExclusive(): void {}

  reset(): void {}
}
