import type { ChannelTable } from "../kernels/VoiceBank.js";

/**
 * The state of one MIDI channel: bank and program, controllers, RPN parameters and pitch bend.
 * 14-bit controllers keep MeltySynth's 16-bit storage so that coarse and fine messages combine
 * exactly as they do there. After every change the channel writes what the voices read (vibrato
 * depth, pitch change, gain, pan, sends, hold pedal) into its column of the channel table.
 */

const f = Math.fround;

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

  constructor(
    readonly isPercussionChannel: boolean,
    private readonly table: ChannelTable,
    private readonly index: number,
  ) {
    this.reset();
  }

  // The inputs of the per-block voice step, as lib/synth/Voice.ts reads them.
  private publish(): void {
    const t = this.table;
    const i = this.index;
    const ve = f(this.volume * this.expression);
    t.vibratoDepth[i] = CENT * this.modulation;
    t.pitchChange[i] = this.tune + this.pitchBend;
    t.gain[i] = ve * ve;
    t.pan[i] = this.pan;
    t.reverbSend[i] = this.reverbSend;
    t.chorusSend[i] = this.chorusSend;
    t.holdPedal[i] = this.holdPedalValue ? 1 : 0;
  }

  reset(): void {
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
    this.modulationValue = 0;
    this.expressionValue = 127 << 7;
    this.holdPedalValue = false;
    this.rpn = -1;
    this.pitchBendValue = 0;
    this.publish();
  }

  setBank(value: number): void {
    // The percussion channel lives in the drum banks, 128 and up.
    this.bankNumberValue = this.isPercussionChannel ? value + 128 : value;
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
    }
    this.publish();
  }

  dataEntryFine(value: number): void {
    if (this.lastDataType !== DataType.Rpn) return;
    if (this.rpn === 0) {
      this.pitchBendRangeValue = fine(this.pitchBendRangeValue, value);
    } else if (this.rpn === 1) {
      this.fineTune = fine(this.fineTune, value);
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
