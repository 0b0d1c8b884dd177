import type { MidiFile } from "../midi/MidiFile.js";
import type { SoundFont } from "../soundfont/SoundFont.js";
import { bytesPerFrame } from "./SampleFormat.js";
import { SongRender, type RenderOptions } from "./SongRender.js";
import { wavHeader, wavHeaderSize } from "./WavHeader.js";

const chunkFrames = 8192;

/**
 * Renders a whole song to the bytes of a stereo WAV file: 16-bit PCM by default, or 32-bit
 * float with `format: "f32"`. The song plays for its length plus `tail` seconds (default 2).
 *
 * @example
 * ```ts
 * const wav = renderToWav(MidiFile.fromFile("song.mid"), SoundFont.fromFile("font.sf2"), { format: "f32" });
 * writeFileSync("song.wav", wav);
 * ```
 * @throws RangeError for an option out of range, or a song too long for a WAV file (4 GiB).
 */
export function renderToWav(midi: MidiFile, soundFont: SoundFont, options: RenderOptions = {}): Uint8Array {
  const render = new SongRender(midi, soundFont, options);
  const header = wavHeader(render.format, render.sampleRate, render.totalFrames);
  const wav = new Uint8Array(wavHeaderSize(render.format) + render.totalBytes);
  wav.set(header, 0);
  let offset = header.length;
  while (!render.done) {
    offset += render.renderInto(wav, offset, chunkFrames) * bytesPerFrame(render.format);
  }
  return wav;
}
