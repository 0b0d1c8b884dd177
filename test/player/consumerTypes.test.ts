import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import "../built.js";
import { typeCheck } from "../packaging/typeCheck.js";

/**
 * A web page's TypeScript, with the DOM library and no Node types, type-checked against
 * `meltysynth-native/player` as it resolves through the package's `exports` map: the player's
 * declarations name Web Audio types the project declares for itself, and a consumer's DOM
 * library must satisfy them.
 */
const root = fileURLToPath(new URL("../../", import.meta.url));
const work = mkdtempSync(path.join(tmpdir(), "meltysynth-player-consumer-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const page = `
import { connectMidiInput, createPlayer, PlayerError, type NoteOnEvent, type PlayerStats } from "meltysynth-native/player";

export async function start(soundFont: ArrayBuffer, song: Uint8Array, input: MIDIInput): Promise<PlayerStats> {
  const context = new OfflineAudioContext(2, 44100, 44100);
  const player = await createPlayer(context, { soundFont, backend: "wasm", polyphony: 64, eventTiming: "sample" });
  const node: AudioNode = player.node;
  node.connect(context.destination);
  player.addEventListener("noteon", (event: NoteOnEvent) => console.log(event.channel, event.key, event.time));
  player.addEventListener("lyric", (event) => console.log(event.text));
  await player.play(song, { start: 2.0, loop: 3 });
  await player.noteOn(0, 60, 100, 0.5);
  const disconnect = connectMidiInput(player, input, 0.03);
  disconnect();
  const rendered: AudioBuffer = await context.startRendering();
  if (rendered.length === 0) throw new PlayerError("nothing rendered");
  return player.stats();
}
`;

describe("a web page's TypeScript", () => {
  for (const [module, moduleResolution] of [["esnext", "bundler"], ["nodenext", "nodenext"]]) {
    it(`type-checks its use of meltysynth-native/player (${moduleResolution})`, () => {
      const dir = path.join(work, moduleResolution);
      mkdirSync(path.join(dir, "node_modules"), { recursive: true });
      symlinkSync(root, path.join(dir, "node_modules", "meltysynth-native"), "dir");
      writeFileSync(path.join(dir, "package.json"), JSON.stringify({ name: "page", version: "1.0.0", type: "module" }));
      writeFileSync(
        path.join(dir, "tsconfig.json"),
        JSON.stringify({
          compilerOptions: { target: "ES2022", module, moduleResolution, lib: ["ES2022", "DOM"], types: [], strict: true, noEmit: true },
          files: ["page.ts"],
        }),
      );
      writeFileSync(path.join(dir, "page.ts"), page);
      expect(typeCheck(dir)).toBe("");
    });
  }
});
