import { writeMidiFile, type MidiSongEvent } from "../midi/index.js";

const resolution = 480;
const beatsPerBar = 4;

/** Chord symbols of the demo's progression: a root pitch class and the triad's intervals. */
const chords = {
  C: [0, 4, 7],
  Dm: [2, 5, 9],
  Em: [4, 7, 11],
  F: [5, 9, 12],
  G: [7, 11, 14],
  Am: [9, 12, 16],
} as const;

type Chord = keyof typeof chords;

/**
 * The form: each section has its bars' chords, a tempo (or a ritardando from one tempo to
 * another), and which parts play. The last bar is one held chord.
 */
const sections: readonly {
  readonly bars: readonly Chord[];
  readonly bpm: readonly [number, number];
  readonly drums: boolean;
  readonly melody: boolean;
  readonly brass: boolean;
}[] = [
  { bars: ["C", "Am", "F", "G"], bpm: [92, 92], drums: false, melody: false, brass: false },
  { bars: ["C", "Am", "Dm", "G"], bpm: [108, 108], drums: true, melody: true, brass: false },
  { bars: ["F", "G", "Em", "Am"], bpm: [120, 120], drums: true, melody: true, brass: true },
  { bars: ["F", "G"], bpm: [116, 84], drums: true, melody: true, brass: true },
  { bars: ["C"], bpm: [72, 72], drums: false, melody: true, brass: true },
];

/** The tune, bar by bar from the second section on: [MIDI key, beats] pairs, key 0 a rest. */
const melody: readonly (readonly (readonly [number, number])[])[] = [
  [[76, 1], [74, 0.5], [76, 0.5], [79, 2]],
  [[81, 1], [79, 0.5], [76, 0.5], [72, 2]],
  [[74, 1], [77, 1], [81, 1], [79, 1]],
  [[71, 1], [74, 1], [79, 2]],
  [[81, 1.5], [79, 0.5], [77, 1], [81, 1]],
  [[79, 1.5], [77, 0.5], [74, 1], [71, 1]],
  [[76, 1], [79, 1], [83, 1], [79, 1]],
  [[81, 3], [76, 1]],
  [[77, 1], [81, 1], [84, 1], [81, 1]],
  [[83, 2], [86, 2]],
  [[84, 4]],
];

/** Channels and the General MIDI programs they play. */
const parts = {
  melody: { channel: 0, program: 73, volume: 100, pan: 64, reverb: 50 }, // Flute
  bass: { channel: 1, program: 33, volume: 105, pan: 64, reverb: 20 }, // Electric Bass (finger)
  pad: { channel: 2, program: 48, volume: 80, pan: 40, reverb: 70 }, // String Ensemble 1
  piano: { channel: 3, program: 0, volume: 85, pan: 88, reverb: 50 }, // Acoustic Grand Piano
  brass: { channel: 4, program: 61, volume: 80, pan: 72, reverb: 50 }, // Brass Section
  drums: { channel: 9, program: 0, volume: 100, pan: 64, reverb: 30 },
} as const;

const drum = { kick: 36, snare: 38, closedHat: 42, openHat: 46, crash: 49, lowTom: 45, midTom: 47, highTom: 50 };

/**
 * Generates the built-in demo song: a short piece (about 35 seconds) in C major written by this
 * project's code, with a melody, bass, strings, piano arpeggios, brass and drums, and tempo
 * changes (a faster middle and a ritardando into the final chord). It exercises what a
 * SoundFont synthesizer does with a typical song: program changes, several channels at once,
 * controllers, the drum channel, note overlap and release tails.
 * @returns The bytes of a format 1 standard MIDI file.
 */
