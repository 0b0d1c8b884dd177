import type { ChannelTable } from "../kernels/VoiceBank.js";
import { generatorCount } from "../soundfont/GeneratorType.js";

/**
 * The state of one MIDI channel: bank and program, every controller's last value, the
 * pressures, the pitch wheel and the RPN parameters. Controllers are one store of 7-bit values;
 * the 14-bit ones (modulation, volume, pan, expression) are read from their MSB and LSB
 * together, as MeltySynth's 16-bit fields combine coarse and fine messages. After every change
 * the channel hands itself to its profile, which writes what the voices read into the channel's
 * column of the channel table.
 */

const f = Math.fround;

/** The standard whose bank select rules a channel follows in the 'full' profile. */
export type BankStyle = "gm" | "gm2" | "gs" | "xg";

/** What a channel asks of the synthesizer's profile (lib/synth/SynthesizerProfile.ts). */
export interface ChannelRules {
  /** Writes what the voices read of `channel` into column `index` of the table. */
  publish(channel: Channel, table: ChannelTable, index: number): void;
  /** Picks the channel's bank after a bank select MSB (controller 0) or LSB (32). */
  selectBank(channel: Channel, controller: number): void;
  /**
   * A data entry MSB for the non-registered parameter `msb`, `lsb` (controllers 99 and 98):
   * `data` is the 14-bit value, the data entry LSB (38) below it.
   */
  nrpn(channel: Channel, msb: number, lsb: number, data: number): void;
}

const enum DataType {
  None,
  Rpn,
  Nrpn,
}

const CC_BANK_SELECT = 0;
const CC_MODULATION = 1;
const CC_DATA_ENTRY = 6;
const CC_DATA_ENTRY_LSB = 38;
const CC_VOLUME = 7;
const CC_PAN = 10;
const CC_EXPRESSION = 11;
const CC_LSB = 32;
const CC_HOLD = 64;
const CC_REVERB = 91;
const CC_CHORUS = 93;
const CC_NRPN_LSB = 98;
const CC_NRPN_MSB = 99;
const CC_RPN_LSB = 100;
const CC_RPN_MSB = 101;

const MODULATION_SCALE = f(50 / 16383);
const UNIT_14BIT = f(1 / 16383);
const PAN_SCALE = f(100 / 16383);
const UNIT_7BIT = f(1 / 127);
const UNIT_BEND = f(1 / 8192);
const CENT = f(0.01);

// Stores a value in a signed 16-bit field, as MeltySynth's short fields do.
const int16 = (x: number): number => (x << 16) >> 16;

