import { MidiFile, RenderStream, type RenderOptions, type SoundFont } from "../io/index.js";
import { longestTail } from "../io/SongRender.js";
import { wholeFile } from "../io/wholeFile.js";
import { RequestError } from "./RequestError.js";

/** How a render reports its progress and when it gives up. */
export interface RenderControl {
  /** Wall-clock seconds after which the render stops with a 422. */
  maxRenderSeconds: number;
  /** Called after each chunk with the fraction done, below 1 until the end. */
  onProgress?: (fraction: number) => void;
}

/** A finished render: the bytes of the whole file, and its length. */
export interface RenderedAudio {
  audio: Uint8Array;
  frames: number;
  sampleRate: number;
}

/**
 * Renders a MIDI file into the bytes of a whole audio file in any format, the header completed
 * at the end (a WAV render is byte for byte what `renderToWav` gives). The whole file is kept
 * because its header states the length, which an automatic tail knows only at the end.
 * @throws RequestError: 400 for a MIDI file or option the render refuses, 422 when the render
 * takes longer than allowed.
 */
export async function renderToBytes(midiBytes: Uint8Array, soundFont: SoundFont, options: RenderOptions, control: RenderControl): Promise<RenderedAudio> {
  const started = performance.now();
  let stream: RenderStream;
  try {
    stream = new RenderStream(new MidiFile(midiBytes), soundFont, options);
  } catch (error) {
    throw new RequestError(400, (error as Error).message, { cause: error });
  }
  // An automatic tail's length is known only at its end: progress counts 2 s of it.
  const expectedFrames = stream.totalFrames ?? stream.maximumFrames - (longestTail - 2) * stream.sampleRate;
  const parts: Uint8Array[] = [];
  for await (const chunk of stream as AsyncIterable<Uint8Array>) {
    parts.push(chunk);
    if (performance.now() - started > control.maxRenderSeconds * 1000) {
      throw new RequestError(
        422,
        `the render took longer than this service's limit of ${control.maxRenderSeconds} s (stopped at ${(stream.framesRendered / stream.sampleRate).toFixed(1)} s of audio)`,
      );
    }
    control.onProgress?.(Math.min(0.99, stream.framesRendered / expectedFrames));
  }
  const audio = wholeFile(parts, stream.rewrite());
  return { audio, frames: stream.framesRendered, sampleRate: stream.sampleRate };
}
