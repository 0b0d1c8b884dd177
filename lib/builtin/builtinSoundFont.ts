import { generateBuiltinSoundFont } from "./generateBuiltinSoundFont.js";
import { SoundFont } from "../soundfont/SoundFont.js";

let cached: SoundFont | undefined;

/**
 * The built-in General MIDI SoundFont, generated on first use and shared
 * afterwards: a synthesizer only reads its SoundFont, so one copy serves every render.
 */
export function builtinSoundFont(): SoundFont {
  cached ??= new SoundFont(generateBuiltinSoundFont());
  return cached;
}
