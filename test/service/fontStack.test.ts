// The render service's `font` naming a stack of its fonts: GM.sf2,kits.sf2@128 plays as one font.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { builtinSoundFont, writeSoundFont } from "../../lib/io/index.js";
import { fontPart } from "../fontParts.js";
import { shortSong } from "../io/songs.js";
import { startServer, type Server } from "./processes.js";

const song = shortSong(3);

describe("meltysynth serve: a stack of fonts", () => {
  let server: Server;
  beforeAll(async () => {
    const folder = mkdtempSync(path.join(tmpdir(), "meltysynth-fonts-"));
    const whole = builtinSoundFont();
    writeFileSync(path.join(folder, "whole.sf2"), writeSoundFont(whole));
    writeFileSync(path.join(folder, "melodic.sf2"), writeSoundFont(fontPart(whole, (bank) => bank < 128)));
    writeFileSync(path.join(folder, "kits.sf2"), writeSoundFont(fontPart(whole, (bank) => bank >= 128, -128)));
    server = await startServer(["--fonts", folder, "--concurrency", "1"]);
  });
  afterAll(async () => {
    await server?.child.kill();
  });

  const render = async (font: string): Promise<Response> => fetch(`${server.url}/render?font=${encodeURIComponent(font)}`, { method: "POST", body: song });

  it("renders melodic.sf2,kits.sf2@128 as the whole font, again from the thread's kept stack", async () => {
    const whole = new Uint8Array(await (await render("whole.sf2")).arrayBuffer());
    for (let i = 0; i < 2; i++) {
      const response = await render("melodic.sf2,kits.sf2@128");
      expect(response.status).toBe(200);
      expect(Buffer.compare(new Uint8Array(await response.arrayBuffer()), whole)).toBe(0);
    }
  });

  it.each([
    ["melodic.sf2,nope.sf2", /^font: unknown font 'nope\.sf2'/],
    ["melodic.sf2,,kits.sf2", /^font: one font's name, or up to 8/],
    [Array(9).fill("kits.sf2").join(","), /^font: one font's name, or up to 8/],
    ["kits.sf2@-1", /^font: kits\.sf2: bankOffset must be a whole number/],
  ])("refuses font=%s with 400 and says why", async (font, message) => {
    const response = await render(font);
    expect(response.status).toBe(400);
    expect(((await response.json()) as { error: string }).error).toMatch(message);
  });
});
