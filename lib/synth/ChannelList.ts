import type { ChannelTable } from "../kernels/VoiceBank.js";
import { Channel, type ChannelRules } from "./Channel.js";

/** Channels come in groups of 16, one group per MIDI port. */
export const CHANNELS_PER_PORT = 16;
// In every group, as on a single General MIDI port, the tenth channel plays drums.
const PERCUSSION_IN_PORT = 9;

/**
 * A synthesizer's channels: 16 at first (or as many as its settings ask), and more, 16 at a time,
 * when a song on several MIDI ports or a GS double-module message needs them, up to `limit`.
 * Channels are made when first needed, so a synthesizer that never plays more than 16 keeps only
 * 16; each new one starts reset, with the bank select style the others have.
 */
export class ChannelList {
  private readonly list: Channel[] = [];

  constructor(
    private readonly table: ChannelTable,
    private readonly rules: ChannelRules,
    initial: number,
    /** The most channels this list can grow to. */
    readonly limit: number,
  ) {
    this.ensure(initial);
  }

  get count(): number {
    return this.list.length;
  }

  at(channel: number): Channel {
    return this.list[channel];
  }

  /**
   * Grows to at least `count` channels, rounded up to a whole port, as far as the limit allows.
   * @returns the number of channels now.
   */
  ensure(count: number): number {
    const wanted = Math.min(this.limit, Math.ceil(count / CHANNELS_PER_PORT) * CHANNELS_PER_PORT);
    const style = this.list[0]?.bankStyle;
    while (this.list.length < wanted) {
      const index = this.list.length;
      const channel = new Channel(index % CHANNELS_PER_PORT === PERCUSSION_IN_PORT, this.table, index, this.rules);
      if (style !== undefined) channel.bankStyle = style;
      this.list.push(channel);
    }
    return this.list.length;
  }

  [Symbol.iterator](): IterableIterator<Channel> {
    return this.list[Symbol.iterator]();
  }
}
