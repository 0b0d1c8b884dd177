import { CHANNEL_COUNT } from "../kernels/VoiceBank.js";
import type { Channel } from "./Channel.js";
import { VoiceModulators } from "./VoiceModulators.js";

/** What the 'full' profile tracks beyond the channels: modulators, sostenuto, portamento, master volume. */
export class FullProfileState {
  readonly modulators: VoiceModulators;
  /** Voices held by the sostenuto pedal, and those of them whose note-off came meanwhile. */
  readonly sostenutoHeld: Uint8Array;
  readonly sostenutoReleased: Uint8Array;
  /** Each channel's last note, where portamento glides from (-1: none yet). */
  readonly lastKey = new Int16Array(CHANNEL_COUNT);
  /** Keys held down (note-on without note-off yet), 128 per channel. */
  private readonly held = new Uint8Array(CHANNEL_COUNT * 128);
  private readonly heldCount = new Uint8Array(CHANNEL_COUNT);
  /** A portamento control (CC 84) key waiting for the channel's next note (-1: none). */
  readonly portamentoControl = new Int16Array(CHANNEL_COUNT);
  /** The universal master volume message's factor. */
  sysExVolume = 1;

  constructor(capacity: number) {
    this.modulators = new VoiceModulators(capacity);
    this.sostenutoHeld = new Uint8Array(capacity);
    this.sostenutoReleased = new Uint8Array(capacity);
    this.reset();
  }

  reset(): void {
    this.keysUp();
    this.lastKey.fill(-1);
    this.portamentoControl.fill(-1);
    this.sysExVolume = 1;
  }

  noteStarted(channel: number, key: number): void {
    const i = channel * 128 + key;
    if (this.held[i] === 0) this.heldCount[channel]++;
    this.held[i] = 1;
    this.lastKey[channel] = key;
  }

  /** Every key of the channel, or of every channel, up (all notes off). */
  keysUp(channel?: number): void {
    if (channel === undefined) {
      this.held.fill(0);
      this.heldCount.fill(0);
      return;
    }
    this.held.fill(0, channel * 128, (channel + 1) * 128);
    this.heldCount[channel] = 0;
  }

  noteEnded(channel: number, key: number): void {
    const i = channel * 128 + key;
    if (this.held[i] === 1) this.heldCount[channel]--;
    this.held[i] = 0;
  }

  /**
   * The key a new note on `channel` glides from, or -1. As FluidSynth does by default: a
   * portamento control key (CC 84) if one came, used once; else, while the portamento switch
   * (CC 65) is on and the note is played legato (another key still down), the last note.
   */
  glideStart(info: Channel, channel: number): number {
    const control = this.portamentoControl[channel];
    if (control >= 0) {
      this.portamentoControl[channel] = -1;
      return control;
    }
    return info.controllers[65] >= 64 && this.heldCount[channel] > 0 ? this.lastKey[channel] : -1;
  }

  /**
   * The glide's length in frames: the portamento time (CC 5 times 128 plus CC 37) in
   * milliseconds, rounded to FluidSynth's 64-frame steps.
   */
  glideFrames(info: Channel, sampleRate: number): number {
    const milliseconds = info.controllers[5] * 128 + info.controllers[37];
    return 64 * Math.round((sampleRate * milliseconds) / 1000 / 64);
  }
}
