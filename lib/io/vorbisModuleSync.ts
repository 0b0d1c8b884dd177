/**
 * In Node, SF3 SoundFonts open synchronously (`new SoundFont(bytes)`, `SoundFont.fromFile`): the
 * Vorbis decoder's WebAssembly, which its package embeds deflated in its generated glue, is read
 * from there, inflated with zlib and compiled at once, the first time an SF3 file is opened.
 * (Constructing the package's own decoder to reach it would cost more than the compile itself.)
 * Browsers use `SoundFont.load`, which asks the package for its module.
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { inflateRawSync } from "node:zlib";
import { decode } from "simple-yenc";
import { setSyncVorbisModuleSource } from "../soundfont/VorbisDecoder.js";

const packageName = "@wasm-audio-decoders/ogg-vorbis";

/** The embedded module: the text of the glue's one String.raw template, which is its raw value. */
function embeddedWasmString(): string {
  const glue = join(dirname(createRequire(import.meta.url).resolve(packageName)), "src", "EmscriptenWasm.js");
  const text = readFileSync(glue, "utf8");
  const start = text.indexOf("String.raw`");
  const end = start < 0 ? -1 : text.indexOf("`", start + 11);
  if (end < 0) throw new Error(`${glue} holds no embedded WebAssembly where ${packageName} 0.1.20 has it`);
  return text.slice(start + 11, end);
}

setSyncVorbisModuleSource(() => new WebAssembly.Module(inflateRawSync(decode(embeddedWasmString()))));
