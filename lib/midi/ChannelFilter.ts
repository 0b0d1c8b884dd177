import { MAX_CHANNELS } from "../kernels/VoiceBank.js";

/**
 * What the sequencer lets through to each channel (up to 256: 16 per MIDI port): a transposition, and whether the
 * channel is heard (mute and solo). It acts on the messages that name a key; every other
 * message passes, so a muted channel keeps its programs and controllers and sounds right again
 * when it is heard. It keeps the key each note was sent as, so that a note's note-off finds it
 * whatever happened to the transposition in between, and allocates nothing per message.
 */
export class ChannelFilter {
  /** Semitones added to the keys of every channel that does not play drums. */
  private transposeValue = 0;
  private readonly muted = new Uint8Array(MAX_CHANNELS);
  private readonly soloed = new Uint8Array(MAX_CHANNELS);
  private soloCount = 0;
  // The key sent for each channel's key at its note-on, -1 when none is sounding; for the
  // channels the song plays on.
  private sentKeys = new Int16Array(16 * 128).fill(-1);

  get transpose(): number {
    return this.transposeValue;
  }

  /** @throws RangeError when `semitones` is not an integer from -127 to 127. */
  set transpose(semitones: number) {
    if (!(Number.isInteger(semitones) && Math.abs(semitones) <= 127)) {
      throw new RangeError(`transpose must be a whole number of semitones from -127 to 127, got ${String(semitones)}`);
    }
    this.transposeValue = semitones;
  }

  isMuted(channel: number): boolean {
    return this.muted[checked(channel)] === 1;
  }

  isSolo(channel: number): boolean {
    return this.soloed[checked(channel)] === 1;
  }

  /** Whether a channel's notes are played: not muted, and soloed when any channel is. */
  heard(channel: number): boolean {
    return this.muted[channel] === 0 && (this.soloCount === 0 || this.soloed[channel] === 1);
  }

  /**
   * Mutes or unmutes a channel.
   * @returns the channels that were heard before and are not now.
   */
  setMuted(channel: number, muted: boolean): number[] {
    return this.change(() => (this.muted[checked(channel)] = muted ? 1 : 0));
  }

  /**
   * Solos a channel or takes its solo back.
   * @returns the channels that were heard before and are not now.
   */
  setSolo(channel: number, solo: boolean): number[] {
    return this.change(() => {
      const index = checked(channel);
      const value = solo ? 1 : 0;
      this.soloCount += value - this.soloed[index];
      this.soloed[index] = value;
    });
  }

  /**
   * The key to send for a note-on of `key`, remembered for its note-off; -1 to drop the note
   * (a channel not heard, or a key transposed out of 0-127).
   */
  noteOn(channel: number, key: number, percussion: boolean): number {
    const sent = this.heard(channel) ? this.moved(key, percussion) : -1;
    this.sentKeys[channel * 128 + key] = sent;
    return sent;
  }

  /** The key to send for a note-off of `key`: the one its note-on was sent as. -1 to drop it. */
  noteOff(channel: number, key: number, percussion: boolean): number {
    const slot = channel * 128 + key;
    const sent = this.sentKeys[slot];
    this.sentKeys[slot] = -1;
    return sent >= 0 ? sent : this.moved(key, percussion);
  }

  /** The key to send for a message about a sounding key (polyphonic pressure); -1 to drop it. */
  keyOf(channel: number, key: number, percussion: boolean): number {
    const sent = this.sentKeys[channel * 128 + key];
    return sent >= 0 ? sent : this.moved(key, percussion);
  }

  /** Makes room for the notes of `count` channels. */
  ensureChannels(count: number): void {
    if (this.sentKeys.length < count * 128) this.sentKeys = new Int16Array(count * 128).fill(-1);
  }

  /** Forgets every sounding note, when the synthesizer has let go of them all. */
  forgetNotes(): void {
    this.sentKeys.fill(-1);
  }

  private moved(key: number, percussion: boolean): number {
    if (percussion) return key;
    const moved = key + this.transposeValue;
    return moved >= 0 && moved <= 127 ? moved : -1;
  }

  private change(apply: () => void): number[] {
    const before = this.muted.map((_, channel) => (this.heard(channel) ? 1 : 0));
    apply();
    const silenced: number[] = [];
    before.forEach((heard, channel) => {
      if (heard === 1 && !this.heard(channel)) silenced.push(channel);
    });
    return silenced;
  }
}

function checked(channel: number): number {
  if (!(Number.isInteger(channel) && channel >= 0 && channel < MAX_CHANNELS)) {
    throw new RangeError(`channel must be an integer from 0 to ${MAX_CHANNELS - 1}, got ${String(channel)}`);
  }
  return channel;
}
