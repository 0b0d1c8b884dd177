import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SoundFont, Synthesizer } from "../../lib/io/index.js";
import { compare, describeComparison, fixture } from "../fixtures.js";
import "../built.js";

const chromium = ["/usr/bin/chromium", "/usr/bin/chromium-browser"].find((file) => existsSync(file));
const sf3 = fixture("soundfonts", "TimGM6mb.sf3");
if (chromium === undefined) console.warn("Skipping the browser SF3 test: Chromium is absent (apt-get install -y chromium).");
else if (!existsSync(sf3)) console.warn(`Skipping the browser SF3 test: ${sf3} is absent (the shared fixtures are not beside the clone).`);

const root = fileURLToPath(new URL("../../", import.meta.url));
const types: Record<string, string> = { ".html": "text/html", ".js": "text/javascript", ".mjs": "text/javascript" };

let deliver: (result: Buffer | Error) => void;
const result = new Promise<Buffer | Error>((resolve) => (deliver = resolve));
let server: Server;

beforeAll(async () => {
  // The repository's files, the fixture at /fixtures/TimGM6mb.sf3, and the page's answer.
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
    const file = url.pathname === "/fixtures/TimGM6mb.sf3" ? sf3 : path.join(root, path.normalize(decodeURIComponent(url.pathname)));
    if (!(file === sf3 || file.startsWith(root)) || !existsSync(file)) {
      response.writeHead(404).end();
      return;
    }
    response.writeHead(200, { "content-type": types[path.extname(file)] ?? "application/octet-stream" });
    response.end(readFileSync(file));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe.skipIf(chromium === undefined || !existsSync(sf3))("SF3 in the browser entry", () => {
  it("SoundFont.load decodes TimGM6mb.sf3 in Chromium as Node does", async () => {
    const { port } = server.address() as AddressInfo;
    const profile = mkdtempSync(path.join(tmpdir(), "meltysynth-chromium-"));
    const browser = spawn(
      chromium!,
      ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
        `--user-data-dir=${profile}`, `http://127.0.0.1:${port}/test/examples/sf3-selftest.html`],
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
      await exit;
      try {
        rmSync(profile, { recursive: true, force: true, maxRetries: 10, retryDelay: 200 });
      } catch (error) {
        console.warn(`Could not remove the Chromium profile ${profile}: ${String(error)}`);
      }
    }
    if (answer instanceof Error) throw answer;

    const browserRender = new Float32Array(answer.buffer.slice(answer.byteOffset, answer.byteOffset + answer.byteLength));
    const synthesizer = new Synthesizer(SoundFont.fromFile(sf3), { sampleRate: 44100, backend: "js" });
    for (const key of [60, 64, 67]) synthesizer.noteOn(0, key, 100);
    const nodeRender = new Float32Array(2 * 44100);
    synthesizer.renderInterleaved(nodeRender);
    const comparison = compare(nodeRender, browserRender);
    console.log(describeComparison("SF3 chord, Chromium vs Node", comparison));
    expect(comparison.snr).toBeGreaterThan(100);
  });
});
