// @ts-check
/**
 * The browser line: slow_neasy with the bench's settings rendered in headless Chromium on the
 * wasm and JavaScript backends, each render in a fresh browser, the two alternated, and the
 * realtime factors (audio seconds per wall second of the render loop) with their ratio. The page
 * (browserPage.mjs) is bundled with esbuild as an app would be; the package's wasm file is
 * served where the bundle's URL for it points. Prints one line per render, then one JSON line;
 * without Chromium, the JSON line says why there are no figures.
 *
 * Usage: node bench/browser.mjs [runs]
 */
import { execFileSync, spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import { loadEngine } from "./engine.mjs";
import { median } from "./report.mjs";
import { BLOCK_SIZE, FONT, POLYPHONY, SAMPLE_RATE, TARGET_SONG, framesToRender, songById } from "./songs.mjs";

const RENDER_TIMEOUT_MS = 180_000;
const root = fileURLToPath(new URL("..", import.meta.url));
const runs = Number(process.argv[2] ?? 3);
const chromium = ["/usr/bin/chromium", "/usr/bin/chromium-browser"].find((file) => existsSync(file));
if (chromium === undefined) {
  console.log(JSON.stringify({ unavailable: "Chromium is absent (Debian: apt-get install -y chromium)" }));
  process.exit(0);
}

const song = songById(TARGET_SONG);
const songFile = /** @type {string} */ (song.file);
const { MidiFile } = await loadEngine();
const frames = framesToRender(song, new MidiFile(readFileSync(songFile)).length);
const settings = { sampleRate: SAMPLE_RATE, blockSize: BLOCK_SIZE, maximumPolyphony: POLYPHONY, enableReverbAndChorus: song.effects };

const work = mkdtempSync(path.join(os.tmpdir(), "meltysynth-browser-bench-"));
/** @type {Record<string, { file: string, type: string }>} */
const files = {
  "/bench/index.html": { file: path.join(work, "index.html"), type: "text/html" },
  "/bench/js/app.js": { file: path.join(work, "app.js"), type: "text/javascript" },
  // Where the bundle's new URL("../../wasm/meltysynth.wasm", import.meta.url) points.
  "/wasm/meltysynth.wasm": { file: path.join(root, "wasm/meltysynth.wasm"), type: "application/wasm" },
  "/font.sf2": { file: FONT, type: "application/octet-stream" },
  "/song.mid": { file: songFile, type: "audio/midi" },
};

/** @type {(answer: { path: string, body: string }) => void} */
let deliver = () => {};
const server = createServer((request, response) => {
  const url = new URL(request.url ?? "/", "http://localhost");
  if (request.method === "POST") {
    let body = "";
    request.on("data", (chunk) => (body += chunk));
    request.on("end", () => {
      response.end();
      deliver({ path: url.pathname, body });
    });
    return;
  }
  const served = files[url.pathname];
  if (served === undefined) return void response.writeHead(404).end();
  response.writeHead(200, { "content-type": served.type }).end(readFileSync(served.file));
});

try {
  await build({
    entryPoints: [fileURLToPath(new URL("browserPage.mjs", import.meta.url))],
    bundle: true,
    platform: "browser",
    format: "esm",
    outfile: files["/bench/js/app.js"].file,
    logLevel: "warning",
  });
  writeFileSync(files["/bench/index.html"].file, '<!doctype html><meta charset="utf-8"><script type="module" src="js/app.js"></script>');
  await new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve(undefined)));
  const { port } = /** @type {import("node:net").AddressInfo} */ (server.address());

  /** @type {Record<"wasm" | "js", number[]>} */
  const realtime = { wasm: [], js: [] };
  for (let run = 0; run < runs; run++) {
    for (const backend of /** @type {const} */ (run % 2 === 0 ? ["wasm", "js"] : ["js", "wasm"])) {
      const result = await renderInChromium(port, backend);
      if (result.backend !== backend) throw new Error(`the page rendered on ${result.backend}, not ${backend}`);
      realtime[backend].push(result.audioSeconds / (result.wallMs / 1000));
      console.log(`${backend} ${realtime[backend].at(-1)?.toFixed(1)}x real time`);
    }
  }
  const wasm = median(realtime.wasm);
  const js = median(realtime.js);
  console.log(JSON.stringify({ song: TARGET_SONG, browser: chromiumVersion(), runs, wasm, js, wasmOverJs: wasm / js }));
} finally {
  server.close();
  rmSync(work, { recursive: true, force: true });
}

/**
 * One render in a fresh headless Chromium.
 * @param {number} port
 * @param {"wasm" | "js"} backend
 * @returns {Promise<{ backend: string, audioSeconds: number, wallMs: number }>}
 */
async function renderInChromium(port, backend) {
  const profile = mkdtempSync(path.join(os.tmpdir(), "meltysynth-chromium-"));
  const answer = new Promise((resolve) => (deliver = resolve));
  const query = encodeURIComponent(JSON.stringify({ backend, frames, settings }));
  const browser = spawn(
    /** @type {string} */ (chromium),
    ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
      "--disable-sync", "--no-first-run", `--user-data-dir=${profile}`, `http://127.0.0.1:${port}/bench/index.html?render=${query}`],
    { stdio: "ignore" },
  );
  const exited = new Promise((resolve) => browser.once("exit", resolve));
  /** @type {NodeJS.Timeout | undefined} */
  let timer;
  const timeout = new Promise((resolve) => (timer = setTimeout(() => resolve({ path: "/error", body: `no answer in ${RENDER_TIMEOUT_MS / 1000} s` }), RENDER_TIMEOUT_MS)));
  try {
    const first = /** @type {{ path: string, body: string } | number | null} */ (await Promise.race([answer, exited, timeout]));
    if (first === null || typeof first === "number") throw new Error(`Chromium exited (code ${first}) before the page answered`);
    if (first.path !== "/result") throw new Error(`the page failed: ${first.body}`);
    return JSON.parse(first.body);
  } finally {
    clearTimeout(timer);
    browser.kill();
    await exited;
    // Chromium's helper processes may write the profile a moment after it has exited: a profile
    // left in the temporary folder is not worth failing the bench.
    try {
      rmSync(profile, { recursive: true, force: true, maxRetries: 10, retryDelay: 200 });
    } catch (error) {
      console.error(`Could not remove the Chromium profile ${profile}: ${String(error)}`);
    }
  }
}

function chromiumVersion() {
  return execFileSync(/** @type {string} */ (chromium), ["--version"], { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).trim();
}
