import type { MidiFile } from "../midi/MidiFile.js";
import type { SoundFont } from "../soundfont/SoundFont.js";
import type { WavFormat } from "./AudioFormat.js";
import { SongRender, type RenderOptions } from "./SongRender.js";
import { WavEncoder } from "./WavEncoder.js";
import { wholeFile } from "./wholeFile.js";

const chunkFrames = 8192;

/**
 * Renders a whole song to the bytes of a WAV file: 16-bit stereo by default, or `format: "s24"`
 * or `"f32"`, `channels: 1` for mono. The song plays for its length plus the tail (by default
 * until the sound has died away). For FLAC or MP3, use {@link RenderStream} or
 * {@link renderToFile}, whose encoders load asynchronously.
 *
 * @example
 * ```ts
 * const wav = renderToWav(MidiFile.fromFile("song.mid"), SoundFont.fromFile("font.sf2"), { format: "s24", gain: -3 });
 * writeFileSync("song.wav", wav);
 * ```
 * @throws RangeError for an option out of range, a format that is not WAV, or a song too long
 * for a WAV file (4 GiB); TypeError for an unknown option.
 */
export function renderToWav(midi: MidiFile, soundFont: SoundFont, options: RenderOptions = {}): Uint8Array {
  return renderWav(midi, soundFont, options).wav;
}

/** {@link renderToWav}, with the render that made it (its length, backend and levels). */
export function renderWav(midi: MidiFile, soundFont: SoundFont, options: RenderOptions = {}): { wav: Uint8Array; render: SongRender } {
  // Before the render, which with normalize renders the whole song once already.
  const format = typeof options === "object" && options !== null ? options.format : undefined;
  if (format === "flac" || format === "flac24" || format === "mp3") {
    throw new RangeError(`renderToWav writes WAV (s16, s24 or f32), not ${format}: use RenderStream or renderToFile for ${format}`);
  }
  const render = new SongRender(midi, soundFont, options);
  const parts: Uint8Array[] = [];
  let encoder: WavEncoder;
  try {
    encoder = new WavEncoder(render.format as WavFormat, render.sampleRate, render.channels, render.totalFrames, render.dither);
    while (!render.done) {
      const { channels, frames } = render.render(chunkFrames);
      parts.push(encoder.encode(channels, frames));
    }
  } finally {
    render.dispose();
  }
  parts.push(encoder.finish(render.framesRendered));
  return { wav: wholeFile(parts, encoder.rewrite()), render };
}
