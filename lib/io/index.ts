/**
 * meltysynth-native for Node.js: the whole engine (everything lib/index.ts exports), plus what
 * only Node can do: `SoundFont.fromFile` and `MidiFile.fromFile`, rendering to WAV, FLAC, MP3 and Opus,
 * a render stream with backpressure, parallel batch rendering in worker threads, and the native
 * and WebAssembly block renderers, loaded when this module loads.
 */
import "./fromFile.js";
import "./vorbisModuleSync.js";
import { loadNativeAddon } from "./loadNativeAddon.js";
import { loadWasmModule } from "./loadWasmModule.js";

loadNativeAddon();
loadWasmModule();

export * from "../index.js";
export { audioFormats } from "./AudioFormat.js";
export type { AudioFormat, SampleFormat, WavFormat } from "./AudioFormat.js";
export { renderFiles } from "./renderFiles.js";
export type { RenderFilesOptions } from "./renderFiles.js";
export type { RenderJob, RenderResult } from "./RenderJob.js";
export { RenderStream } from "./RenderStream.js";
export type { RenderStreamOptions } from "./RenderStream.js";
export { EncodingError } from "./EncodingError.js";
export { OutputFileError, renderToFile } from "./renderToFile.js";
export type { RenderSummary, RenderToFileControl } from "./renderToFile.js";
export { renderStems } from "./renderStems.js";
export type { StemOptions, StemSummary } from "./renderStems.js";
export { findSongParts, partDivisions } from "./songParts.js";
export type { PartDivision, PartSearch, SongPart } from "./songParts.js";
export { renderToWav } from "./renderToWav.js";
export type { RenderLevels, RenderOptions } from "./SongRender.js";
