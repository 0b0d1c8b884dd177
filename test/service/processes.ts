import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { copyFileSync, mkdtempSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { builtinSoundFont, writeSoundFont } from "../../lib/io/index.js";
import { cliPath } from "../built.js";
import { fixture, hasFixtures } from "../fixtures.js";
import { requirement } from "../requirements.js";

/** A process of the tests: its stderr kept as lines, waited on, and killed at the end. */
export class Child {
  readonly lines: string[] = [];
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  private readonly listeners = new Set<() => void>();

  constructor(readonly process: ChildProcess) {
    let partial = "";
    const read = (chunk: Buffer): void => {
      const text = partial + chunk.toString();
      const lines = text.split("\n");
      partial = lines.pop() ?? "";
      this.lines.push(...lines);
      for (const listener of this.listeners) listener();
    };
    process.stderr?.on("data", read);
    process.stdout?.on("data", read);
    this.exited = new Promise((resolve) => process.on("exit", (code, signal) => resolve({ code, signal })));
  }

  /** Waits until a line matches (one already printed counts). */
  waitFor(pattern: RegExp, timeoutMs = 60_000): Promise<RegExpExecArray> {
    return new Promise((resolve, reject) => {
      const check = (): boolean => {
        for (const line of this.lines) {
          const match = pattern.exec(line);
          if (match) {
            this.listeners.delete(listener);
            clearTimeout(timer);
            resolve(match);
            return true;
          }
        }
        return false;
      };
      const listener = (): void => void check();
      const timer = setTimeout(() => {
        this.listeners.delete(listener);
        reject(new Error(`no line matched ${pattern} within ${timeoutMs} ms; the process printed:\n${this.lines.join("\n")}`));
      }, timeoutMs);
      this.listeners.add(listener);
      check();
      this.exited.then(() => setTimeout(() => {
        if (this.listeners.has(listener) && !check()) {
          this.listeners.delete(listener);
          clearTimeout(timer);
          reject(new Error(`the process exited before a line matched ${pattern}; it printed:\n${this.lines.join("\n")}`));
        }
      }, 100));
    });
  }

  get running(): boolean {
    return this.process.exitCode === null && this.process.signalCode === null;
  }

  /** Kills the process (SIGKILL unless told) and waits for it. */
  async kill(signal: NodeJS.Signals = "SIGKILL"): Promise<void> {
    if (this.running) this.process.kill(signal);
    await this.exited;
  }
}

/** Starts `meltysynth` with these arguments, as a user would. */
export function meltysynth(args: string[], env: NodeJS.ProcessEnv = {}): Child {
  const environment = { ...process.env, ...env };
  delete environment.DEBUG;
  return new Child(spawn(process.execPath, [cliPath, ...args], { env: environment, stdio: ["ignore", "pipe", "pipe"] }));
}

/** A running `meltysynth serve` and the address it listens on. */
export interface Server {
  child: Child;
  url: string;
}

/** Starts `meltysynth serve` on a free port and waits until /health answers. */
export async function startServer(args: string[], env: NodeJS.ProcessEnv = {}): Promise<Server> {
  const child = meltysynth(["serve", "--port", "0", ...args], env);
  const [, url] = await child.waitFor(/listening on (http:\/\/\S+) /);
  for (let attempt = 0; ; attempt++) {
    const health = await fetch(`${url}/health`).catch(() => undefined);
    if (health?.ok) break;
    if (attempt > 300) throw new Error(`${url}/health did not answer 200`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return { child, url };
}

/** A folder holding the built-in SoundFont as `builtin.sf2`. */
export function builtinFontFolder(): string {
  const folder = mkdtempSync(path.join(tmpdir(), "meltysynth-fonts-"));
  writeFileSync(path.join(folder, "builtin.sf2"), writeSoundFont(builtinSoundFont()));
  return folder;
}

/** A folder holding the shared TimGM6mb.sf2 (a copy: the fixtures folder holds other files). */
export function sharedFontFolder(): string {
  if (!hasFixtures) throw new Error("the shared fixtures are absent");
  const folder = mkdtempSync(path.join(tmpdir(), "meltysynth-fonts-"));
  copyFileSync(fixture("soundfonts", "TimGM6mb.sf2"), path.join(folder, "TimGM6mb.sf2"));
  return folder;
}

/** A TCP port that was free a moment ago. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** Where redis-server is, or undefined when it is not installed. */
export const redisServerPath: string | undefined = (() => {
  const found = spawnSync("sh", ["-c", "command -v redis-server"], { encoding: "utf8" });
  return found.status === 0 ? found.stdout.trim() : undefined;
})();

/**
 * Why `what`, which starts redis-server, cannot run here (said on the console), or null when it
 * can. With MELTYSYNTH_REQUIRE_REDIS=1 (CI) a missing redis-server throws instead.
 */
export function redisMissing(what: string): string | null {
  const missing = requirement(
    "MELTYSYNTH_REQUIRE_REDIS",
    redisServerPath === undefined ? "redis-server is not installed (Debian: apt-get install redis-server; CI installs it)" : null,
  );
  if (missing !== null) console.warn(`Skipping ${what}: ${missing}.`);
  return missing;
}

/**
 * A redis-server of the tests' own: a free 127.0.0.1 port, a temporary folder, an append-only
 * file so that a restart keeps the queue.
 */
export class RedisServer {
  private child: Child | undefined;
  private constructor(
    readonly port: number,
    private readonly dir: string,
  ) {}

  static async start(): Promise<RedisServer> {
    const redis = new RedisServer(await freePort(), mkdtempSync(path.join(tmpdir(), "meltysynth-redis-")));
    await redis.startProcess();
    return redis;
  }

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  /** Stops the server as an operator would (SIGTERM: it writes its data and exits), then starts it again. */
  async restart(): Promise<void> {
    await this.child?.kill("SIGTERM");
    await this.startProcess();
  }

  async stop(): Promise<void> {
    await this.child?.kill("SIGKILL");
  }

  private async startProcess(): Promise<void> {
    const args = ["--port", String(this.port), "--bind", "127.0.0.1", "--dir", this.dir, "--appendonly", "yes", "--save", "", "--daemonize", "no"];
    this.child = new Child(spawn(redisServerPath as string, args, { stdio: ["ignore", "pipe", "pipe"] }));
    await this.child.waitFor(/Ready to accept connections/, 30_000);
  }
}
