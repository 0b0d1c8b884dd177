import type { ChorusSettings, ReverbSettings } from "./EffectSettings.js";

/**
 * The GS reverb and chorus parameters (Roland's addresses 40 01 30-3F) and the GM2 reverb and
 * chorus types and parameters (universal global parameter control, 04 05), as the 'full' profile
 * keeps them, mapped onto the reverb's and the chorus's settings. GS's defaults (reverb Hall 2,
 * time 64, level 64; chorus Chorus 3, rate 3, depth 19, level 64) are MeltySynth's sound.
 *
 * Each message returns the settings it changes, no others: a level message leaves the room size
 * that the user chose. What these effects have that ours do not (the delay types' echoes and
 * delay feedback, pre-delay, the chorus's feedback, delay and send to reverb) is not played.
 */

/**
 * Each reverb type: its name, the time and pre-LPF its macro sets, how much of the reverb's
 * room a time makes (Hall 2 at time 64 is room size 0.5) and its damping.
 */
const REVERB_TYPES = [
  { name: "Room 1", time: 80, preLowpass: 3, room: 0.55, damping: 0.7 },
  { name: "Room 2", time: 56, preLowpass: 4, room: 0.65, damping: 0.6 },
  { name: "Room 3", time: 72, preLowpass: 0, room: 0.75, damping: 0.5 },
  { name: "Hall 1", time: 72, preLowpass: 4, room: 0.9, damping: 0.55 },
  { name: "Hall 2", time: 64, preLowpass: 0, room: 1, damping: 0.5 },
  { name: "Plate", time: 88, preLowpass: 0, room: 1, damping: 0.2 },
  { name: "Delay", time: 32, preLowpass: 0, room: 1, damping: 0.3 },
  { name: "Panning Delay", time: 64, preLowpass: 0, room: 1, damping: 0.3 },
] as const;

/** Each chorus type: its name and the rate and depth its macro sets. */
const CHORUS_TYPES = [
  { name: "Chorus 1", rate: 3, depth: 5 },
  { name: "Chorus 2", rate: 9, depth: 19 },
  { name: "Chorus 3", rate: 3, depth: 19 },
  { name: "Chorus 4", rate: 9, depth: 16 },
  { name: "Feedback Chorus", rate: 2, depth: 24 },
  { name: "Flanger", rate: 1, depth: 5 },
  { name: "Short Delay", rate: 0, depth: 127 },
  { name: "Short Delay (FB)", rate: 0, depth: 127 },
] as const;

/** GM2's reverb types, by number, as the GS types they are (GM2 8, Plate, is GS 5). */
const GM2_REVERB_TYPES: Readonly<Record<number, number>> = { 0: 0, 1: 1, 2: 2, 3: 3, 4: 4, 8: 5 };

// The GS parameters, as offsets from 40 01 30 (reverb) and 40 01 38 (chorus).
const REVERB_MACRO = 0;
const REVERB_CHARACTER = 1;
const REVERB_PRE_LPF = 2;
const REVERB_LEVEL = 3;
const REVERB_TIME = 4;
const CHORUS_MACRO = 0;
const CHORUS_LEVEL = 2;
const CHORUS_RATE = 5;
const CHORUS_DEPTH = 6;

export class GsEffects {
  private character = 4;
  private preLowpass = 0;
  private time = 64;

  /** Back to GS's defaults. */
  reset(): void {
    this.character = 4;
    this.preLowpass = 0;
    this.time = 64;
  }

  /** A GS reverb parameter, `parameter` 0-7 for 40 01 30-37. */
  reverb(parameter: number, value: number): Partial<ReverbSettings> {
    switch (parameter) {
      case REVERB_MACRO: {
        const type = REVERB_TYPES[value];
        if (type === undefined) return {};
        this.character = value;
        this.preLowpass = type.preLowpass;
        this.time = type.time;
        return { ...this.room(), level: reverbLevel(64) };
      }
      case REVERB_CHARACTER:
        if (value >= REVERB_TYPES.length) return {};
        this.character = value;
        return this.room();
      case REVERB_PRE_LPF:
        this.preLowpass = Math.min(value, 7);
        return { damping: this.room().damping };
      case REVERB_LEVEL:
        return { level: reverbLevel(value) };
      case REVERB_TIME:
        this.time = value;
        return { roomSize: this.room().roomSize };
    }
    return {};
  }

  /** A GS chorus parameter, `parameter` 0-7 for 40 01 38-3F. */
  chorus(parameter: number, value: number): Partial<ChorusSettings> {
    switch (parameter) {
      case CHORUS_MACRO: {
        const type = CHORUS_TYPES[value];
        if (type === undefined) return {};
        return { speed: chorusSpeed(type.rate), depth: chorusDepth(type.depth), level: chorusLevel(64) };
      }
      case CHORUS_LEVEL:
        return { level: chorusLevel(value) };
      case CHORUS_RATE:
        return { speed: chorusSpeed(value) };
      case CHORUS_DEPTH:
        return { depth: chorusDepth(value) };
    }
    return {};
  }

  /** A GM2 reverb parameter: 0 the type (0-4 rooms and halls, 8 plate), 1 the time. */
  gm2Reverb(parameter: number, value: number): Partial<ReverbSettings> {
    if (parameter === 0) {
      const type = GM2_REVERB_TYPES[value];
      return type === undefined ? {} : this.reverb(REVERB_MACRO, type);
    }
    return parameter === 1 ? this.reverb(REVERB_TIME, value) : {};
  }

  /**
   * A GM2 chorus parameter: 0 the type (0-5, GS's first six), 1 the rate (value × 0.122 Hz), 2
   * the depth ((value + 1) / 3.2 ms).
   */
  gm2Chorus(parameter: number, value: number): Partial<ChorusSettings> {
    if (parameter === 0) return value <= 5 ? this.chorus(CHORUS_MACRO, value) : {};
    if (parameter === 1) return { speed: clamp(value * 0.122, 0.1, 5) };
    if (parameter === 2) return { depth: (value + 1) / 3.2 };
    return {};
  }

  // The room size of the type's room at the time, and its damping, the pre-LPF darkening it further.
  private room(): { roomSize: number; damping: number } {
    const type = REVERB_TYPES[this.character];
    return {
      roomSize: clamp((type.room * this.time) / 128, 0, 1),
      damping: type.damping + ((1 - type.damping) * this.preLowpass) / 7,
    };
  }
}

// GS level 64, the default, is MeltySynth's: reverb level 1/3, chorus level 1.
function reverbLevel(value: number): number {
  return Math.min(1, value / 192);
}

function chorusLevel(value: number): number {
  return value / 64;
}

// GS rate 3 and depth 19, Chorus 3's, are MeltySynth's 0.4 Hz and 3.8 ms.
function chorusSpeed(rate: number): number {
  return clamp((rate * 2) / 15, 0.1, 5);
}

function chorusDepth(depth: number): number {
  return depth / 5;
}

function clamp(x: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, x));
}
