import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fixture, hasFixtures } from "../fixtures.js";
import { meltysynth, RedisServer, redisMissing, sharedFontFolder, startServer, type Child, type Server } from "./processes.js";

const MB = 1024 * 1024;
const renders = 1500;
// On the JavaScript backend the service's V8 heap is still growing to its size at 500 renders
// (147 to 193 MiB from 500 to 1,000, then 187 to 194 MiB from 1,000 to 2,000): measured from
// there, that growth read as a leak.
const warmUp = 1000;
// Before synthesizers were freed, the service grew about 0.7 MB a render: 350 MB over these 500.
const allowedGrowth = 40 * MB;

/** A process's resident memory, from Linux's /proc. */
function residentBytes(child: Child): number {
  const status = readFileSync(`/proc/${child.process.pid}/status`, "utf8");
  return Number(/VmRSS:\s+(\d+) kB/.exec(status)![1]) * 1024;
}

/**
 * POSTs the same short render `renders` times, two at a time, and reads `process`'s resident
 * memory after the warm-up and at the end.
 */
async function soak(url: string, process: Child): Promise<{ warm: number; end: number }> {
  const midi = readFileSync(fixture("midi", "5432gone_redfarn.mid"));
  let warm = 0;
  let sent = 0;
  const client = async (): Promise<void> => {
    while (sent < renders) {
      sent++;
      const answer = await fetch(`${url}/render?font=TimGM6mb.sf2&end=1&tail=0.1`, { method: "POST", body: midi });
      expect(answer.status, answer.status === 200 ? "" : await answer.text()).toBe(200);
      expect((await answer.arrayBuffer()).byteLength).toBeGreaterThan(44100 * 4);
      if (sent === warmUp) warm = residentBytes(process);
    }
  };
  await Promise.all([client(), client()]);
  return { warm, end: residentBytes(process) };
}

function report(what: string, { warm, end }: { warm: number; end: number }): void {
  console.log(`${what}: resident memory ${(warm / MB).toFixed(0)} MiB after ${warmUp} renders, ${(end / MB).toFixed(0)} MiB after ${renders}`);
}

describe.skipIf(!hasFixtures)("memory of the render service over 1,500 renders (TimGM6mb.sf2, 5432gone cut to 1 s)", () => {
  let server: Server | undefined;
  afterAll(async () => {
    await server?.child.kill();
  });

  it("meltysynth serve --concurrency 1 stays flat after the warm-up", async () => {
    server = await startServer(["--fonts", sharedFontFolder(), "--concurrency", "1"]);
    const memory = await soak(server.url, server.child);
    report("serve", memory);
    expect(memory.end - memory.warm).toBeLessThan(allowedGrowth);
  }, 300_000);
});

describe.skipIf(!hasFixtures || redisMissing("the queue worker's memory test") !== null)("memory of a queue worker over 1,500 jobs", () => {
  let redis: RedisServer;
  let server: Server;
  let worker: Child;
  beforeAll(async () => {
    const fonts = sharedFontFolder();
    redis = await RedisServer.start();
    server = await startServer(["--fonts", fonts, "--queue", redis.url]);
    worker = meltysynth(["worker", "--queue", redis.url, "--fonts", fonts, "--concurrency", "1"]);
    await worker.waitFor(/taking jobs from/);
  });
  afterAll(async () => {
    await Promise.all([server?.child.kill(), worker?.kill()]);
    await redis?.stop();
  });

  it("meltysynth worker --concurrency 1 stays flat after the warm-up", async () => {
    const memory = await soak(server.url, worker);
    report("worker", memory);
    expect(memory.end - memory.warm).toBeLessThan(allowedGrowth);
  }, 600_000);
});
