import { MidiFile } from "../midi/MidiFile.js";
import { midiMessageBytes } from "./midiMessageBytes.js";
import { PlayerError } from "./PlayerError.js";
import type { PlayerEventOf, PlayerEventRecord, PlayerEventType } from "./PlayerEvents.js";
import type { FromProcessor, ToProcessor, When } from "./PlayerMessages.js";
import { withChorus, withReverb, type ChorusSettings, type ReverbSettings } from "../synth/EffectSettings.js";
import type { PlayerStats } from "./PlayerStats.js";

/** How {@link Player.play} starts a song. */
export interface PlayOptions {
  /** Where in the song to start, in seconds. Default 0. */
  start?: number;
  /**
   * The context time to start at; default: at once. The song starts at the start of the
   * synthesizer block (`blockSize` frames) holding that time.
   */
  when?: number;
  /**
   * Whether to loop, back to the song's loop start marker if it has one, else to its start:
   * `true` for ever, a number for that many times back. Default false.
   */
  loop?: boolean | number;
}

type Listener<T extends PlayerEventType> = (event: PlayerEventOf<T>) => void;

type Request = { resolve: (value: unknown) => void; reject: (error: Error) => void };

// A request as a method makes it: `request` numbers it.
type Unnumbered<M> = M extends { id: number } ? Omit<M, "id"> : never;

/**
 * A MIDI player running in an AudioWorklet, made by {@link createPlayer}: connect {@link node},
 * play songs with the transport, play live notes on their exact frames, and listen to what
 * plays. Every method that sends something to the audio thread returns a promise that resolves
 * once the audio thread holds it.
 */
export class Player {
  private readonly requests = new Map<number, Request>();
  private nextId = 1;
  private readonly listeners = new Map<PlayerEventType, Set<(event: PlayerEventRecord) => void>>();
  private rate = 1;
  private semitones = 0;
  private readonly muted = new Array<boolean>(16).fill(false);
  private readonly solo = new Array<boolean>(16).fill(false);
  private readonly volume = new Array<number>(16).fill(1);
  private songLength = 0;
  // The song position last known, at which context time, and whether it is moving.
  private known = { position: 0, time: 0, moving: false };
  private failure: PlayerError | null = null;

  /** @internal Made by {@link createPlayer}. */
  constructor(
    /** The context the player renders in. */
    readonly context: BaseAudioContext,
    /** The AudioWorkletNode to connect: no inputs, one stereo output. */
    readonly node: AudioWorkletNode,
    /** The block renderer the audio thread runs: 'wasm' or 'js'. */
    readonly backend: "wasm" | "js",
    private reverbSettings: Readonly<ReverbSettings>,
    private chorusSettings: Readonly<ChorusSettings>,
  ) {
    node.port.onmessage = (event) => this.receive(event.data as FromProcessor);
  }

  /**
   * Plays a MIDI file (the bytes of an SMF), replacing any song playing; a paused player plays
   * again.
   * @throws (rejects) MidiFileError when the bytes are not a MIDI file; RangeError for a bad
   *   start or when; PlayerError when the audio thread has failed.
   */
  async play(song: Uint8Array | ArrayBuffer, options: PlayOptions = {}): Promise<void> {
    const start = options.start ?? 0;
    const loop = options.loop ?? false;
    if (!(typeof loop === "boolean" || (Number.isInteger(loop) && loop >= 0) || loop === Infinity)) {
      throw new RangeError(`loop must be true, false or a whole number of times back, 0 or more, got ${String(loop)}`);
    }
    if (!(Number.isFinite(start) && start >= 0)) throw new RangeError(`start must be a finite number of seconds, 0 or more, got ${String(start)}`);
    // Read here first, so that a bad file is reported on this thread with where it is wrong.
    const bytes = song instanceof ArrayBuffer ? new Uint8Array(song).slice() : Uint8Array.from(song);
    const file = new MidiFile(bytes);
    const frame = this.frameOf(options.when, "when");
    await this.request({ type: "play", song: bytes.buffer, start, loop, frame }, [bytes.buffer]);
    this.songLength = file.length;
    this.known = { position: start, time: frame === null ? this.context.currentTime : frame / this.context.sampleRate, moving: true };
  }

