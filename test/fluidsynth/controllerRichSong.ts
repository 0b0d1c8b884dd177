import { SAW_PROGRAM, SINE_PROGRAM } from "./comparisonFont.js";
import {
  channelPressure,
  controlChange,
  keyPressure,
  noteOff,
  noteOn,
  pitchBend,
  programChange,
  rolandDataSet,
  sysex,
  writeTimedSong,
  type TimedEvent,
} from "./timedSong.js";

/**
 * A few seconds that touch everything the full profile adds: velocity across its range, CC1,
 * CC7, CC10, CC11, CC91, CC93, channel and key pressure, pitch wheel with a changed range,
 * RPN 5, sustain, sostenuto, soft pedal, portamento (switch, time and control), bank select
 * LSB, GM, GS and XG resets, a GS rhythm part on channel 11. Deterministic, so two backends
 * must render it to the same bits. For `comparisonFont()`.
 */
export function controllerRichSong(): Uint8Array {
  const e: TimedEvent[] = [];
  let seed = 7;
  const random = (n: number) => {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
    return (seed >>> 16) % n;
  };
  e.push(sysex(0, rolandDataSet([0x40, 0x00, 0x7f], [0x00])), sysex(10, rolandDataSet([0x40, 0x1a, 0x15], [0x02])));
  for (const channel of [0, 1, 2]) {
    e.push(controlChange(20, channel, 0, 0), controlChange(20, channel, 32, 0));
    e.push(programChange(25, channel, channel === 1 ? SAW_PROGRAM : SINE_PROGRAM));
  }
  // RPN 0 (bend range 7) and RPN 5 (modulation depth range 1.5 semitones) on channel 0.
  e.push(controlChange(30, 0, 101, 0), controlChange(30, 0, 100, 0), controlChange(30, 0, 6, 7), controlChange(30, 0, 38, 0));
  e.push(controlChange(35, 0, 101, 0), controlChange(35, 0, 100, 5), controlChange(35, 0, 6, 1), controlChange(35, 0, 38, 64));
  e.push(controlChange(40, 0, 101, 127), controlChange(40, 0, 100, 127));
  // Portamento on channel 2.
  e.push(controlChange(40, 2, 5, 2), controlChange(40, 2, 65, 127));

  for (let step = 0; step < 40; step++) {
    const t = 100 + step * 60;
    const channel = step % 3;
    const key = 48 + random(36);
    e.push(noteOn(t, channel, key, 1 + random(127)), noteOff(t + 50 + random(200), channel, key));
    switch (step % 8) {
      case 0: e.push(controlChange(t + 5, channel, 1, random(128)), controlChange(t + 5, channel, 7, 40 + random(88))); break;
      case 1: e.push(controlChange(t + 5, channel, 10, random(128)), controlChange(t + 5, channel, 11, random(128))); break;
      case 2: e.push(channelPressure(t + 5, channel, random(128)), keyPressure(t + 6, channel, key, random(128))); break;
      case 3: e.push(pitchBend(t + 5, channel, random(16384)), controlChange(t + 5, channel, 91, random(128)), controlChange(t + 5, channel, 93, random(128))); break;
      case 4: e.push(controlChange(t + 5, channel, 64, 127), controlChange(t + 40, channel, 66, 127)); break;
      case 5: e.push(controlChange(t + 5, channel, 64, 0), controlChange(t + 30, channel, 67, 127)); break;
      case 6: e.push(controlChange(t + 5, channel, 66, 0), controlChange(t + 5, channel, 67, 0), controlChange(t + 5, channel, 84, key - 5)); break;
      case 7: e.push(controlChange(t + 5, 10, 0, 0), noteOn(t + 10, 10, 36 + random(20), 100), noteOff(t + 80, 10, 40)); break;
    }
  }
  e.push(sysex(1500, [0xf0, 0x7f, 0x7f, 0x04, 0x01, 0x00, 0x50, 0xf7])); // master volume
  e.push(sysex(1800, [0xf0, 0x7e, 0x7f, 0x09, 0x03, 0xf7])); // GM2 on
  e.push(controlChange(1810, 3, 0, 120), programChange(1815, 3, 0), noteOn(1820, 3, 38, 110), noteOff(1900, 3, 38));
  e.push(sysex(2200, [0xf0, 0x43, 0x10, 0x4c, 0x00, 0x00, 0x7e, 0x00, 0xf7])); // XG on
  e.push(controlChange(2210, 4, 0, 127), programChange(2215, 4, 0), noteOn(2220, 4, 40, 110), noteOff(2300, 4, 40));
  e.push(sysex(2400, [0xf0, 0x7e, 0x7f, 0x09, 0x01, 0xf7])); // GM on
  e.push(noteOn(2450, 0, 60, 90), noteOff(2700, 0, 60));
  return writeTimedSong(e, 3000);
}
