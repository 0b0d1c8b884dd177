/**
 * meltysynth-native for Node.js: the whole engine (everything lib/index.ts exports), plus what
 * only Node can do: `SoundFont.fromFile` and `MidiFile.fromFile`, WAV rendering, a render
 * stream with backpressure, parallel batch rendering in worker threads, and the native block
 * renderer, loaded when this module loads.
 */
import "./fromFile.js";
import "./vorbisModuleSync.js";
import { loadNativeAddon } from "./loadNativeAddon.js";

loadNativeAddon();

export * from "../index.js";
export { renderFiles } from "./renderFiles.js";
export type { RenderFilesOptions } from "./renderFiles.js";
export type { RenderJob, RenderResult } from "./RenderJob.js";
export { RenderStream } from "./RenderStream.js";
export type { RenderStreamOptions } from "./RenderStream.js";
export { renderToWav } from "./renderToWav.js";
export type { SampleFormat } from "./SampleFormat.js";
export type { RenderOptions } from "./SongRender.js";
