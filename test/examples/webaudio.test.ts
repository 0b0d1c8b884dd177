import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { builtinSoundFont } from "../../lib/builtin/builtinSoundFont.js";
import { generateDemoSong } from "../../lib/builtin/generateDemoSong.js";
import { MidiFile, MidiFileSequencer } from "../../lib/midi/index.js";
import { Synthesizer } from "../../lib/synth/Synthesizer.js";
import { compare, describeComparison } from "../fixtures.js";
import "../built.js";

const chromium = ["/usr/bin/chromium", "/usr/bin/chromium-browser"].find((file) => existsSync(file));
if (chromium === undefined) {
  console.warn("Skipping the Web Audio example's test: Chromium is absent (apt-get install -y chromium).");
}

const root = fileURLToPath(new URL("../../", import.meta.url));
const types: Record<string, string> = { ".html": "text/html", ".js": "text/javascript", ".mjs": "text/javascript" };
const seconds = 3;

/** What the page posted back: the rendered samples, or the error it met. */
let deliver: (result: Buffer | Error) => void;
const result = new Promise<Buffer | Error>((resolve) => (deliver = resolve));

// Serves the repository's files to the page (ES modules and worklets need http, not file:),
// and receives the page's result.
let server: Server;

beforeAll(async () => {
  server = createServer((request, response) => {
    const url = new URL(request.url ?? "/", "http://localhost");
    if (request.method === "POST") {
      const chunks: Buffer[] = [];
      request.on("data", (chunk: Buffer) => chunks.push(chunk));
      request.on("end", () => {
        const body = Buffer.concat(chunks);
        deliver(url.pathname === "/result" ? body : new Error(`the page failed: ${body.toString()}`));
        response.end();
      });
      return;
    }
    const file = path.join(root, path.normalize(decodeURIComponent(url.pathname)));
    if (!file.startsWith(root) || !existsSync(file)) {
      response.writeHead(404).end();
      return;
    }
    response.writeHead(200, { "content-type": types[path.extname(file)] ?? "application/octet-stream" });
    response.end(readFileSync(file));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe.skipIf(chromium === undefined)("the Web Audio example", () => {
  it("plays the demo song in an AudioWorklet as the engine renders it in Node", async () => {
    const { port } = server.address() as AddressInfo;
    const profile = mkdtempSync(path.join(tmpdir(), "meltysynth-chromium-"));
    const browser = spawn(
      chromium!,
      [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        `--user-data-dir=${profile}`,
        `http://127.0.0.1:${port}/test/examples/webaudio-selftest.html?seconds=${seconds}`,
      ],
      { stdio: "ignore" },
    );
    const exit = new Promise<number | null>((resolve) => browser.once("exit", resolve));
    const exited = exit.then((code) => new Error(`Chromium exited (code ${code}) before the page answered`));
    const timeout = new Promise<Error>((resolve) => setTimeout(() => resolve(new Error("the page did not answer in 60 s")), 60_000));
    let answer: Buffer | Error;
    try {
      answer = await Promise.race([result, exited, timeout]);
    } finally {
      browser.kill();
      // Chromium writes its profile until it has exited, and its helper processes may outlive
      // it by a moment; a profile left in the temporary folder is not worth failing the test.
      await exit;
      try {
        rmSync(profile, { recursive: true, force: true, maxRetries: 10, retryDelay: 200 });
      } catch (error) {
        console.warn(`Could not remove the Chromium profile ${profile}: ${String(error)}`);
      }
    }
    if (answer instanceof Error) throw answer;

    const browserRender = new Float32Array(answer.buffer.slice(answer.byteOffset, answer.byteOffset + answer.byteLength));
    const sequencer = new MidiFileSequencer(new Synthesizer(builtinSoundFont(), { sampleRate: 44100, backend: "js" }));
    sequencer.play(new MidiFile(generateDemoSong()), false);
    const nodeRender = new Float32Array(2 * seconds * 44100);
    sequencer.renderInterleaved(nodeRender);

    const comparison = compare(nodeRender, browserRender);
    console.log(describeComparison("Web Audio worklet vs Node", comparison));
    expect(comparison.snr).toBeGreaterThan(100);
  });
});
