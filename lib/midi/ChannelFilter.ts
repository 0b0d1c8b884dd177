/**
 * What the sequencer lets through to each of the 16 channels: a transposition, and whether the
 * channel is heard (mute and solo). It acts on the messages that name a key; every other
 * message passes, so a muted channel keeps its programs and controllers and sounds right again
 * when it is heard. It keeps the key each note was sent as, so that a note's note-off finds it
 * whatever happened to the transposition in between, and allocates nothing per message.
 */
export class ChannelFilter {
  /** Semitones added to the keys of every channel that does not play drums. */
  private transposeValue = 0;
  private readonly muted = new Uint8Array(16);
  private readonly soloed = new Uint8Array(16);
  private soloCount = 0;
  // The key sent for each channel's key at its note-on, -1 when none is sounding.
  private readonly sentKeys = new Int16Array(16 * 128).fill(-1);

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
   * @returns the channels that were heard before and are not now, as a 16-bit mask.
   */
  setMuted(channel: number, muted: boolean): number {
    return this.change(() => (this.muted[checked(channel)] = muted ? 1 : 0));
  }

  /**
   * Solos a channel or takes its solo back.
   * @returns the channels that were heard before and are not now, as a 16-bit mask.
   */
  setSolo(channel: number, solo: boolean): number {
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

  /** Forgets every sounding note, when the synthesizer has let go of them all. */
  forgetNotes(): void {
    this.sentKeys.fill(-1);
  }

  private moved(key: number, percussion: boolean): number {
    if (percussion) return key;
    const moved = key + this.transposeValue;
    return moved >= 0 && moved <= 127 ? moved : -1;
  }

  private change(apply: () => void): number {
    const before = this.heardMask();
    apply();
    return before & ~this.heardMask();
  }

  private heardMask(): number {
    let mask = 0;
    for (let channel = 0; channel < 16; channel++) if (this.heard(channel)) mask |= 1 << channel;
    return mask;
  }
}

function checked(channel: number): number {
  if (!(Number.isInteger(channel) && channel >= 0 && channel <= 15)) {
    throw new RangeError(`channel must be an integer from 0 to 15, got ${String(channel)}`);
  }
  return channel;
}