export function generateDemoSong(): Uint8Array {
  const conductor: MidiSongEvent[] = [
    meta(0, 0x03, text("meltysynth-native demo")),
    meta(0, 0x58, Uint8Array.of(4, 2, 24, 8)), // 4/4
  ];
  const tracks = Object.fromEntries(Object.keys(parts).map((name) => [name, [] as MidiSongEvent[]])) as Record<
    keyof typeof parts,
    MidiSongEvent[]
  >;
  for (const [name, part] of Object.entries(parts) as [keyof typeof parts, (typeof parts)[keyof typeof parts]][]) {
    const track = tracks[name];
    track.push(meta(0, 0x03, text(name)));
    const cc = (controller: number, value: number) => message(0, 0xb0 | part.channel, controller, value);
    track.push(cc(7, part.volume), cc(10, part.pan), cc(91, part.reverb), message(0, 0xc0 | part.channel, part.program, 0));
  }

  const beat = resolution;
  const bar = beatsPerBar * beat;
  let barIndex = 0;
  let melodyBar = 0;
  for (const section of sections) {
    for (const [i, chordName] of section.bars.entries()) {
      const start = barIndex * bar;
      const isFinal = section === sections[sections.length - 1];
      const progress = i / section.bars.length;
      // A ritardando slows beat by beat; a steady section states its tempo once.
      for (let b = 0; b < beatsPerBar; b++) {
        if (b === 0 || section.bpm[0] !== section.bpm[1]) {
          const bpm = section.bpm[0] + (section.bpm[1] - section.bpm[0]) * (progress + b / beatsPerBar / section.bars.length);
          conductor.push(tempo(start + b * beat, bpm));
        }
      }

      const tones = chords[chordName];
      const padKeys = tones.map((t) => inRange(t, 55));
      const bassKey = inRange(tones[0], 36);

      note(tracks.pad, parts.pad.channel, start, bar, padKeys, 70);
      const arpeggio = [padKeys[0], padKeys[1], padKeys[2], padKeys[0] + 12, padKeys[1] + 12, padKeys[2], padKeys[1], padKeys[0]];
      if (isFinal) {
        note(tracks.piano, parts.piano.channel, start, bar, [...padKeys, padKeys[0] + 12], 80);
        note(tracks.bass, parts.bass.channel, start, bar, [bassKey], 100);
      } else {
        arpeggio.forEach((key, k) => note(tracks.piano, parts.piano.channel, start + (k * beat) / 2, beat / 2, [key + 12], k % 2 === 0 ? 80 : 64));
        if (section.drums) {
          const bassLine: [number, number, number][] = [[0, 1.5, bassKey], [1.5, 0.5, bassKey], [2, 1, bassKey + 7], [3, 1, bassKey + 12]];
          for (const [at, length, key] of bassLine) note(tracks.bass, parts.bass.channel, start + at * beat, length * beat - 10, [key], 100);
        }
      }
      if (section.brass) {
        const stabs: [number, number][] = isFinal ? [[0, 4]] : [[0, 0.5], [2.5, 0.5]];
        for (const [at, length] of stabs) note(tracks.brass, parts.brass.channel, start + at * beat, length * beat, padKeys, 90);
      }
      if (section.melody) {
        let at = 0;
        for (const [key, beats] of melody[melodyBar]) {
          if (key !== 0) note(tracks.melody, parts.melody.channel, start + at * beat, beats * beat - 20, [key], 100);
          at += beats;
        }
        melodyBar++;
      }
      if (section.drums || isFinal) {
        drumBar(tracks.drums, start, { crash: i === 0, fill: i === section.bars.length - 1 && !isFinal, final: isFinal, busy: section.brass });
      }
      barIndex++;
    }
  }
  // Every track ends with the last bar; the renderer's tail lets the final chord ring out.
  const end = barIndex * bar;
  const all = [conductor, ...Object.values(tracks)];
  for (const track of all) track.push(meta(end, 0x2f, new Uint8Array(0)));
  return writeMidiFile({ format: 1, resolution, tracks: all });
}

/** One bar of drums: hats in eighths, kick and snare in a backbeat, a crash and a tom fill at the edges. */
function drumBar(track: MidiSongEvent[], start: number, shape: { crash: boolean; fill: boolean; final: boolean; busy: boolean }): void {
  const ch = parts.drums.channel;
  const beat = resolution;
  const hit = (at: number, key: number, velocity: number) => note(track, ch, start + at * beat, beat / 4, [key], velocity);
  if (shape.crash || shape.final) hit(0, drum.crash, 110);
  hit(0, drum.kick, 120);
  if (shape.final) return;
  for (let e = 0; e < 8; e++) {
    const openHat = shape.busy && e === 7;
    if (!(shape.crash && e === 0)) hit(e / 2, openHat ? drum.openHat : drum.closedHat, e % 2 === 0 ? 90 : 65);
  }
  hit(1, drum.snare, 110);
  hit(2, drum.kick, 115);
  if (shape.busy) hit(2.5, drum.kick, 90);
  if (shape.fill) {
    [drum.highTom, drum.highTom, drum.midTom, drum.lowTom].forEach((key, k) => hit(3 + k / 4, key, 100 + 5 * k));
  } else {
    hit(3, drum.snare, 110);
  }
}

/** Note-ons at `start` and note-offs `length` ticks later, for each key. */
function note(track: MidiSongEvent[], channel: number, start: number, length: number, keys: readonly number[], velocity: number): void {
  for (const key of keys) {
    track.push(message(Math.round(start), 0x90 | channel, key, velocity));
    track.push(message(Math.round(start + length), 0x80 | channel, key, 64));
  }
}

/** The key of pitch class `pitchClass` in the octave from `low` up. */
function inRange(pitchClass: number, low: number): number {
  return low + ((((pitchClass - low) % 12) + 12) % 12);
}

function message(tick: number, status: number, data1: number, data2: number): MidiSongEvent {
  return { tick, status, data1, data2 };
}

function meta(tick: number, type: number, data: Uint8Array): MidiSongEvent {
  return { tick, meta: type, data };
}

function tempo(tick: number, bpm: number): MidiSongEvent {
  const us = Math.round(60_000_000 / bpm);
  return meta(tick, 0x51, Uint8Array.of(us >> 16, (us >> 8) & 0xff, us & 0xff));
}

function text(value: string): Uint8Array {
  return Uint8Array.from(value, (c) => c.charCodeAt(0));
}
