/**
 * meltysynth-native: a SoundFont MIDI synthesizer, a faithful port of MeltySynth.
 *
 * This entry is the browser-safe engine (no Node modules). In Node, the package's "node" export
 * adds file loading, WAV output, streams, worker batches, the native block renderer, and the
 * WebAssembly one compiled at load (elsewhere, `await loadWasmBackend()` compiles it).
 */
export * from "./soundfont/index.js";
export * from "./midi/index.js";
export { AudioRenderer } from "./synth/AudioRenderer.js";
export { Synthesizer } from "./synth/Synthesizer.js";
export { SynthesizerDisposedError } from "./synth/SynthesizerDisposedError.js";
export { EventQueueFullError } from "./synth/EventQueueFullError.js";
export type { ChannelState } from "./synth/ChannelState.js";
export { SynthesizerSettings } from "./synth/SynthesizerSettings.js";
export type { BackendChoice, EventTiming, Interpolation, Profile, SynthesizerOptions } from "./synth/SynthesizerSettings.js";
export type { ChorusSettings, ReverbSettings } from "./synth/EffectSettings.js";
export type { Backend } from "./kernels/BlockRenderer.js";
export { nativeBackendStatus } from "./kernels/nativeBackend.js";
export { loadWasmBackend, wasmBackendStatus } from "./kernels/wasmBackend.js";
export { backendStatus } from "./kernels/createBlockRenderer.js";
export { WasmTrapError } from "./kernels/WasmBlockRenderer.js";
export { builtinSoundFont } from "./builtin/builtinSoundFont.js";
export { generateBuiltinSoundFont } from "./builtin/generateBuiltinSoundFont.js";
export { generateDemoSong } from "./builtin/generateDemoSong.js";
export type { NativeBackendStatus } from "./kernels/nativeBackend.js";
export type { WasmBackendStatus } from "./kernels/wasmBackend.js";
export type { BackendStatus } from "./kernels/createBlockRenderer.js";
