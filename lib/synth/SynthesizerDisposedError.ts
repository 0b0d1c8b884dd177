/** Thrown by every method of a synthesizer after its `dispose()`. */
export class SynthesizerDisposedError extends Error {
  override readonly name = "SynthesizerDisposedError";

  constructor() {
    super("this Synthesizer has been disposed: its native renderer is freed; create a new Synthesizer");
  }
}
