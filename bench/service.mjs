// @ts-check
/**
 * `npm run bench:service`: the render service under load, measured with autocannon against a
 * real `meltysynth serve` process (the built dist/, no Redis). Each request posts one song cut to
 * its first 5 seconds (5432gone_redfarn.mid on TimGM6mb.sf2 from the fixtures folder, else the
 * built-in demo song and font) and gets a 16-bit WAV back.
 *
 * 1. Requests per second and latency percentiles with 1, 4 and 16 clients at once, on a pool of
 *    one thread per CPU core.
 * 2. The pool's render throughput against its number of threads (1, 2, 4), each kept busy by
 *    twice as many clients: renders per second and seconds of audio rendered per second.
 *
 * Options: --duration S (seconds per measurement, default 10), --json for one JSON object per
 * measurement.
 */
import { spawn } from "node:child_process";
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { availableParallelism, tmpdir } from "node:os";
import path from "node:path";
import autocannon from "autocannon";
import { FIXTURES } from "./songs.mjs";

const json = process.argv.includes("--json");
const durationArgument = process.argv.indexOf("--duration");
const duration = durationArgument > 0 ? Number(process.argv[durationArgument + 1]) : 10;
if (!(duration > 0)) throw new Error("--duration takes a number of seconds");

const io = await import(new URL("../dist/io/index.js", import.meta.url).href);
const cli = new URL("../dist/cli/main.js", import.meta.url).pathname;
const fontPath = `${FIXTURES}soundfonts/TimGM6mb.sf2`;
const songPath = `${FIXTURES}midi/5432gone_redfarn.mid`;
const fixtures = existsSync(fontPath) && existsSync(songPath);
const fonts = mkdtempSync(path.join(tmpdir(), "meltysynth-bench-fonts-"));
const fontName = fixtures ? "TimGM6mb.sf2" : "builtin.sf2";
if (fixtures) copyFileSync(fontPath, path.join(fonts, fontName));
else writeFileSync(path.join(fonts, fontName), io.writeSoundFont(io.builtinSoundFont()));
const song = fixtures ? new Uint8Array(readFileSync(songPath)) : io.generateDemoSong();
const songName = fixtures ? "5432gone_redfarn.mid (first 5 s) on TimGM6mb.sf2" : "the built-in demo song (first 5 s) and font";
const query = `font=${fontName}&end=5`;

/**
 * Starts `meltysynth serve` with `threads` render threads on a free port.
 * @returns {Promise<{ url: string, stop: () => Promise<void> }>}
 */
async function startServer(threads) {
  const child = spawn(process.execPath, [cli, "serve", "--fonts", fonts, "--port", "0", "--concurrency", String(threads)], {
    stdio: ["ignore", "ignore", "pipe"],
  });
  let log = "";
  const exited = new Promise((resolve) => child.on("exit", resolve));
  const url = await new Promise((resolve, reject) => {
    child.stderr.on("data", (data) => {
      log += data;
      const match = /listening on (http:\/\/\S+) /.exec(log);
      if (match) resolve(match[1]);
    });
    exited.then(() => reject(new Error(`meltysynth serve exited:\n${log}`)));
  });
  // The threads open the font as they start; a few renders bring them and the JIT up to speed.
  for (let i = 0; i < 2 * threads; i++) await render(url);
  return {
    url,
    stop: async () => {
      child.kill("SIGTERM");
      await exited;
    },
  };
}

/** One render, checked. @returns {Promise<number>} the seconds of audio it holds */
async function render(url) {
  const answer = await fetch(`${url}/render?${query}`, { method: "POST", body: song });
  const wav = Buffer.from(await answer.arrayBuffer());
  if (answer.status !== 200) throw new Error(`POST /render answered ${answer.status}: ${wav.toString()}`);
  const data = wav.indexOf("data");
  // 16-bit stereo at 44100 Hz: 4 bytes a frame.
  return wav.readUInt32LE(data + 4) / 4 / 44100;
}

/** autocannon against a server: `connections` clients posting the song for `duration` seconds. */
async function load(url, connections) {
  const result = await autocannon({
    url: `${url}/render?${query}`,
    method: "POST",
    headers: { "content-type": "audio/midi" },
    body: Buffer.from(song),
    connections,
    duration,
    timeout: 60,
  });
  if (result.errors > 0 || result.non2xx > 0 || result.timeouts > 0) {
    throw new Error(`${connections} clients: ${result.errors} errors, ${result.timeouts} timeouts, ${result.non2xx} answers other than 2xx`);
  }
  return result;
}

const cores = availableParallelism();
const results = [];

const server = await startServer(cores);
const audioSeconds = await render(server.url);
for (const connections of [1, 4, 16]) {
  const result = await load(server.url, connections);
  results.push({
    what: "latency",
    threads: cores,
    connections,
    requestsPerSecond: result.requests.average,
    p50: result.latency.p50,
    p90: result.latency.p90,
    p99: result.latency.p99,
    requests: result.requests.total,
  });
}
await server.stop();

for (const threads of [1, 2, 4]) {
  const pool = await startServer(threads);
  const result = await load(pool.url, 2 * threads);
  await pool.stop();
  const rendersPerSecond = result.requests.total / duration;
  results.push({ what: "throughput", threads, connections: 2 * threads, rendersPerSecond, audioSecondsPerSecond: rendersPerSecond * audioSeconds });
}
rmSync(fonts, { recursive: true, force: true });

if (json) {
  for (const result of results) console.log(JSON.stringify({ song: songName, audioSeconds, cores, duration, ...result }));
} else {
  console.log(`meltysynth serve under load: ${songName}, ${audioSeconds.toFixed(2)} s of audio per render (16-bit WAV), ${cores} CPU cores, ${duration} s per measurement`);
  console.log("");
  console.log(`Requests per second and latency (ms), ${cores} render threads:`);
  console.log("clients  requests/s     p50     p90     p99");
  for (const r of results.filter((r) => r.what === "latency")) {
    console.log(`${String(r.connections).padStart(7)}  ${r.requestsPerSecond.toFixed(1).padStart(10)}  ${String(r.p50).padStart(6)}  ${String(r.p90).padStart(6)}  ${String(r.p99).padStart(6)}`);
  }
  console.log("");
  console.log("Render throughput against threads (each kept busy by twice as many clients):");
  console.log("threads  renders/s  audio s/s");
  for (const r of results.filter((r) => r.what === "throughput")) {
    console.log(`${String(r.threads).padStart(7)}  ${r.rendersPerSecond.toFixed(1).padStart(9)}  ${r.audioSecondsPerSecond.toFixed(0).padStart(9)}`);
  }
}
