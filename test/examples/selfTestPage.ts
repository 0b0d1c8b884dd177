/**
 * Runs a self-test page of the examples in headless Chromium: serves the repository's files (ES
 * modules and worklets need http, not file:) and any extra files, opens the page, and returns
 * what the page posts back to /result (or throws what it posts to another path).
 */
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import type { Readable, Writable } from "node:stream";
import { fileURLToPath } from "node:url";
import { requirement } from "../requirements.js";
import { DevToolsPipe } from "./DevToolsPipe.js";

/** Debian's Chromium, where it is installed. MELTYSYNTH_REQUIRE_CHROMIUM=1 (CI) makes it a must. */
export const chromium = ["/usr/bin/chromium", "/usr/bin/chromium-browser"].find((file) => existsSync(file));
requirement("MELTYSYNTH_REQUIRE_CHROMIUM", chromium === undefined ? "Chromium is absent (apt-get install -y chromium)" : null);

const root = fileURLToPath(new URL("../../", import.meta.url));
const types: Record<string, string> = {
  ".html": "text/html",
  ".js": "text/javascript",
  ".mjs": "text/javascript",
  ".wasm": "application/wasm",
};

/** What a test does with the page once it has answered, before the browser is closed. */
export type Inspect = (devtools: DevToolsPipe, sessionId: string) => Promise<void>;

/**
 * @param page the page's path and query, from the repository's root
 * @param extraFiles files served outside the repository: URL path to file
 * @param inspect called once the page has answered, with the DevTools protocol attached to it
 */
export async function runSelfTestPage(page: string, extraFiles: Record<string, string> = {}, inspect?: Inspect): Promise<Buffer> {
  if (chromium === undefined) throw new Error("Chromium is absent (apt-get install -y chromium)");
  let deliver: (result: Buffer | Error) => void = () => {};
  const result = new Promise<Buffer | Error>((resolve) => (deliver = resolve));
  const server = createServer((request, response) => {
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
    const extra = extraFiles[url.pathname];
    const file = extra ?? path.join(root, path.normalize(decodeURIComponent(url.pathname)));
    if (!(extra !== undefined || file.startsWith(root)) || !existsSync(file)) {
      response.writeHead(404).end();
      return;
    }
    response.writeHead(200, { "content-type": types[path.extname(file)] ?? "application/octet-stream" });
    response.end(readFileSync(file));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  const profile = mkdtempSync(path.join(tmpdir(), "meltysynth-chromium-"));
  const browser = spawn(
    chromium,
    [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
      // A real-time AudioContext starts without a click.
      "--autoplay-policy=no-user-gesture-required",
      `--user-data-dir=${profile}`,
      // What a screenshot shows: the page at a common laptop's width, all of it.
      "--window-size=1024,1280",
      ...(inspect === undefined ? [] : ["--remote-debugging-pipe"]),
      `http://127.0.0.1:${port}/${page}`,
    ],
    // A process group of its own, so that its helper processes end with it. The DevTools pipe
    // is the browser's file descriptors 3 (commands) and 4 (answers).
    { stdio: inspect === undefined ? "ignore" : ["ignore", "ignore", "ignore", "pipe", "pipe"], detached: true },
  );
  const devtools = inspect === undefined ? undefined : new DevToolsPipe(browser.stdio[3] as Writable, browser.stdio[4] as Readable);
  const exit = new Promise<number | null>((resolve) => browser.once("exit", resolve));
  const exited = exit.then((code) => new Error(`Chromium exited (code ${code}) before the page answered`));
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<Error>((resolve) => {
    timer = setTimeout(() => resolve(new Error("the page did not answer in 60 s")), 60_000);
  });
  let answer: Buffer | Error;
  try {
    answer = await Promise.race([result, exited, timeout]);
    if (devtools !== undefined && !(answer instanceof Error)) {
      const inspected = (async () => inspect!(devtools, await devtools.attachToPage()))();
      const failed = await Promise.race([inspected.then(() => null), exited, timeout]);
      if (failed !== null) throw failed;
    }
  } finally {
    clearTimeout(timer);
    try {
      if (browser.pid !== undefined) process.kill(-browser.pid, "SIGTERM");
    } catch {
      // The group has already gone.
    }
    // Chromium writes its profile until it has exited, and its helper processes may outlive it
    // by a moment; a profile left in the temporary folder is not worth failing the test.
    await exit;
    try {
      rmSync(profile, { recursive: true, force: true, maxRetries: 10, retryDelay: 200 });
    } catch (error) {
      console.warn(`Could not remove the Chromium profile ${profile}: ${String(error)}`);
    }
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
  if (answer instanceof Error) throw answer;
  return answer;
}
