import type { ChannelTable } from "../kernels/VoiceBank.js";

/**
 * The state of one MIDI channel: bank and program, controllers, RPN parameters and pitch bend.
 * 14-bit controllers keep MeltySynth's 16-bit storage so that coarse and fine messages combine
 * exactly as they do there. After every change the channel writes what the voices read (vibrato
 * depth, pitch change, gain, pan, sends, hold pedal) into its column of the channel table.
 *
 * In the 'full' profile, modulators turn the controllers into each voice's parameters, so the
 * table holds only what no modulator covers (tuning and the hold pedal) and neutral values for
 * the rest; the channel keeps every controller's raw value, the pressures and the pitch wheel
 * for the modulators to read.
 */

const f = Math.fround;

/** The standard whose bank select rules a channel follows in the 'full' profile. */
export type BankStyle = "gm" | "gm2" | "gs" | "xg";

// Stores a value in a signed 16-bit field, as MeltySynth's short fields do.
const int16 = (x: number): number => (x << 16) >> 16;

const enum DataType {
  None,
  Rpn,
  Nrpn,
}

const MODULATION_SCALE = f(50 / 16383);
const UNIT_14BIT = f(1 / 16383);
const PAN_SCALE = f(100 / 16383);
const UNIT_7BIT = f(1 / 127);
const UNIT_BEND = f(1 / 8192);
const CENT = f(0.01);

export class Channel {
  private bankNumberValue = 0;
  private patchNumberValue = 0;
  private modulationValue = 0;
  private volumeValue = 0;
  private panValue = 0;
  private expressionValue = 0;
  private holdPedalValue = false;
  private reverbSendValue = 0;
  private chorusSendValue = 0;
  private rpn = 0;
  private pitchBendRangeValue = 0;
  private coarseTune = 0;
  private fineTune = 0;
  private pitchBendValue = 0;
  private lastDataType = DataType.None;

  /** The last value of every MIDI controller, 0-127, as modulators read them ('full' profile). */
  readonly controllers = new Uint8Array(128);
  /** Polyphonic pressure by key. */
  readonly keyPressure = new Uint8Array(128);
  channelPressure = 0;
  /** Modulation depth range (RPN 5) in cents: how far the mod wheel takes the vibrato. */
  private modulationDepthRangeValue = 0;
  private bankSelectLsb = 0;
  private bankSelectMsb = 0;
  /** Whether the channel plays drum kits; GS and XG messages can change it in the 'full' profile. */
  isPercussionChannel: boolean;
  /**
   * How bank select reads in the 'full' profile, as the last GM, GM2, GS or XG reset set it
   * (GS until one comes, as in FluidSynth).
   */
  bankStyle: BankStyle = "gs";

  constructor(
    private readonly defaultPercussion: boolean,
    private readonly table: ChannelTable,
    private readonly index: number,
    private readonly full = false,
  ) {
    this.isPercussionChannel = defaultPercussion;
    this.reset();
  }

  // The inputs of the per-block voice step, as lib/synth/Voice.ts reads them.
  private publish(): void {
    const t = this.table;
    const i = this.index;
    t.holdPedal[i] = this.holdPedalValue ? 1 : 0;
    if (this.full) {
      t.vibratoDepth[i] = 0;
      t.pitchChange[i] = this.tune;
      t.gain[i] = 1;
      t.pan[i] = 0;
      t.reverbSend[i] = 0;
      t.chorusSend[i] = 0;
      return;
    }
    const ve = f(this.volume * this.expression);
    t.vibratoDepth[i] = CENT * this.modulation;
    t.pitchChange[i] = this.tune + this.pitchBend;
    t.gain[i] = ve * ve;
    t.pan[i] = this.pan;
    t.reverbSend[i] = this.reverbSend;
    t.chorusSend[i] = this.chorusSend;
  }

  /** Records a controller's raw value, which the 'full' profile's modulators read. */
  setController(controller: number, value: number): void {
    this.controllers[controller] = value;
  }

