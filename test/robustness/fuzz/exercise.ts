import {
  InstrumentRegion,
  MidiFile,
  MidiFileError,
  MidiFileLoopType,
  MidiFileSequencer,
  PresetRegion,
  SoundFont,
  SoundFontError,
  Synthesizer,
  midiSongFromFile,
  soundFontForSong,
  writeMidiFile,
  type Backend,
  type Preset,
  type SynthesizerOptions,
} from "../../../lib/index.js";
import type { Focus } from "./Layout.js";
import type { Prng } from "./Prng.js";

/** A finding: something the library did that it must not do. */
export class FuzzFailure extends Error {
  override readonly name = "FuzzFailure";
}

/** Loaded (and rendered cleanly on every backend), or refused with a documented error. */
export type Outcome = { readonly loaded: true } | { readonly loaded: false; readonly error: SoundFontError | MidiFileError };

/** Where a failure happened, for the report: "load", "render (native)". */
export let stage = "";

type Step =
  | { readonly kind: "midi"; readonly channel: number; readonly command: number; readonly data1: number; readonly data2: number }
  | { readonly kind: "sysex"; readonly data: Uint8Array }
  | { readonly kind: "render"; readonly frames: number };

/**
 * System exclusive messages the full profile acts on, and some it must ignore: GM, GM2, GS and
 * XG resets, GS rhythm parts, master volume, an unknown manufacturer and a truncated GS message.
 */
const systemExclusive: readonly Uint8Array[] = [
  [0xf0, 0x7e, 0x7f, 0x09, 0x01, 0xf7],
  [0xf0, 0x7e, 0x7f, 0x09, 0x03, 0xf7],
  [0xf0, 0x41, 0x10, 0x42, 0x12, 0x40, 0x00, 0x7f, 0x00, 0x41, 0xf7],
  [0xf0, 0x43, 0x10, 0x4c, 0x00, 0x00, 0x7e, 0x00, 0xf7],
  [0xf0, 0x41, 0x10, 0x42, 0x12, 0x40, 0x11, 0x15, 0x02, 0x18, 0xf7],
  [0xf0, 0x41, 0x10, 0x42, 0x12, 0x40, 0x10, 0x15, 0x00, 0x1b, 0xf7],
  [0xf0, 0x7f, 0x7f, 0x04, 0x01, 0x00, 0x7f, 0xf7],
  [0xf0, 0x7f, 0x7f, 0x04, 0x01, 0x7f, 0x00, 0xf7],
  [0xf0, 0x00, 0x20, 0x29, 0x01, 0xf7],
  [0xf0, 0x41, 0x10, 0x42, 0x12, 0x40, 0xf7],
].map((bytes) => Uint8Array.from(bytes));

/**
 * Loads a SoundFont; if it loads, reads every region's parameters and plays a few notes on
 * several presets (those `focus` names first) on every backend, checking that every sample is
 * finite and that the backends agree bit for bit.
 */
export function exerciseSoundFont(bytes: Uint8Array, prng: Prng, focus: Focus | undefined, backends: readonly Backend[]): Outcome {
  stage = "load";
  let font: SoundFont;
  try {
    font = new SoundFont(bytes);
  } catch (error) {
    if (error instanceof SoundFontError) {
      checkLocation(error, error.offset, bytes.length);
      return { loaded: false, error };
    }
    throw error;
  }
  stage = "inspect";
  inspect(font);
  const options: SynthesizerOptions = {
    sampleRate: prng.pick([22050, 22050, 44100, 16000, 48000]),
    blockSize: prng.pick([64, 64, 32, 128, 8]),
    maximumPolyphony: prng.pick([16, 16, 8, 32]),
    enableReverbAndChorus: prng.chance(0.3),
    profile: prng.chance(0.5) ? "full" : "meltysynth",
  };
  const masterVolume = prng.pick([0.5, 0.5, 0.5, 1, 0, 8]);
  const steps = soundFontScript(font, prng, focus);
  const outputs = new Outputs();
  for (const backend of backends) {
    stage = `synthesizer (${backend})`;
    const synthesizer = new Synthesizer(font, { ...options, backend });
    synthesizer.masterVolume = masterVolume;
    let done = 0;
    for (const step of steps) {
      if (step.kind === "midi") {
        stage = `processMidiMessage (${backend})`;
        synthesizer.processMidiMessage(step.channel, step.command, step.data1, step.data2);
      } else if (step.kind === "sysex") {
        stage = `processSysEx (${backend})`;
        synthesizer.processSysEx(step.data);
      } else {
        stage = `render (${backend})`;
        const left = new Float32Array(step.frames);
        const right = new Float32Array(step.frames);
        synthesizer.render(left, right);
        checkFinite(left, right, backend, done);
        outputs.add(backend, done, left, right);
        done += step.frames;
      }
    }
  }
  return { loaded: true };
}

