// The part of the Web Audio API, the AudioWorklet scope and Web MIDI that the player uses. The
// project compiles against ES2022 alone (no DOM), whose library declares none of them; these
// declarations are a subset of the DOM's, so a program compiled with the DOM library sees the
// player's signatures in its own types.

interface AudioTimestamp {
  contextTime?: number;
  performanceTime?: number;
}

interface AudioNode {
  connect(destination: AudioNode): AudioNode;
  disconnect(): void;
}

interface AudioDestinationNode extends AudioNode {}

interface AudioWorklet {
  addModule(moduleURL: string | URL): Promise<void>;
}

interface BaseAudioContext {
  readonly sampleRate: number;
  readonly currentTime: number;
  readonly destination: AudioDestinationNode;
  readonly audioWorklet: AudioWorklet;
}

interface AudioContext extends BaseAudioContext {
  getOutputTimestamp(): AudioTimestamp;
}

interface MessageEvent<T = unknown> {
  readonly data: T;
}

interface MessagePort {
  onmessage: ((event: MessageEvent) => void) | null;
  postMessage(message: unknown, transfer?: ArrayBuffer[]): void;
}

interface AudioWorkletNodeOptions {
  numberOfInputs?: number;
  numberOfOutputs?: number;
  outputChannelCount?: number[];
  processorOptions?: unknown;
}

interface AudioWorkletNode extends AudioNode {
  readonly port: MessagePort;
  onprocessorerror: ((event: unknown) => void) | null;
}

declare var AudioWorkletNode: {
  prototype: AudioWorkletNode;
  new (context: BaseAudioContext, name: string, options?: AudioWorkletNodeOptions): AudioWorkletNode;
};

interface MIDIMessageEvent {
  readonly data: Uint8Array | null;
  readonly timeStamp: number;
}

interface MIDIInput {
  addEventListener(type: "midimessage", listener: (event: MIDIMessageEvent) => void): void;
  removeEventListener(type: "midimessage", listener: (event: MIDIMessageEvent) => void): void;
}

// The AudioWorkletGlobalScope, where the processor runs.
declare class AudioWorkletProcessor {
  readonly port: MessagePort;
  constructor();
}
declare function registerProcessor(name: string, processor: new (options: { processorOptions?: unknown }) => AudioWorkletProcessor): void;
/** The context's sample rate, in the worklet scope. */
declare const sampleRate: number;
/** The frame at the start of the quantum being processed, in the worklet scope. */
declare const currentFrame: number;

