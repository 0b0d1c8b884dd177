import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { PNG } from "pngjs";
import { describe, expect, it } from "vitest";
import "../built.js";
import { chromium, runSelfTestPage } from "../examples/selfTestPage.js";

if (chromium === undefined) console.warn("Skipping the player page's test: Chromium is absent (apt-get install -y chromium).");

// Where the screenshot is kept for a person to look at (ignored by git).
const artifacts = fileURLToPath(new URL("../../test-artifacts/", import.meta.url));

interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** What the page shows at the moment of a screenshot, read from its DOM. */
interface Shown {
  status: string;
  engine: string;
  statusBox: Box;
  engineBox: Box;
  /** The meters of the channels that hold notes. */
  meterBoxes: Box[];
  viewport: [number, number];
  scale: number;
}

const readShown = `(() => {
  const box = (id) => { const r = document.getElementById(id).getBoundingClientRect(); return { x: r.x, y: r.y, width: r.width, height: r.height }; };
  return {
    status: document.getElementById("status").textContent,
    engine: document.getElementById("engine").textContent,
    statusBox: box("status"),
    engineBox: box("engine"),
    meterBoxes: [...document.querySelectorAll("#channels tr")]
      .filter((row) => Number(row.querySelector(".held").textContent) > 0)
      .map((row) => { const r = row.querySelector(".meter").getBoundingClientRect(); return { x: r.x, y: r.y, width: r.width, height: r.height }; }),
    viewport: [innerWidth, innerHeight],
    scale: devicePixelRatio,
  };
})()`;

/** The pixels of `box` (CSS pixels, at `scale` image pixels each) as RGB triples. */
function pixelsIn(image: PNG, box: Box, scale: number): [number, number, number][] {
  const pixels: [number, number, number][] = [];
  const x0 = Math.max(0, Math.floor(box.x * scale));
  const y0 = Math.max(0, Math.floor(box.y * scale));
  const x1 = Math.min(image.width, Math.ceil((box.x + box.width) * scale));
  const y1 = Math.min(image.height, Math.ceil((box.y + box.height) * scale));
  for (let y = y0; y < y1; y++) {
    for (let x = x0; x < x1; x++) {
      const i = 4 * (y * image.width + x);
      pixels.push([image.data[i], image.data[i + 1], image.data[i + 2]]);
    }
  }
  return pixels;
}

// Text drawn dark on the page's white: pixels well away from white.
const isInk = ([r, g, b]: [number, number, number]): boolean => r + g + b < 3 * 128;
// The meters' colour, #06c, give or take the edges' blending.
const isMeter = ([r, g, b]: [number, number, number]): boolean => r < 30 && Math.abs(g - 102) < 20 && Math.abs(b - 204) < 20;

describe.skipIf(chromium === undefined)("examples/player", () => {
  it("loads the built-in SoundFont, plays the demo song in a real-time context, and names its backend, in its state and on screen", async () => {
    const screenshots: { png: Buffer; shown: Shown }[] = [];
    const answer = await runSelfTestPage("examples/player/index.html?selftest", {}, async (devtools, session) => {
      // A few moments of the song: the meters follow the notes held, which come and go.
      for (let i = 0; i < 4; i++) {
        const shown = (await devtools.evaluate(session, readShown)) as Shown;
        screenshots.push({ png: await devtools.captureScreenshot(session), shown });
        await new Promise((resolve) => setTimeout(resolve, 150));
      }
    });
    const shown = JSON.parse(answer.toString());
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

    mkdirSync(artifacts, { recursive: true });
    const file = path.join(artifacts, "player-page.png");
    writeFileSync(file, screenshots[0].png);
    console.log(`the page's screenshot: ${file}`);

    let meterSeen = false;
    for (const { png, shown: onScreen } of screenshots) {
      const image = PNG.sync.read(png);
      expect([image.width, image.height]).toEqual(onScreen.viewport.map((length) => Math.round(length * onScreen.scale)));
      // The page was drawn: not one colour, and a good part of it ink.
      const all = pixelsIn(image, { x: 0, y: 0, width: image.width, height: image.height }, 1);
      expect(all.filter(isInk).length).toBeGreaterThan(all.length / 200);
      // The status lines say it plays and name the backend, and are drawn where the DOM puts them.
      expect(onScreen.status).toBe("Playing.");
      expect(onScreen.engine).toMatch(/^Backend: wasm; /);
      const status = pixelsIn(image, onScreen.statusBox, onScreen.scale);
      const engine = pixelsIn(image, onScreen.engineBox, onScreen.scale);
      expect(status.length).toBeGreaterThan(0);
      expect(status.filter(isInk).length).toBeGreaterThan(status.length / 100);
      expect(status.some((pixel) => !isInk(pixel))).toBe(true);
      // The engine line is far longer than "Playing.": more ink.
      expect(engine.filter(isInk).length).toBeGreaterThan(2 * status.filter(isInk).length);
      // Each channel that holds notes shows its meter: the meter's box is mostly its colour.
      for (const box of onScreen.meterBoxes) {
        const meter = pixelsIn(image, box, onScreen.scale);
        expect(meter.filter(isMeter).length).toBeGreaterThan(meter.length / 2);
        meterSeen = true;
      }
    }
    // At least one moment had notes held.
    expect(meterSeen).toBe(true);
  });
});