  reset(): void {
    this.isPercussionChannel = this.defaultPercussion;
    // As FluidSynth resets them, but for the reverb send, which GM2 and MeltySynth start at 40.
    this.controllers.fill(0);
    this.controllers.fill(64, 70, 80);
    this.controllers[7] = 100;
    this.controllers[8] = 64;
    this.controllers[10] = 64;
    this.controllers[11] = 127;
    this.controllers[91] = 40;
    this.keyPressure.fill(0);
    this.channelPressure = 0;
    this.modulationDepthRangeValue = 50;
    this.bankSelectMsb = 0;
    this.bankSelectLsb = 0;
    this.bankNumberValue = this.isPercussionChannel ? 128 : 0;
    this.patchNumberValue = 0;
    this.modulationValue = 0;
    this.volumeValue = 100 << 7;
    this.panValue = 64 << 7;
    this.expressionValue = 127 << 7;
    this.holdPedalValue = false;
    this.reverbSendValue = 40;
    this.chorusSendValue = 0;
    this.rpn = -1;
    this.pitchBendRangeValue = 2 << 7;
    this.coarseTune = 0;
    this.fineTune = 8192;
    this.pitchBendValue = 0;
    this.publish();
  }

  resetAllControllers(): void {
    // As RP-015 lists them: volume, pan, sends and the bank stay.
    for (const c of [1, 11, 64, 65, 66, 67]) this.controllers[c] = c === 11 ? 127 : 0;
    this.keyPressure.fill(0);
    this.channelPressure = 0;
    this.modulationValue = 0;
    this.expressionValue = 127 << 7;
    this.holdPedalValue = false;
    this.rpn = -1;
    this.pitchBendValue = 0;
    this.publish();
  }

  setBank(value: number): void {
    if (this.full) {
      this.bankSelectMsb = value;
      this.selectBank();
      return;
    }
    // The percussion channel lives in the drum banks, 128 and up.
    this.bankNumberValue = this.isPercussionChannel ? value + 128 : value;
  }

  /** Bank select LSB (controller 32), which the 'full' profile reads as XG and GM2 do. */
  setBankLsb(value: number): void {
    this.bankSelectLsb = value;
    if (this.full) this.selectBank();
  }

  /**
   * Makes the channel a drum channel or a melodic one, with program 0 (GS "use for rhythm
   * part"). As in FluidSynth, a channel made melodic keeps its drum bank until a bank select.
   */
  setPercussion(percussion: boolean): void {
    this.isPercussionChannel = percussion;
    this.patchNumberValue = 0;
    if (percussion) this.bankNumberValue = 128;
  }

  // The 'full' profile's bank select, by style: GS reads the MSB (drum channels stay on bank
  // 128); XG makes MSB 120 and up drums and reads the LSB as the melodic bank; GM2 makes 120
  // drums and 121 melodic with the LSB as the bank; GM ignores bank select.
  private selectBank(): void {
    const msb = this.bankSelectMsb;
    switch (this.bankStyle) {
      case "gm":
        return;
      case "gs":
        if (!this.isPercussionChannel) this.bankNumberValue = msb;
        return;
      case "xg":
        this.isPercussionChannel = msb >= 120;
        this.bankNumberValue = this.isPercussionChannel ? 128 : this.bankSelectLsb;
        return;
      case "gm2":
        if (msb === 120) this.isPercussionChannel = true;
        else if (msb === 121) this.isPercussionChannel = false;
        this.bankNumberValue = this.isPercussionChannel ? 128 : this.bankSelectLsb;
        return;
    }
  }

  setPatch(value: number): void {
    this.patchNumberValue = value;
  }

  setModulationCoarse(value: number): void {
    this.modulationValue = coarse(this.modulationValue, value);
    this.publish();
  }

  setModulationFine(value: number): void {
    this.modulationValue = fine(this.modulationValue, value);
    this.publish();
  }

  setVolumeCoarse(value: number): void {
    this.volumeValue = coarse(this.volumeValue, value);
    this.publish();
  }

  setVolumeFine(value: number): void {
    this.volumeValue = fine(this.volumeValue, value);
    this.publish();
  }

  setPanCoarse(value: number): void {
    this.panValue = coarse(this.panValue, value);
    this.publish();
  }

  setPanFine(value: number): void {
    this.panValue = fine(this.panValue, value);
    this.publish();
  }

  setExpressionCoarse(value: number): void {
    this.expressionValue = coarse(this.expressionValue, value);
    this.publish();
  }

