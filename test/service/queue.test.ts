import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MidiFile, renderToWav, SoundFont, type RenderOptions } from "../../lib/io/index.js";
import { fixture, hasFixtures } from "../fixtures.js";
import { meltysynth, RedisServer, redisMissing, sharedFontFolder, startServer, type Child, type Server } from "./processes.js";

const noRedis = redisMissing("the queue tests");

const songs = ["5432gone_redfarn.mid", "slow_neasy_redfarn.mid", "boogi_marabi_redfarn.mid"];

interface JobSpec {
  song: string;
  query: string;
  options: RenderOptions;
}

/** Two long jobs, for a worker to be killed in the middle of. */
const longJobs: JobSpec[] = [
  { song: songs[2], query: "end=40", options: { end: 40 } },
  { song: songs[1], query: "format=f32&end=30", options: { format: "f32", end: 30 } },
];

/** Short ones: the shared songs cut to a few seconds, in several formats. */
const shortJobs: JobSpec[] = Array.from({ length: 38 }, (_, i) => {
  const variants: Omit<JobSpec, "song">[] = [
    { query: "end=3", options: { end: 3 } },
    { query: "format=s24&end=4&tail=1", options: { format: "s24", end: 4, tail: 1 } },
    { query: "format=f32&start=5&end=8&gain=-3", options: { format: "f32", start: 5, end: 8, gain: -3 } },
    { query: "channels=1&end=2", options: { channels: 1, end: 2 } },
  ];
  return { song: songs[i % 3], ...variants[i % variants.length] };
});