export class Channel {
  private bankNumberValue = 0;
  private patchNumberValue = 0;
  private readonly controllers = new Uint8Array(128);
  private readonly keyPressures = new Uint8Array(128);
  private channelPressureValue = 0;
  /** The pitch wheel, 0 to 16383 (8192 is the centre). */
  private pitchWheelValue = 8192;
  private lastDataType = DataType.None;
  // The RPN parameters, as 14-bit values (fine tune) or MeltySynth's 16-bit fields.
  private pitchBendRangeValue = 0;
  private coarseTune = 0;
  private fineTune = 0;
  /** Modulation depth range (RPN 5) in cents: how far the mod wheel takes the vibrato. */
  private modulationDepthRangeValue = 0;
  /**
   * The SoundFont 2.01 NRPN parameter being selected: the sum of the NRPN LSB steps since the
   * NRPN MSB (SoundFont 2.01, 9.6), as FluidSynth counts them.
   */
  nrpnSelection = 0;
  /** What NRPNs add to each generator of the channel's voices (SoundFont 2.01, 9.6), in its units. */
  readonly generatorOffsets = new Float64Array(generatorCount);
  /** Per key, the GS drum instrument NRPNs: pitch in semitones, level (127: as voiced), pan (-1: as voiced). */
  readonly drumPitch = new Int8Array(128);
  readonly drumLevel = new Uint8Array(128);
  readonly drumPan = new Int8Array(128);
  /** The MIDI Tuning Standard program the channel plays (RPN 4 and 3); 0, 0 until one is chosen (RP-020). */
  tuningBank = 0;
  tuningProgram = 0;
  /**
   * A tuning of the channel's own, each key's distance from equal temperament in cents, that
   * takes the place of its tuning program (a scale/octave tuning message, `setTuning`); null for none.
   */
  ownTuning: Float64Array | null = null;
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
    private readonly rules: ChannelRules,
  ) {
    this.isPercussionChannel = defaultPercussion;
    this.reset();
  }

  reset(): void {
    this.isPercussionChannel = this.defaultPercussion;
    this.drumPitch.fill(0);
    this.drumLevel.fill(127);
    this.drumPan.fill(-1);
    // As FluidSynth resets them, but for the reverb send, which GM2 and MeltySynth start at 40.
    const c = this.controllers;
    c.fill(0);
    c.fill(64, 70, 80);
    c[CC_VOLUME] = 100;
    c[8] = 64;
    c[CC_PAN] = 64;
    c[CC_EXPRESSION] = 127;
    c[CC_REVERB] = 40;
    c[CC_RPN_LSB] = c[CC_RPN_MSB] = 127; // no parameter selected
    this.keyPressures.fill(0);
    this.channelPressureValue = 0;
    this.pitchWheelValue = 8192;
    this.lastDataType = DataType.None;
    this.modulationDepthRangeValue = 50;
    this.bankNumberValue = this.isPercussionChannel ? 128 : 0;
    this.patchNumberValue = 0;
    this.pitchBendRangeValue = 2 << 7;
    this.coarseTune = 0;
    this.fineTune = 8192;
    this.nrpnSelection = 0;
    this.generatorOffsets.fill(0);
    this.tuningBank = 0;
    this.tuningProgram = 0;
    this.ownTuning = null;
    this.publish();
  }

  /** Controller 121: as RP-015 lists them; volume, pan, sends, the bank and the program stay. */
  resetAllControllers(): void {
    const c = this.controllers;
    c[CC_MODULATION] = c[CC_MODULATION + CC_LSB] = 0;
    c[CC_EXPRESSION] = 127;
    c[CC_EXPRESSION + CC_LSB] = 0;
    c.fill(0, CC_HOLD, CC_HOLD + 4); // hold, portamento, sostenuto, soft
    c[CC_RPN_LSB] = c[CC_RPN_MSB] = 127;
    this.keyPressures.fill(0);
    this.channelPressureValue = 0;
    this.pitchWheelValue = 8192;
    // FluidSynth 2.3 clears the NRPN generator offsets here too.
    this.generatorOffsets.fill(0);
    this.publish();
  }

  /** A control change. Every value is kept for modulators; the channel mode messages (120-127) act on voices, which the synthesizer does. */
  controlChange(controller: number, value: number): void {
    this.controllers[controller] = value;
    switch (controller) {
      case CC_BANK_SELECT:
      case CC_BANK_SELECT + CC_LSB:
        this.rules.selectBank(this, controller);
        break;
      case CC_DATA_ENTRY:
        this.dataEntryCoarse(value);
        break;
      case CC_DATA_ENTRY + CC_LSB:
        this.dataEntryFine(value);
        break;
      case CC_RPN_LSB:
      case CC_RPN_MSB:
        this.lastDataType = DataType.Rpn;
        break;
      case CC_NRPN_MSB:
        // Selecting an NRPN stops data entry from changing the last selected RPN.
        this.lastDataType = DataType.Nrpn;
        this.controllers[CC_NRPN_LSB] = 0;
        this.nrpnSelection = 0;
        break;
      case CC_NRPN_LSB:
        this.lastDataType = DataType.Nrpn;
        if (this.controllers[CC_NRPN_MSB] === 120) this.nrpnSelection += value === 100 ? 100 : value === 101 ? 1000 : value === 102 ? 10000 : value < 100 ? value : 0;
        break;
    }
    this.publish();
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

  /** Sets the bank that program changes select from, as the profile's bank select rules decide. */
  setBankNumber(bank: number): void {
    this.bankNumberValue = bank;
  }

  setPatch(value: number): void {
    this.patchNumberValue = value;
  }

  setPitchBend(value1: number, value2: number): void {
    this.pitchWheelValue = value1 | (value2 << 7);
    this.publish();
  }

  setKeyPressure(key: number, value: number): void {
    this.keyPressures[key] = value;
  }

  setChannelPressure(value: number): void {
    this.channelPressureValue = value;
  }

  private dataEntryCoarse(value: number): void {
    if (this.lastDataType === DataType.Nrpn) {
      const c = this.controllers;
      this.rules.nrpn(this, c[CC_NRPN_MSB], c[CC_NRPN_LSB], (value << 7) | c[CC_DATA_ENTRY_LSB]);
      return;
    }
    if (this.lastDataType !== DataType.Rpn) return;
    switch (this.rpn) {
      case 0: this.pitchBendRangeValue = coarse(this.pitchBendRangeValue, value); break;
      case 1: this.fineTune = coarse(this.fineTune, value); break;
      case 2: this.coarseTune = int16(value - 64); break;
      case 3:
        this.tuningProgram = value;
        this.ownTuning = null;
        break;
      case 4: this.tuningBank = value; break;
      case 5: this.modulationDepthRangeValue = 100 * value + (this.modulationDepthRangeValue % 100); break;
    }
  }

  private dataEntryFine(value: number): void {
    if (this.lastDataType !== DataType.Rpn) return;
    switch (this.rpn) {
      case 0: this.pitchBendRangeValue = fine(this.pitchBendRangeValue, value); break;
      case 1: this.fineTune = fine(this.fineTune, value); break;
      // The LSB counts 128ths of a semitone (GM2).
      case 5: this.modulationDepthRangeValue = 100 * Math.floor(this.modulationDepthRangeValue / 100) + (100 * value) / 128; break;
    }
  }

  private publish(): void {
    this.rules.publish(this, this.table, this.index);
  }

  // The selected RPN; 16383 (127, 127) is none.
  private get rpn(): number {
    return (this.controllers[CC_RPN_MSB] << 7) | this.controllers[CC_RPN_LSB];
  }

  // A 14-bit controller: its MSB and its LSB (32 above it).
  private wide(controller: number): number {
    return (this.controllers[controller] << 7) | this.controllers[controller + CC_LSB];
  }

  /** The last value of a controller, 0-127, as a modulator reads it. */
  controller(controller: number): number {
    return this.controllers[controller];
  }

  /** Polyphonic pressure of a key, 0-127. */
  keyPressure(key: number): number {
    return this.keyPressures[key];
  }

  get channelPressure(): number {
    return this.channelPressureValue;
  }

  get bankNumber(): number {
    return this.bankNumberValue;
  }

  get patchNumber(): number {
    return this.patchNumberValue;
  }

  /** Vibrato depth in cents, 0 to 50. */
  get modulation(): number {
    return f(MODULATION_SCALE * this.wide(CC_MODULATION));
  }

  get volume(): number {
    return f(UNIT_14BIT * this.wide(CC_VOLUME));
  }

  /** -50 (left) to 50 (right). */
  get pan(): number {
    return f(f(PAN_SCALE * this.wide(CC_PAN)) - 50);
  }

  get expression(): number {
    return f(UNIT_14BIT * this.wide(CC_EXPRESSION));
  }

  get holdPedal(): boolean {
    return this.controllers[CC_HOLD] >= 64;
  }

  get reverbSend(): number {
    return f(UNIT_7BIT * this.controllers[CC_REVERB]);
  }

  get chorusSend(): number {
    return f(UNIT_7BIT * this.controllers[CC_CHORUS]);
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
    return this.pitchWheelValue;
  }

  /** Modulation depth range (RPN 5) in cents. */
  get modulationDepthRange(): number {
    return this.modulationDepthRangeValue;
  }

  /** Pitch bend in semitones. */
  get pitchBend(): number {
    return f(this.pitchBendRange * f(UNIT_BEND * (this.pitchWheelValue - 8192)));
  }
}

function coarse(field: number, value: number): number {
  return int16((field & 0x7f) | (value << 7));
}

function fine(field: number, value: number): number {
  return int16((field & 0xff80) | value);
}