  setExpressionFine(value: number): void {
    this.expressionValue = fine(this.expressionValue, value);
    this.publish();
  }

  setHoldPedal(value: number): void {
    this.holdPedalValue = value >= 64;
    this.publish();
  }

  setReverbSend(value: number): void {
    this.reverbSendValue = value & 0xff;
    this.publish();
  }

  setChorusSend(value: number): void {
    this.chorusSendValue = value & 0xff;
    this.publish();
  }

  setRpnCoarse(value: number): void {
    this.rpn = coarse(this.rpn, value);
    this.lastDataType = DataType.Rpn;
  }

  setRpnFine(value: number): void {
    this.rpn = fine(this.rpn, value);
    this.lastDataType = DataType.Rpn;
  }

  // Selecting an NRPN stops data entry from changing the last selected RPN.
  setNrpnCoarse(): void {
    this.lastDataType = DataType.Nrpn;
  }

  setNrpnFine(): void {
    this.lastDataType = DataType.Nrpn;
  }

  dataEntryCoarse(value: number): void {
    if (this.lastDataType !== DataType.Rpn) return;
    if (this.rpn === 0) {
      this.pitchBendRangeValue = coarse(this.pitchBendRangeValue, value);
    } else if (this.rpn === 1) {
      this.fineTune = coarse(this.fineTune, value);
    } else if (this.rpn === 2) {
      this.coarseTune = int16(value - 64);
    } else if (this.rpn === 5) {
      this.modulationDepthRangeValue = 100 * value + (this.modulationDepthRangeValue % 100);
    }
    this.publish();
  }

  dataEntryFine(value: number): void {
    if (this.lastDataType !== DataType.Rpn) return;
    if (this.rpn === 0) {
      this.pitchBendRangeValue = fine(this.pitchBendRangeValue, value);
    } else if (this.rpn === 1) {
      this.fineTune = fine(this.fineTune, value);
    } else if (this.rpn === 5) {
      // The LSB counts 128ths of a semitone (GM2).
      this.modulationDepthRangeValue = 100 * Math.floor(this.modulationDepthRangeValue / 100) + (100 * value) / 128;
    }
    this.publish();
  }

  setPitchBend(value1: number, value2: number): void {
    this.pitchBendValue = f(UNIT_BEND * ((value1 | (value2 << 7)) - 8192));
    this.publish();
  }

  get bankNumber(): number {
    return this.bankNumberValue;
  }

  get patchNumber(): number {
    return this.patchNumberValue;
  }

  /** Vibrato depth in cents, 0 to 50. */
  get modulation(): number {
    return f(MODULATION_SCALE * this.modulationValue);
  }

  get volume(): number {
    return f(UNIT_14BIT * this.volumeValue);
  }

  /** -50 (left) to 50 (right). */
  get pan(): number {
    return f(f(PAN_SCALE * this.panValue) - 50);
  }

  get expression(): number {
    return f(UNIT_14BIT * this.expressionValue);
  }

  get holdPedal(): boolean {
    return this.holdPedalValue;
  }

  get reverbSend(): number {
    return f(UNIT_7BIT * this.reverbSendValue);
  }

  get chorusSend(): number {
    return f(UNIT_7BIT * this.chorusSendValue);
  }

  /** In semitones. */
  get pitchBendRange(): number {
    return f((this.pitchBendRangeValue >> 7) + f(CENT * (this.pitchBendRangeValue & 0x7f)));
  }

  /** Channel tuning in semitones (RPN 1 and 2). */
  get tune(): number {
    return f(this.coarseTune + f(UNIT_BEND * (this.fineTune - 8192)));
  }

  /** The pitch wheel as sent, 0 to 16383 (8192 is the centre). */
  get pitchWheel(): number {
    return Math.round(this.pitchBendValue * 8192) + 8192;
  }

  /** Modulation depth range (RPN 5) in cents. */
  get modulationDepthRange(): number {
    return this.modulationDepthRangeValue;
  }

  /** Pitch bend in semitones. */
  get pitchBend(): number {
    return f(this.pitchBendRange * this.pitchBendValue);
  }
}

function coarse(field: number, value: number): number {
  return int16((field & 0x7f) | (value << 7));
}

function fine(field: number, value: number): number {
  return int16((field & 0xff80) | value);
}