/**
 * Loads a MIDI file; if it loads, walks its events, writes it back and parses the result, and
 * plays it for a second of audio on every backend, checking that every sample is finite and
 * that the backends agree bit for bit.
 */
export function exerciseMidi(bytes: Uint8Array, prng: Prng, font: SoundFont, backends: readonly Backend[]): Outcome {
  const loopTypes = Object.values(MidiFileLoopType);
  const loopType = prng.chance(0.6) ? MidiFileLoopType.None : prng.pick(loopTypes);
  const loopPoint = prng.chance(0.1) ? prng.below(20000) : 0;
  stage = "load";
  let midi: MidiFile;
  try {
    midi = new MidiFile(bytes, { loopType, loopPoint });
  } catch (error) {
    if (error instanceof MidiFileError) {
      checkLocation(error, error.offset, bytes.length);
      return { loaded: false, error };
    }
    throw error;
  }

  // An RMIDI song plays with the SoundFont or DLS bank it carries, which may be as damaged as the rest.
  if (midi.embeddedSoundBank !== undefined) {
    stage = "load the carried SoundFont";
    try {
      font = soundFontForSong(midi, font);
    } catch (error) {
      if (error instanceof SoundFontError) {
        checkLocation(error, error.offset, bytes.length);
        return { loaded: false, error };
      }
      throw error;
    }
  }

  stage = "inspect";
  const length = midi.length;
  if (!(Number.isFinite(length) && length >= 0)) throw new FuzzFailure(`length is ${length}`);
  let count = 0;
  for (const event of midi.events()) {
    if (!Number.isFinite(event.time) || event.time < 0 || event.time > length) throw new FuzzFailure(`event ${count} has time ${event.time}`);
    count++;
  }
  if (count !== midi.eventCount) throw new FuzzFailure(`events() gave ${count} events, eventCount says ${midi.eventCount}`);
  for (const change of midi.tempoChanges) {
    if (!Number.isFinite(change.time)) throw new FuzzFailure(`a tempo change has time ${change.time}`);
  }

  // One input in three: the rest spend the time on more inputs.
  if (prng.chance(1 / 3)) {
    stage = "write and read back";
    new MidiFile(writeMidiFile(midiSongFromFile(midi)), { loopType });
  }

  const seconds = 1;
  const options: SynthesizerOptions = {
    sampleRate: prng.pick([16000, 16000, 22050]),
    maximumPolyphony: prng.pick([8, 16]),
    enableReverbAndChorus: prng.chance(0.25),
    profile: prng.chance(0.5) ? "full" : "meltysynth",
  };
  const loop = prng.chance(0.5);
  const chunk = prng.pick([64, 441, 1024, 4096]);
  // One input in three plays the whole song within the second, however long or short it is
  // (sending every message, which costs); the others play its first second. A song squeezed
  // into a few microseconds plays at normal speed and would loop at every block, resending all
  // of itself each time, so it is slowed down to last the second too.
  const speed = length > 0 && (length < seconds || prng.chance(1 / 3)) ? Math.min(1000, length / seconds) : 1;
  const outputs = new Outputs();
  for (const backend of backends) {
    stage = `synthesizer (${backend})`;
    const synthesizer = new Synthesizer(font, { ...options, backend });
    const sequencer = new MidiFileSequencer(synthesizer);
    sequencer.play(midi, loop);
    sequencer.speed = speed;
    stage = `render (${backend})`;
    const total = seconds * synthesizer.sampleRate;
    for (let done = 0; done < total; done += chunk) {
      const left = new Float32Array(chunk);
      const right = new Float32Array(chunk);
      sequencer.render(left, right);
      checkFinite(left, right, backend, done);
      outputs.add(backend, done, left, right);
    }
  }
  return { loaded: true };
}

