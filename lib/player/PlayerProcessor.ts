/**
 * The player's audio thread: an AudioWorkletProcessor that runs a sequencer and a synthesizer
 * and renders each quantum as the browser asks for it. The build bundles this file, with the
 * engine it imports, into dist/player/processor.js: a worklet cannot import modules at run time.
 *
 * Everything costly happens before the font reaches it: the page parses the SoundFont, decodes
 * SF3 samples, writes the font as SF2 and transfers its buffer; here the SF2's preset tables are
 * read again, its samples a view on that buffer (which the wasm backend copies into its
 * instance's memory), a step at a time between quanta (FontLoad.ts). The wasm module comes
 * compiled in processorOptions.
 */
import { registerWasmModule } from "../kernels/wasmBackend.js";
import { MidiFile } from "../midi/MidiFile.js";
import { MidiFileSequencer } from "../midi/MidiFileSequencer.js";
import type { Synthesizer } from "../synth/Synthesizer.js";
import { FontLoad } from "./FontLoad.js";
import { PendingList } from "./PendingList.js";
import { PROCESSOR_NAME, type FromProcessor, type ProcessorOptions, type ProcessorSettings, type ToProcessor } from "./PlayerMessages.js";
import type { PlayerEventRecord } from "./PlayerEvents.js";
import { SequencerTap } from "./SequencerTap.js";
import { TempoTimeline } from "./TempoTimeline.js";

/** What waits for its frame: a live MIDI message, or a song to start. */
type Scheduled =
  | { frame: number; kind: "midi"; bytes: Uint8Array }
  | { frame: number; kind: "play"; song: MidiFile; start: number; loop: boolean | number };

/** A request that acts between quanta: applied at the start of the next one. */
type Control = Extract<ToProcessor, { type: "pause" | "resume" | "stop" | "seek" | "playbackRate" | "transpose" | "mute" | "solo" | "volume" | "effects" }>;

// Position events are sent about this often while a song plays.
const POSITION_INTERVAL_SECONDS = 0.1;
// How long one step of a font's load works: a third of a quantum, which leaves the rest for
// the players that are playing.
const LOAD_STEP_MS = 1;
// The window over which the CPU load is measured, in seconds of audio.
const LOAD_WINDOW_SECONDS = 1;

class PlayerProcessor extends AudioWorkletProcessor {
  private readonly settings: ProcessorSettings;
  private sequencer: MidiFileSequencer<SequencerTap> | null = null;
  private fontLoad: FontLoad | null = null;
  private readonly scheduled = new PendingList<Scheduled>();
  private readonly controls: Control[] = [];
  private paused = false;
  private disposed = false;
  private failed = false;

  private tempo: TempoTimeline | null = null;
  private songEnded = true;
  private lastPositionFrame = -Infinity;
  private readonly events: PlayerEventRecord[] = [];

  private quanta = 0;
  private underruns = 0;
  private longestMs = 0;
  private busyMs = 0;
  private audioMs = 0;
  private cpuLoad = 0;
  // Until the first quantum says how long quanta are: the length every browser has today.
  private quantumMs = (1000 * 128) / sampleRate;

  constructor(options: { processorOptions?: unknown }) {
    super();
    const { settings, wasmModule } = options.processorOptions as ProcessorOptions;
    this.settings = settings;
    try {
      if (wasmModule !== null) registerWasmModule(wasmModule);
    } catch (error) {
      this.fail(error);
    }
    // A message is handled on the audio thread too, between quanta: its time counts as theirs.
    this.port.onmessage = (event) => {
      const began = Date.now();
      this.receive(event.data as ToProcessor);
      this.time(Date.now() - began);
    };
  }

  private receive(message: ToProcessor): void {
    switch (message.type) {
      case "soundFont":
        this.load(message.bytes);
        return;
      case "loadStep":
        this.loadStep();
        return;
      case "dispose":
        this.disposed = true;
        return;
      case "play": {
        let song: MidiFile;
        try {
          song = new MidiFile(message.song);
        } catch (error) {
          this.post({ type: "done", id: message.id, error: describe(error) });
          return;
        }
        this.scheduled.add({ frame: message.frame ?? -1, kind: "play", song, start: message.start, loop: message.loop });
        // A song asked for is a song to hear: playing ends a pause.
        this.paused = false;
        break;
      }
      case "midi":
        this.scheduled.add({ frame: message.frame ?? -1, kind: "midi", bytes: message.bytes });
        break;
      case "stats":
        this.post({
          type: "stats",
          id: message.id,
          stats: { quanta: this.quanta, underruns: this.underruns, longestMs: this.longestMs, voices: this.sequencer?.synthesizer.synthesizer.activeVoiceCount ?? 0, cpuLoad: this.cpuLoad },
        });
        return;
      default:
        this.controls.push(message);
    }
    this.post({ type: "done", id: message.id });
  }

