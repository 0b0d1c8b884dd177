/**
 * In Node, SF3 SoundFonts open synchronously (`new SoundFont(bytes)`, `SoundFont.fromFile`): the
 * Vorbis decoder's WebAssembly, which its package ships deflated, is inflated with zlib and
 * compiled at once, the first time an SF3 file is opened. Browsers use `SoundFont.load`.
 */
import { inflateRawSync } from "node:zlib";
import { OggVorbisDecoder } from "@wasm-audio-decoders/ogg-vorbis";
import { decode } from "simple-yenc";
import { packageInternals, setSyncVorbisModuleSource } from "../soundfont/VorbisDecoder.js";

setSyncVorbisModuleSource(() => {
  const { wasmString } = packageInternals(OggVorbisDecoder);
  return new WebAssembly.Module(inflateRawSync(decode(wasmString)));
});