/**
 * The renders of the first backend, which every other backend must match bit for bit: the
 * native renderer computes exactly what the JavaScript one does, whatever the SoundFont holds.
 */
class Outputs {
  private first: Backend | undefined;
  private current: Backend | undefined;
  private readonly renders: Float32Array[] = [];
  private next = 0;

  add(backend: Backend, start: number, left: Float32Array, right: Float32Array): void {
    this.first ??= backend;
    if (backend !== this.current) {
      this.current = backend;
      this.next = 0;
    }
    if (backend === this.first) {
      this.renders.push(left, right);
      return;
    }
    const expectedLeft = this.renders[this.next++];
    const expectedRight = this.renders[this.next++];
    for (let t = 0; t < left.length; t++) {
      if (!Object.is(left[t], expectedLeft[t]) || !Object.is(right[t], expectedRight[t])) {
        throw new FuzzFailure(
          `the ${backend} backend differs from the ${this.first} backend at frame ${start + t}: ` +
            `${left[t]}, ${right[t]} instead of ${expectedLeft[t]}, ${expectedRight[t]}`,
        );
      }
    }
  }
}

function checkLocation(error: Error, offset: number, length: number): void {
  if (!Number.isInteger(offset) || offset < 0 || offset > length) {
    throw new FuzzFailure(`${error.name} locates the problem at byte ${offset} of a ${length}-byte file: ${error.message}`);
  }
  if (error.message.length === 0) throw new FuzzFailure(`${error.name} without a message`);
}

function checkFinite(left: Float32Array, right: Float32Array, backend: Backend, start: number): void {
  for (let t = 0; t < left.length; t++) {
    if (!Number.isFinite(left[t]) || !Number.isFinite(right[t])) {
      throw new FuzzFailure(`non-finite sample on the ${backend} backend at frame ${start + t}: left ${left[t]}, right ${right[t]}`);
    }
  }
}

// Every numeric getter of every region must give a finite number, whatever the generators hold.
function inspect(font: SoundFont): void {
  const getters = (prototype: object): string[] =>
    Object.entries(Object.getOwnPropertyDescriptors(prototype))
      .filter(([, d]) => d.get !== undefined)
      .map(([name]) => name);
  const instrumentGetters = getters(InstrumentRegion.prototype);
  const presetGetters = getters(PresetRegion.prototype);
  const check = (region: object, names: readonly string[], where: string): void => {
    for (const name of names) {
      const value: unknown = (region as Record<string, unknown>)[name];
      if (typeof value === "number" && !Number.isFinite(value)) throw new FuzzFailure(`${where}.${name} is ${value}`);
    }
  };
  for (const instrument of font.instruments) {
    for (const region of instrument.regions) check(region, instrumentGetters, `instrument '${instrument.name}' region`);
  }
  for (const preset of font.presets) {
    for (const region of preset.regions) check(region, presetGetters, `preset '${preset.name}' region`);
  }
}

interface Play {
  readonly preset: Preset;
  readonly key: number;
  readonly velocity: number;
}