  private load(bytes: ArrayBuffer): void {
    if (this.failed) return;
    this.fontLoad = new FontLoad(bytes, this.settings, sampleRate);
    this.loadStep();
  }

  // One step of the font's load, in a message task of its own between quanta; the page answers
  // each 'loading' with the go-ahead for the next. (The steps run in messages rather than in
  // `process` because an OfflineAudioContext calls `process` only once it renders, and a
  // player is made before that.)
  private loadStep(): void {
    const load = this.fontLoad;
    if (load === null || this.failed || this.disposed) return;
    try {
      const synthesizer = load.advance(LOAD_STEP_MS);
      if (synthesizer === null) {
        this.post({ type: "loading" });
        return;
      }
      this.fontLoad = null;
      this.sequencer = this.sequencerOf(synthesizer);
      this.post({ type: "ready" });
    } catch (error) {
      this.fail(error);
    }
  }

  private sequencerOf(synthesizer: Synthesizer): MidiFileSequencer<SequencerTap> {
    const sequencer = new MidiFileSequencer(new SequencerTap(synthesizer));
    sequencer.onMetaEvent = (event) => {
      if ((event.kind === "lyric" || event.kind === "text") && event.text !== undefined) {
        this.events.push({ type: event.kind, time: this.hookTime(sequencer, event.time), text: event.text });
      }
    };
    sequencer.onLoop = () => {
      const start = sequencer.loopPoints?.start ?? 0;
      this.events.push({ type: "loop", time: this.hookTime(sequencer, start) });
      this.tempo?.moveTo(start);
    };
    return sequencer;
  }

  process(_inputs: Float32Array[][], outputs: Float32Array[][]): boolean {
    const began = Date.now();
    const [left, right] = outputs[0];
    const sequencer = this.sequencer;
    if (sequencer !== null && !this.failed) {
      try {
        this.applyControls(sequencer);
        if (this.paused) {
          left.fill(0);
          right.fill(0);
        } else {
          this.render(sequencer, left, right);
        }
      } catch (error) {
        left.fill(0);
        right.fill(0);
        this.fail(error);
      }
    }
    this.account(began, left.length);
    this.flushEvents(sequencer?.synthesizer);
    return !this.disposed;
  }

  private applyControls(sequencer: MidiFileSequencer<SequencerTap>): void {
    const tap = sequencer.synthesizer;
    for (const control of this.controls) {
      switch (control.type) {
        case "pause": this.paused = true; break;
        case "resume": this.paused = false; break;
        case "stop":
          sequencer.stop();
          this.tempo = null;
          this.songEnded = true;
          break;
        case "seek":
          if (sequencer.midiFile === null) break;
          this.anchor(tap, currentFrame);
          sequencer.seek(control.seconds);
          this.anchor(tap, currentFrame);
          this.tempo?.moveTo(sequencer.position);
          this.songEnded = false;
          break;
        case "playbackRate": sequencer.speed = control.rate; break;
        case "transpose": sequencer.transpose = control.semitones; break;
        case "mute": sequencer.setMuted(control.channel, control.on); break;
        case "solo": sequencer.setSolo(control.channel, control.on); break;
        case "volume": tap.setVolume(control.channel, control.scale); break;
        case "effects":
          tap.synthesizer.setReverb(control.reverb);
          tap.synthesizer.setChorus(control.chorus);
          break;
      }
    }
    this.controls.length = 0;
  }

  // Renders one quantum: the messages and songs due in it applied on their frames, the song's
  // own events reported.
  private render(sequencer: MidiFileSequencer<SequencerTap>, left: Float32Array, right: Float32Array): void {
    const tap = sequencer.synthesizer;
    const synthesizer = tap.synthesizer;
    const blockSize = synthesizer.blockSize;
    const start = currentFrame;
    const frames = left.length;
    this.anchor(tap, start);
    let done = 0;
    for (const item of this.dueIn(start, frames, blockSize)) {
      const offset = Math.max(0, item.frame - start);
      if (item.kind === "midi") {
        // A message waits in the synthesizer's queue for its exact frame.
        const bytes = item.bytes;
        if (bytes[0] === 0xf0) synthesizer.processSysEx(bytes, offset - done);
        else synthesizer.processMidiMessage(bytes[0] & 0x0f, bytes[0] & 0xf0, bytes[1] ?? 0, bytes[2] ?? 0, offset - done);
        continue;
      }
      // A song starts the sequencer afresh, between two of the synthesizer's blocks: the render
      // stops at the start of the block holding the frame.
      const at = Math.max(done, offset - (offset % blockSize));
      this.renderSpan(sequencer, left, right, done, at);
      done = at;
      sequencer.play(item.song, item.loop);
      if (item.start > 0) sequencer.seek(item.start);
      this.anchor(tap, start + done);
      this.tempo = new TempoTimeline(item.song, sequencer.position);
      this.songEnded = false;
    }
    this.renderSpan(sequencer, left, right, done, frames);
    this.reportSong(sequencer, start + frames);
  }