  /** Stops rendering: the output is silent and every voice keeps its state until {@link resume}. */
  async pause(): Promise<void> {
    const position = this.position;
    await this.request({ type: "pause" });
    this.known = { position, time: this.context.currentTime, moving: false };
  }

  /** Goes on rendering after {@link pause}. */
  async resume(): Promise<void> {
    await this.request({ type: "resume" });
    this.known = { ...this.known, time: this.context.currentTime, moving: this.known.position < this.songLength };
  }

  /** Stops the song and silences every voice at once. */
  async stop(): Promise<void> {
    await this.request({ type: "stop" });
    this.known = { position: 0, time: this.context.currentTime, moving: false };
  }

  /**
   * Jumps to `seconds` of song time: the next frame rendered is the song's frame at that time,
   * with every controller, program and pitch bend before it in force.
   * @throws RangeError when `seconds` is negative or not finite.
   */
  async seek(seconds: number): Promise<void> {
    if (!(Number.isFinite(seconds) && seconds >= 0)) throw new RangeError(`seek takes a finite number of seconds, 0 or more, got ${String(seconds)}`);
    await this.request({ type: "seek", seconds });
    this.known = { position: seconds, time: this.context.currentTime, moving: this.known.moving };
  }

  /** Song seconds per second of audio (the sequencer's speed). Default 1. */
  get playbackRate(): number {
    return this.rate;
  }

  /** @throws RangeError when negative or not finite. */
  set playbackRate(rate: number) {
    void this.setPlaybackRate(rate).catch(() => {});
  }

  /**
   * Sets {@link playbackRate}, resolving once the audio thread plays at it (as with the other
   * controls, so that a change made just before an offline render is sure to be in it).
   * @throws RangeError (synchronously) when negative or not finite.
   */
  setPlaybackRate(rate: number): Promise<void> {
    if (!(Number.isFinite(rate) && rate >= 0)) throw new RangeError(`playbackRate must be a finite number, 0 or more, got ${String(rate)}`);
    this.known = { ...this.known, position: this.position, time: this.audibleTime() };
    this.rate = rate;
    return this.request({ type: "playbackRate", rate }).then(() => undefined);
  }

  /** Semitones added to the song's notes on every channel but those that play drums. */
  get transpose(): number {
    return this.semitones;
  }

  /** @throws RangeError unless an integer from -127 to 127. */
  set transpose(semitones: number) {
    void this.setTranspose(semitones).catch(() => {});
  }

  /**
   * Sets {@link transpose}, resolving once the audio thread transposes by it.
   * @throws RangeError (synchronously) unless an integer from -127 to 127.
   */
  setTranspose(semitones: number): Promise<void> {
    if (!(Number.isInteger(semitones) && Math.abs(semitones) <= 127)) throw new RangeError(`transpose must be an integer from -127 to 127, got ${String(semitones)}`);
    this.semitones = semitones;
    return this.request({ type: "transpose", semitones }).then(() => undefined);
  }

  /** Mutes or unmutes the song's notes on `channel` (0-15); muting releases those sounding. */
  async setMuted(channel: number, muted: boolean): Promise<void> {
    checkChannel(channel);
    this.muted[channel] = muted;
    await this.request({ type: "mute", channel, on: muted });
  }

  /** Whether `channel` is muted. */
  isMuted(channel: number): boolean {
    checkChannel(channel);
    return this.muted[channel];
  }

  /** While any channel is solo, only the song's notes on solo channels sound. */
  async setSolo(channel: number, solo: boolean): Promise<void> {
    checkChannel(channel);
    this.solo[channel] = solo;
    await this.request({ type: "solo", channel, on: solo });
  }