/** Notes on up to four presets (the focused ones first), some controllers, note-offs and renders. */
function soundFontScript(font: SoundFont, prng: Prng, focus: Focus | undefined): Step[] {
  const plays: Play[] = [];
  const focused = focus === undefined ? [] : focusedPlays(font, focus, prng);
  for (let i = 0; i < 2 && focused.length > 0; i++) plays.push(focused.splice(prng.below(focused.length), 1)[0]);
  while (plays.length < 4) {
    plays.push({ preset: prng.pick(font.presets), key: prng.between(0, 127), velocity: prng.between(1, 127) });
  }

  const steps: Step[] = [];
  const midi = (channel: number, command: number, data1: number, data2 = 0): void => {
    steps.push({ kind: "midi", channel, command, data1, data2 });
  };
  const sounding: [number, number][] = [];
  let melodic = 0;
  let drums = false;
  for (const { preset, key, velocity } of plays) {
    const drum = preset.bankNumber >= 128;
    if (preset.patchNumber > 127 || (drum ? drums || preset.bankNumber > 255 : preset.bankNumber > 127)) continue;
    const channel = drum ? 9 : melodic++;
    if (drum) drums = true;
    midi(channel, 0xb0, 0, drum ? preset.bankNumber - 128 : preset.bankNumber);
    midi(channel, 0xc0, preset.patchNumber);
    if (prng.chance(0.3)) midi(channel, 0xe0, prng.pick([0, 127]), prng.pick([0, 127]));
    if (prng.chance(0.2)) {
      // RPN 0, 1 or 2 (pitch bend range, fine and coarse tuning) set to an extreme.
      midi(channel, 0xb0, 101, 0);
      midi(channel, 0xb0, 100, prng.between(0, 2));
      midi(channel, 0xb0, 6, prng.pick([0, 127]));
      midi(channel, 0xb0, 38, prng.pick([0, 127]));
    }
    if (prng.chance(0.2)) midi(channel, 0xb0, prng.pick([1, 7, 10, 11, 64, 91, 93]), prng.pick([0, 127]));
    // What the full profile adds: bank LSB, sostenuto, soft pedal, portamento, RPN 5, a
    // controller a font's modulator may read, and system exclusive messages.
    if (prng.chance(0.3)) midi(channel, 0xb0, prng.pick([5, 16, 32, 37, 65, 66, 67, 74, 84]), prng.between(0, 127));
    if (prng.chance(0.1)) {
      midi(channel, 0xb0, 101, 0);
      midi(channel, 0xb0, 100, 5);
      midi(channel, 0xb0, 6, prng.pick([0, 127]));
    }
    if (prng.chance(0.2)) steps.push({ kind: "sysex", data: prng.pick(systemExclusive) });
    midi(channel, 0x90, key, velocity);
    sounding.push([channel, key]);
    if (prng.chance(0.3)) midi(channel, 0xd0, prng.between(0, 127));
    if (prng.chance(0.3)) midi(channel, 0xa0, key, prng.between(0, 127));
  }
  steps.push({ kind: "render", frames: prng.pick([2048, 3000]) });
  if (prng.chance(0.3)) midi(prng.between(0, 15), 0xb0, prng.pick([66, 65, 121]), prng.pick([0, 127]));
  for (const [channel, key] of sounding) midi(channel, 0x80, key, 0);
  steps.push({ kind: "render", frames: 1024 });
  return steps;
}

/** Notes that sound the focused preset, instrument or sample, on presets that can be selected. */
function focusedPlays(font: SoundFont, focus: Focus, prng: Prng): Play[] {
  const instrument = focus.instrument === undefined ? undefined : font.instruments[focus.instrument];
  const sample = focus.sample === undefined ? undefined : font.sampleHeaders[focus.sample];
  const preset = focus.preset === undefined ? undefined : font.presets[focus.preset];
  const plays: Play[] = [];
  for (const p of font.presets) {
    for (const pr of p.regions) {
      for (const ir of pr.instrument.regions) {
        if (p !== preset && pr.instrument !== instrument && ir.sample !== sample) continue;
        const keyLo = Math.max(pr.keyRangeStart, ir.keyRangeStart);
        const keyHi = Math.min(127, pr.keyRangeEnd, ir.keyRangeEnd);
        const velocityLo = Math.max(1, pr.velocityRangeStart, ir.velocityRangeStart);
        const velocityHi = Math.min(127, pr.velocityRangeEnd, ir.velocityRangeEnd);
        if (keyLo > keyHi || velocityLo > velocityHi) continue;
        plays.push({ preset: p, key: prng.between(keyLo, keyHi), velocity: prng.between(velocityLo, velocityHi) });
        if (plays.length > 64) return plays;
      }
    }
  }
  return plays;
}
