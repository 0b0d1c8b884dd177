// `serve --backend` and `worker --backend`: every render thread runs the backend asked for, says
// so when it starts, and gives the bits any backend gives; one that cannot run refuses at start.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { builtinSoundFont, MidiFile, renderToWav, SoundFont, wasmBackendStatus, writeSoundFont } from "../../lib/io/index.js";
import { shortSong } from "../io/songs.js";
import { builtinFontFolder, meltysynth, startServer, type Server } from "./processes.js";

const song = shortSong(3);
const expected = renderToWav(new MidiFile(song), new SoundFont(writeSoundFont(builtinSoundFont())), { backend: "js" });
const wasm = wasmBackendStatus().available;
if (!wasm) console.warn(`Skipping 'serve --backend wasm': ${wasmBackendStatus().reason}`);

describe.skipIf(!wasm)("meltysynth serve --backend wasm", () => {
  let server: Server;
  beforeAll(async () => {
    server = await startServer(["--fonts", builtinFontFolder(), "--concurrency", "1", "--backend", "wasm"]);
  });
  afterAll(async () => {
    await server?.child.kill();
  });

  it("says which backend its threads run and renders the bits the JavaScript backend gives", async () => {
    expect(server.child.lines.join("\n")).toMatch(/1 render thread on the wasm backend/);
    const response = await fetch(`${server.url}/render?font=builtin.sf2`, { method: "POST", body: song });
    expect(response.status).toBe(200);
    expect(Buffer.compare(new Uint8Array(await response.arrayBuffer()), expected)).toBe(0);
  });
});

describe("a backend that cannot run", () => {
  it.each([["serve", "--fonts"], ["worker", "--queue", "redis://127.0.0.1:1", "--fonts"]])(
    "makes '%s' refuse to start, saying why",
    async (...args) => {
      const child = meltysynth([...args, builtinFontFolder(), "--backend", "wasm"], { MELTYSYNTH_BACKEND: "js" });
      expect((await child.exited).code).toBe(1);
      expect(child.lines.join("\n")).toMatch(/the wasm backend is not available: disabled by MELTYSYNTH_BACKEND=js/);
    },
  );
});