  /**
   * Scales the song's volume on `channel` (0-15) by `scale`, 0 to 1 (default 1): each volume
   * the song sets there (controller 7) is sent scaled, so that its changes keep their shape.
   * Live messages are not scaled.
   * @throws (rejects) RangeError when `channel` is not 0-15 or `scale` is not from 0 to 1.
   */
  async setVolume(channel: number, scale: number): Promise<void> {
    checkChannel(channel);
    if (!(scale >= 0 && scale <= 1)) throw new RangeError(`scale must be a number from 0 to 1, got ${String(scale)}`);
    this.volume[channel] = scale;
    await this.request({ type: "volume", channel, scale });
  }

  /** The reverb's settings, as last set. */
  get reverb(): Readonly<ReverbSettings> {
    return this.reverbSettings;
  }

  /** The chorus's settings, as last set. */
  get chorus(): Readonly<ChorusSettings> {
    return this.chorusSettings;
  }

  /**
   * Changes the reverb's settings (the fields given) while it plays, without a click; resolves
   * once the audio thread has them. A song's GS and GM2 effect messages ('full' profile) change
   * them from there until the next reset.
   * @throws RangeError (synchronously) naming a setting out of range; TypeError for an unknown one.
   */
  setReverb(changes: Partial<ReverbSettings>): Promise<void> {
    this.reverbSettings = Object.freeze(withReverb(this.reverbSettings, changes));
    return this.sendEffects();
  }

  /** Changes the chorus's settings while it plays (see {@link setReverb}). */
  setChorus(changes: Partial<ChorusSettings>): Promise<void> {
    this.chorusSettings = Object.freeze(withChorus(this.chorusSettings, changes));
    return this.sendEffects();
  }

  private sendEffects(): Promise<void> {
    return this.request({ type: "effects", reverb: { ...this.reverbSettings }, chorus: { ...this.chorusSettings } }).then(() => undefined);
  }

  /** The scale of the song's volume on `channel`. */
  getVolume(channel: number): number {
    checkChannel(channel);
    return this.volume[channel];
  }

  /** Whether `channel` is solo. */
  isSolo(channel: number): boolean {
    checkChannel(channel);
    return this.solo[channel];
  }

  /**
   * The song time, in seconds, of what is audible now: from the context's output timestamp
   * where it has one, and the position the audio thread last reported.
   */
  get position(): number {
    const { position, time, moving } = this.known;
    if (!moving) return position;
    return Math.min(this.songLength, Math.max(0, position + (this.audibleTime() - time) * this.rate));
  }

  /** The length of the song last played, in seconds (0 before any). */
  get duration(): number {
    return this.songLength;
  }

  /**
   * Starts a note at context time `when` (default: at once), on its exact frame.
   * @throws (rejects) RangeError when a value is out of range.
   */
  async noteOn(channel: number, key: number, velocity: number, when?: number): Promise<void> {
    checkChannel(channel);
    return this.send([0x90 | channel, key, velocity], when);
  }

  /** Releases a note at context time `when` (default: at once), on its exact frame. */
  async noteOff(channel: number, key: number, when?: number): Promise<void> {
    checkChannel(channel);
    return this.send([0x80 | channel, key, 0], when);
  }

  /**
   * Sends one MIDI message to the synthesizer at context time `when` (default: at once), a
   * channel message or a system exclusive message (F0 to F7): it acts on its exact frame.
   * @throws (rejects) RangeError when the message is malformed or `when` is not a time.
   */
  async send(message: ArrayLike<number>, when?: number): Promise<void> {
    const bytes = midiMessageBytes(message);
    await this.request({ type: "midi", bytes, frame: this.frameOf(when, "when") });
  }

  /** How the audio thread is keeping up. */
  async stats(): Promise<PlayerStats> {
    return (await this.request({ type: "stats" })) as PlayerStats;
  }

