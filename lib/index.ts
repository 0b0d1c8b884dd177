export { AudioRenderer } from "./synth/AudioRenderer.js";
