/**
 * What a channel plays now, for a user interface to show: a snapshot, taken when asked for.
 * Controller values are the MIDI values last received (0-127), not what the sound makes of them.
 */
export interface ChannelState {
  /** Program number, 0-127. */
  readonly program: number;
  /** Bank number as the synthesizer looks presets up (128 and up for drum kits in the 'full' profile). */
  readonly bank: number;
  /** Channel volume, controller 7. */
  readonly volume: number;
  /** Pan, controller 10 (64 is the centre). */
  readonly pan: number;
  /** Expression, controller 11. */
  readonly expression: number;
  /** Whether the channel plays drum kits. */
  readonly percussion: boolean;
}
