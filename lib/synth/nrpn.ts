/**
 * What the 'full' profile makes of a data entry for a non-registered parameter (NRPN):
 * - SoundFont 2.01, 9.6 (NRPN MSB 120): an offset to one generator of every voice of the channel,
 *   the data entry's 14 bits around 8192, times a step per generator (FluidSynth's scales: 2 for
 *   times, cutoffs and pitch depths, 4 for LFO frequencies, 1 elsewhere; 0 where a generator
 *   takes no offset). The generator is picked by the NRPN LSB steps the channel has summed.
 * - GS (MSB 1): vibrato rate, depth and delay, cutoff, resonance, attack, decay and release act as
 *   their sound controllers (76, 77, 78, 74, 71, 73, 75, 72) do, on the data entry's MSB.
 * - GS and XG drum instruments (MSB 24, 26, 28; the LSB is the key), on drum channels only: the
 *   key's pitch in semitones (64 is none), its level (127, the default, leaves it as voiced) and
 *   its pan (1-127, left to right; 0, GS's "random", leaves it as voiced).
 * Any other NRPN is ignored.
 */
import type { Channel } from "./Channel.js";

// SoundFont 2 generator numbers 0-58; the generators after those take no offset.
const SCALES = Int8Array.from([
  1, 1, 1, 1, 1, 2, 2, 2, 2, 1, 2, 2, 1, 1, 0, 1, 1, 1, 0, 0, 0, 2, 4, 2, 4, 2, 2, 2, 2, 1,
  2, 1, 1, 2, 2, 2, 2, 1, 2, 1, 1, 0, 0, 0, 0, 1, 0, 1, 1, 0, 1, 1, 1, 0, 0, 0, 1, 0, 0,
]);

// GS NRPN LSB (with MSB 1) to the sound controller it stands for.
const GS_CONTROLLERS: Readonly<Record<number, number>> = { 0x08: 76, 0x09: 77, 0x0a: 78, 0x20: 74, 0x21: 71, 0x63: 73, 0x64: 75, 0x66: 72 };

const DRUM_PITCH = 24;
const DRUM_LEVEL = 26;
const DRUM_PAN = 28;

export function applyNrpn(channel: Channel, msb: number, lsb: number, data: number): void {
  const value = data >> 7;
  if (msb === 120) {
    if (lsb >= 100) return;
    const generator = channel.nrpnSelection;
    channel.nrpnSelection = 0;
    if (generator < SCALES.length) channel.generatorOffsets[generator] = (Math.min(Math.max(data - 8192, -8192), 8192)) * SCALES[generator];
  } else if (msb === 1) {
    const controller = GS_CONTROLLERS[lsb];
    if (controller !== undefined) channel.controlChange(controller, value);
  } else if (channel.isPercussionChannel) {
    if (msb === DRUM_PITCH) channel.drumPitch[lsb] = value - 64;
    else if (msb === DRUM_LEVEL) channel.drumLevel[lsb] = value;
    else if (msb === DRUM_PAN) channel.drumPan[lsb] = value === 0 ? -1 : value;
  }
}
