import { describe, expect, it } from "vitest";
import { generateBuiltinSoundFont } from "../../lib/builtin/generateBuiltinSoundFont.js";
import { createPlayer } from "../../lib/player/createPlayer.js";
import { PlayerError } from "../../lib/player/PlayerError.js";

// createPlayer checks what it is given before it touches the context: a context with nothing
// but a sample rate shows that the checks come first.
const context = { sampleRate: 44100 } as unknown as BaseAudioContext;

describe("createPlayer", () => {
  it("says so when the SoundFont's buffer was already transferred to another player", async () => {
    const bytes = generateBuiltinSoundFont();
    structuredClone(bytes.buffer, { transfer: [bytes.buffer] });
    await expect(createPlayer(context, { soundFont: bytes, backend: "js" })).rejects.toThrow(PlayerError);
    await expect(createPlayer(context, { soundFont: bytes, backend: "js" })).rejects.toThrow(/give each player its own copy/);
  });

  it("refuses a backend or a setting it does not know, naming it", async () => {
    const soundFont = generateBuiltinSoundFont();
    await expect(createPlayer(context, { soundFont, backend: "native" as "js" })).rejects.toThrow(/backend must be 'auto', 'wasm' or 'js', got native/);
    await expect(createPlayer(context, { soundFont, backend: "js", polyphony: 5000 })).rejects.toThrow(RangeError);
  });

  it("reports a file that is not a SoundFont with where it is wrong", async () => {
    await expect(createPlayer(context, { soundFont: new Uint8Array(64), backend: "js" })).rejects.toThrow(/not 'RIFF'/);
  });
});