  // The items due in the quantum, in the order they act: a song, which waits for a block
  // boundary, sorts at that boundary.
  private dueIn(start: number, frames: number, blockSize: number): readonly Scheduled[] {
    const due = this.scheduled.takeBefore(start + frames);
    if (due.length < 2) return due;
    const key = (item: Scheduled): number => {
      const offset = Math.max(0, item.frame - start);
      return item.kind === "midi" ? offset : offset - (offset % blockSize);
    };
    return [...due].sort((a, b) => key(a) - key(b));
  }

  private renderSpan(sequencer: MidiFileSequencer<SequencerTap>, left: Float32Array, right: Float32Array, from: number, to: number): void {
    if (to <= from) return;
    if (from === 0 && to === left.length) sequencer.render(left, right);
    else sequencer.render(left.subarray(from, to), right.subarray(from, to));
    this.tempo?.advance(sequencer.position, currentFrame + to, sequencer.speed, sampleRate, this.events);
  }

  // The context time of a hook's event at song time `time`. The hooks' frames count from the
  // sequencer's play or its seek's block, which the processor does not see; they are called at
  // the start of the block that holds the event, where the synthesizer's next frame and the
  // sequencer's position are both known, and the event lies as far into the block as its song
  // time is past that position (at the block's start, for a 'block' timing).
  private hookTime(sequencer: MidiFileSequencer<SequencerTap>, time: number): number {
    const ahead = sequencer.speed > 0 ? Math.ceil(((time - sequencer.position) * sampleRate) / sequencer.speed) : 0;
    const offset = sequencer.synthesizer.eventTiming === "sample" ? Math.max(0, ahead) : 0;
    return (sequencer.synthesizer.nextFrame + offset) / sampleRate;
  }

  // The synthesizer's frame count restarts at each reset; this ties it to the context's frames
  // again, `frame` being the context frame of the next frame the synthesizer hands out.
  private anchor(tap: SequencerTap, frame: number): void {
    tap.frameBase = frame - tap.synthesizer.renderedFrames;
  }

  private reportSong(sequencer: MidiFileSequencer<SequencerTap>, end: number): void {
    if (this.tempo === null) return;
    const time = end / sampleRate;
    if (!this.songEnded && sequencer.endOfSequence) {
      this.songEnded = true;
      this.events.push({ type: "ended", time });
    }
    if (!this.songEnded && end - this.lastPositionFrame >= POSITION_INTERVAL_SECONDS * sampleRate) {
      this.lastPositionFrame = end;
      this.events.push({ type: "position", time, position: sequencer.position });
    }
  }

  private account(began: number, frames: number): void {
    const busy = Date.now() - began;
    this.quantumMs = (1000 * frames) / sampleRate;
    this.quanta++;
    this.time(busy);
    this.audioMs += this.quantumMs;
    if (this.audioMs >= 1000 * LOAD_WINDOW_SECONDS) {
      this.cpuLoad = this.busyMs / this.audioMs;
      this.busyMs = 0;
      this.audioMs = 0;
    }
  }

  // One task of the audio thread's (a quantum, or a message) that took `busy` ms.
  private time(busy: number): void {
    // Date.now counts whole milliseconds: one more than the quantum lasts is surely over.
    if (busy > this.quantumMs + 1) this.underruns++;
    if (busy > this.longestMs) this.longestMs = busy;
    this.busyMs += busy;
  }

  private flushEvents(tap: SequencerTap | undefined): void {
    const songEvents = tap?.events ?? [];
    if (songEvents.length === 0 && this.events.length === 0) return;
    const events = songEvents.concat(this.events).sort((a, b) => a.time - b.time);
    songEvents.length = 0;
    this.events.length = 0;
    this.post({ type: "events", events });
  }

  private fail(error: unknown): void {
    this.failed = true;
    this.post({ type: "failed", message: describe(error) });
  }

  private post(message: FromProcessor): void {
    this.port.postMessage(message);
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

registerProcessor(PROCESSOR_NAME, PlayerProcessor);