describe.skipIf(!hasFixtures || noRedis !== null)("meltysynth serve --queue and meltysynth worker, on one Redis", () => {
  let redis: RedisServer;
  let server: Server;
  let fonts: string;
  const children: Child[] = [];
  let soundFont: SoundFont;
  const expected = new Map<string, Uint8Array>();
  const midi = new Map<string, Uint8Array>();

  function startWorker(): Child {
    const worker = meltysynth(["worker", "--queue", redis.url, "--fonts", fonts, "--concurrency", "1"]);
    children.push(worker);
    return worker;
  }

  function expectedAudio(job: JobSpec): Uint8Array {
    return expected.get(`${job.song}?${job.query}`)!;
  }

  async function submit(job: JobSpec): Promise<string> {
    const answer = await fetch(`${server.url}/jobs?font=TimGM6mb.sf2&${job.query}`, { method: "POST", body: midi.get(job.song)! });
    expect(answer.status).toBe(202);
    return ((await answer.json()) as { id: string }).id;
  }

  beforeAll(async () => {
    soundFont = SoundFont.fromFile(fixture("soundfonts", "TimGM6mb.sf2"));
    for (const song of songs) midi.set(song, readFileSync(fixture("midi", song)));
    // Rendered before any connection is open: a long render between two requests would let the
    // server close the idle connection under the client's feet.
    for (const job of [...longJobs, ...shortJobs]) {
      const key = `${job.song}?${job.query}`;
      if (!expected.has(key)) expected.set(key, renderToWav(new MidiFile(midi.get(job.song)!), soundFont, job.options));
    }
    fonts = sharedFontFolder();
    redis = await RedisServer.start();
    server = await startServer(["--fonts", fonts, "--queue", redis.url]);
    children.push(server.child);
  });
  afterAll(async () => {
    await Promise.all(children.map((child) => child.kill()));
    await redis?.stop();
  });

  it("completes 40 jobs exactly once with the right bytes, through a worker killed in a job and a Redis restart", async () => {
    const [doomed, survivor] = [startWorker(), startWorker()];
    await Promise.all([doomed, survivor].map((worker) => worker.waitFor(/taking jobs from/)));
    const ids = new Map<string, JobSpec>();
    for (const job of longJobs) ids.set(await submit(job), job);
    // Only long jobs are on the queue yet: whichever the doomed worker took, it is in the middle of it.
    const [, killedJob] = await doomed.waitFor(/job (\S+) started/);
    await doomed.kill("SIGKILL");
    for (const job of shortJobs) ids.set(await submit(job), job);

    const doneLines = (worker: Child) => worker.lines.filter((line) => /job \S+ done:/.test(line)).length;
    const deadline = performance.now() + 120_000;
    while (doneLines(survivor) < 5) {
      expect(performance.now(), "the surviving worker did not get going").toBeLessThan(deadline);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    await redis.restart();
    const doneBeforeRestart = doneLines(survivor);

    // Every job finishes; while Redis restarts, a status may fail, which only means "ask again".
    const pending = new Set(ids.keys());
    while (pending.size > 0) {
      expect(performance.now(), `jobs still pending: ${[...pending].join(", ")}`).toBeLessThan(deadline + 60_000);
      for (const id of [...pending]) {
        const answer = await fetch(`${server.url}/jobs/${id}`).catch(() => undefined);
        if (answer?.status !== 200) continue;
        const status = (await answer.json()) as { state: string; error?: string };
        expect(status.state, status.error).not.toBe("failed");
        if (status.state === "done") pending.delete(id);
      }
      await new Promise((resolve) => setTimeout(resolve, 250));
    }

    for (const [id, job] of ids) {
      const answer = await fetch(`${server.url}/jobs/${id}/audio`);
      expect(answer.status, id).toBe(200);
      expect(Buffer.compare(new Uint8Array(await answer.arrayBuffer()), expectedAudio(job)), `${id}: ${job.song}?${job.query}`).toBe(0);
    }
    // Exactly once: each job completed by one worker, one time; the killed one by the survivor, again.
    const lines = [...doomed.lines, ...survivor.lines];
    for (const id of ids.keys()) {
      expect(lines.filter((line) => line.includes(`job ${id} done:`)).length, id).toBe(1);
    }
    expect(doomed.lines.some((line) => line.includes(`job ${killedJob} done:`))).toBe(false);
    expect(survivor.lines.some((line) => new RegExp(`job ${killedJob} started again \\(0 failed attempts, 1 stalls\\)`).test(line))).toBe(true);
    // The killed job's lock outlived the restart: the survivor reconnected and took it.
    expect(doneLines(survivor)).toBeGreaterThan(doneBeforeRestart);
    expect(survivor.running).toBe(true);
  });

  it("answers POST /render through the queue, refuses a bad request before queueing it, and does not retry a refused render", async () => {
    const worker = children.find((child) => child !== server.child && child.running) ?? startWorker();
    await worker.waitFor(/taking jobs from/);
    const renders = shortJobs.slice(0, 4);
    const answers = await Promise.all(
      renders.map((job) => fetch(`${server.url}/render?font=TimGM6mb.sf2&${job.query}`, { method: "POST", body: midi.get(job.song)! })),
    );
    for (const [i, answer] of answers.entries()) {
      expect(answer.status).toBe(200);
      expect(Buffer.compare(new Uint8Array(await answer.arrayBuffer()), expectedAudio(renders[i]))).toBe(0);
    }

    const started = () => worker.lines.filter((line) => / started/.test(line)).length;
    const before = started();
    const badFont = await fetch(`${server.url}/render?font=../TimGM6mb.sf2`, { method: "POST", body: midi.get(songs[0])! });
    expect(badFont.status).toBe(400);
    expect(started()).toBe(before);

    // A second server on the same queue, whose time limit no render can meet: the worker fails
    // the job once, and it is not tried again.
    const strict = await startServer(["--fonts", fonts, "--queue", redis.url, "--max-render-seconds", "0.001"]);
    children.push(strict.child);
    const refused = await fetch(`${strict.url}/render?font=TimGM6mb.sf2&end=20`, { method: "POST", body: midi.get(songs[0])! });
    expect(refused.status).toBe(422);
    expect(((await refused.json()) as { error: string }).error).toMatch(/^the render took longer than this service's limit of 0.001 s/);
    await new Promise((resolve) => setTimeout(resolve, 3000));
    expect(started()).toBe(before + 1);
    expect(worker.lines.filter((line) => / failed \(422\): the render took longer/.test(line)).length).toBe(1);
  });

  it("a worker stops on SIGTERM once its running job is done, and exits 0", async () => {
    const worker = children.find((child) => child !== server.child && child.running && child.lines.some((l) => l.includes("worker: taking jobs")));
    expect(worker).toBeDefined();
    worker!.process.kill("SIGTERM");
    expect(await worker!.exited).toEqual({ code: 0, signal: null });
    expect(worker!.lines).toContain("meltysynth worker: stopped");
  });
});