  /** Calls `listener` with each event of `type`, batched as the audio thread sends them. */
  addEventListener<T extends PlayerEventType>(type: T, listener: Listener<T>): void {
    let set = this.listeners.get(type);
    if (set === undefined) this.listeners.set(type, (set = new Set()));
    set.add(listener as (event: PlayerEventRecord) => void);
  }

  removeEventListener<T extends PlayerEventType>(type: T, listener: Listener<T>): void {
    this.listeners.get(type)?.delete(listener as (event: PlayerEventRecord) => void);
  }

  /** Disconnects the node and ends the audio thread's work; the player cannot be used again. */
  dispose(): void {
    this.node.port.postMessage({ type: "dispose" } satisfies ToProcessor);
    this.node.disconnect();
    this.fail(new PlayerError("the player was disposed"));
  }

  /** @internal Resolves once the audio thread holds the font and can play. */
  load(soundFont: ArrayBuffer): Promise<void> {
    return new Promise((resolve, reject) => {
      this.requests.set(0, { resolve: () => resolve(), reject });
      this.node.port.postMessage({ type: "soundFont", bytes: soundFont } satisfies ToProcessor, [soundFont]);
    });
  }

  private request(message: Unnumbered<ToProcessor>, transfer: ArrayBuffer[] = []): Promise<unknown> {
    if (this.failure !== null) return Promise.reject(this.failure);
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.requests.set(id, { resolve, reject });
      this.node.port.postMessage({ ...message, id }, transfer);
    });
  }

  private receive(message: FromProcessor): void {
    switch (message.type) {
      case "loading":
        this.node.port.postMessage({ type: "loadStep" } satisfies ToProcessor);
        break;
      case "ready":
        this.settle(0, undefined);
        break;
      case "failed":
        this.fail(new PlayerError(`the audio thread failed: ${message.message}`));
        break;
      case "done":
        if (message.error === undefined) this.settle(message.id, undefined);
        else this.settle(message.id, undefined, new PlayerError(`the audio thread refused the request: ${message.error}`));
        break;
      case "stats":
        this.settle(message.id, message.stats);
        break;
      case "events":
        for (const event of message.events) this.dispatch(event);
        break;
    }
  }

  private dispatch(event: PlayerEventRecord): void {
    if (event.type === "position") this.known = { position: event.position, time: event.time, moving: this.known.moving };
    if (event.type === "ended") this.known = { position: this.songLength, time: event.time, moving: false };
    const set = this.listeners.get(event.type);
    if (set === undefined) return;
    for (const listener of set) listener(event);
  }

  private settle(id: number, value: unknown, error?: Error): void {
    const request = this.requests.get(id);
    if (request === undefined) return;
    this.requests.delete(id);
    if (error === undefined) request.resolve(value);
    else request.reject(error);
  }

  private fail(error: PlayerError): void {
    this.failure ??= error;
    for (const request of this.requests.values()) request.reject(error);
    this.requests.clear();
  }

  // What is audible now: getOutputTimestamp, which says {0, 0} (or nothing) until the context
  // has output anything, then currentTime (an OfflineAudioContext has no output timestamp).
  private audibleTime(): number {
    const context = this.context as Partial<AudioContext> & BaseAudioContext;
    const stamp = context.getOutputTimestamp?.();
    return stamp?.contextTime !== undefined && stamp.contextTime > 0 ? stamp.contextTime : context.currentTime;
  }

  private frameOf(when: number | undefined, name: string): When {
    if (when === undefined) return null;
    if (!(Number.isFinite(when) && when >= 0)) throw new RangeError(`${name} must be a context time in seconds, 0 or more, got ${String(when)}`);
    return Math.round(when * this.context.sampleRate);
  }
}

function checkChannel(channel: number): void {
  if (!(Number.isInteger(channel) && channel >= 0 && channel <= 15)) throw new RangeError(`channel must be an integer from 0 to 15, got ${String(channel)}`);
}
