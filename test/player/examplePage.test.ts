import { describe, expect, it } from "vitest";
import "../built.js";
import { chromium, runSelfTestPage } from "../examples/selfTestPage.js";

if (chromium === undefined) console.warn("Skipping the player page's test: Chromium is absent (apt-get install -y chromium).");

describe.skipIf(chromium === undefined)("examples/player", () => {
  it("loads the built-in SoundFont, plays the demo song in a real-time context, and names its backend", async () => {
    const shown = JSON.parse((await runSelfTestPage("examples/player/index.html?selftest")).toString());
    console.log(`the page shows: ${shown.status} ${shown.engine} ${shown.time}`);
    expect(shown.status).toBe("Playing.");
    // Chromium compiles wasm SIMD, so 'auto' picks it.
    expect(shown.engine).toMatch(/^Backend: wasm; \d+ Hz; voices: \d+; audio thread load: [\d.]+%/);
    expect(shown.engine).toMatch(/underruns: \d+$/);
    // The song has moved on and is sounding: notes held, programs shown.
    expect(shown.position).toBeGreaterThan(0.5);
    expect(shown.time).toMatch(/^0:0[1-9] \/ 0:\d\d$/);
    expect(shown.notesHeld.reduce((a: number, b: number) => a + b, 0)).toBeGreaterThan(0);
    expect(shown.programs.filter((program: string) => program !== "-").length).toBeGreaterThan(0);
  });
});
