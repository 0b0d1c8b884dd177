import { spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, writeFileSync } from "node:fs";
import { connect } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { builtinSoundFont, generateDemoSong, MidiFile, renderToWav, SoundFont, writeSoundFont, type RenderOptions } from "../../lib/io/index.js";
import { cliPath } from "../built.js";
import { shortSong } from "../io/songs.js";
import { builtinFontFolder, meltysynth, startServer, type Server } from "./processes.js";

/** The font the servers load, as they load it: the built-in SoundFont written to a file. */
const soundFont = new SoundFont(writeSoundFont(builtinSoundFont()));
const song = shortSong(4);
const demo = generateDemoSong();
/*
 * What the servers should answer, rendered before any connection opens: a long render between
 * two requests would let a server close the idle connection under the client's feet.
 */
const songAudio = renderToWav(new MidiFile(song), soundFont);
const demoAudio = renderToWav(new MidiFile(demo), soundFont);
const slowOptions: RenderOptions = { sampleRate: 96000, normalize: true };
const slowDemoAudio = renderToWav(new MidiFile(demo), soundFont, slowOptions);

function render(server: Server, query: string, body: BodyInit, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(`${server.url}/render?${query}`, { method: "POST", body, headers, duplex: "half" } as RequestInit);
}

async function expectError(response: Response, status: number, message: RegExp): Promise<void> {
  const text = await response.text();
  expect(response.status, text).toBe(status);
  expect(response.headers.get("content-type")).toMatch(/^application\/json/);
  expect((JSON.parse(text) as { error: string }).error).toMatch(message);
}

/** A good request after a bad one: the service still answers, with the right bytes. */
async function expectGoodRender(server: Server, query = "font=builtin.sf2"): Promise<void> {
  const response = await render(server, query, song);
  expect(response.status).toBe(200);
  const bytes = new Uint8Array(await response.arrayBuffer());
  expect(Buffer.compare(bytes, songAudio)).toBe(0);
}

describe("meltysynth serve: bad requests", () => {
  let server: Server;
  beforeAll(async () => {
    server = await startServer(["--fonts", builtinFontFolder(), "--concurrency", "1", "--max-song-seconds", "120"]);
  });
  afterAll(async () => {
    await server?.child.kill();
  });

  const cases: { what: string; query: string; body: () => BodyInit; status: number; error: RegExp }[] = [
    { what: "an empty body", query: "font=builtin.sf2", body: () => new Uint8Array(0), status: 400, error: /^body: empty/ },
    { what: "random bytes", query: "font=builtin.sf2", body: () => randomBytes(3000), status: 400, error: /^body: .*not a standard MIDI file/ },
    { what: "a truncated MIDI file", query: "font=builtin.sf2", body: () => song.subarray(0, song.length - 20), status: 400, error: /^body: .*track 0 .*exceeds/ },
    { what: "a huge body", query: "font=builtin.sf2", body: () => new Uint8Array(8 * 1024 * 1024), status: 413, error: /^body: larger than .* 4194304 bytes/ },
    {
      what: "a huge body sent in chunks, without a length",
      query: "font=builtin.sf2",
      body: () => new Blob([new Uint8Array(6 * 1024 * 1024)]).stream(),
      status: 413,
      error: /^body: larger than/,
    },
    { what: "an unknown font", query: "font=piano.sf2", body: () => song, status: 400, error: /^font: unknown font 'piano.sf2'; the fonts are builtin.sf2$/ },
    { what: "a path in the font name", query: "font=../../etc/passwd", body: () => song, status: 400, error: /^font: a font is named by its file name, not a path/ },
    { what: "a negative tail", query: "font=builtin.sf2&tail=-1", body: () => song, status: 400, error: /^tail: auto or a number of seconds, 0 or more, got '-1'/ },
    { what: "an unknown format", query: "font=builtin.sf2&format=ogg", body: () => song, status: 400, error: /^format: one of wav, s16, s24, f32, flac, flac24, mp3, opus, got 'ogg'/ },
    { what: "an unknown parameter", query: "font=builtin.sf2&samplerate=48000", body: () => song, status: 400, error: /^unknown parameter 'samplerate' \(did you mean 'sampleRate'\?\)/ },
    { what: "a parameter given twice", query: "font=builtin.sf2&gain=1&gain=2", body: () => song, status: 400, error: /^gain: given more than once/ },
    { what: "a sample rate out of range", query: "font=builtin.sf2&sampleRate=8000", body: () => song, status: 400, error: /sampleRate must be .*16000/ },
    { what: "Opus at a rate libopus does not take", query: "font=builtin.sf2&format=opus&sampleRate=44100", body: () => song, status: 400, error: /^Opus takes sample rates of 8000, 12000, 16000, 24000, 48000 Hz, not 44100/ },
    { what: "a bit rate for a format without one", query: "font=builtin.sf2&format=mp3&bitrate=96", body: () => song, status: 400, error: /^bitrate applies to the opus format only, not mp3/ },
    { what: "a start past the song's end", query: "font=builtin.sf2&start=30", body: () => song, status: 400, error: /^start: 30 s is not before the song's end/ },
    { what: "an unknown profile", query: "font=builtin.sf2&profile=fluidsynth", body: () => song, status: 400, error: /^profile must be one of .*, got fluidsynth/ },
    { what: "an unknown interpolation", query: "font=builtin.sf2&interpolation=sinc7", body: () => song, status: 400, error: /^interpolation must be one of linear, cubic, sinc, got sinc7/ },
    { what: "reverb settings out of range", query: "font=builtin.sf2&reverb=roomSize%3D2", body: () => song, status: 400, error: /^reverb\.roomSize must be a number from 0 to 1, got 2/ },
    { what: "chorus settings that are not pairs", query: "font=builtin.sf2&chorus=deep", body: () => song, status: 400, error: /^chorus: NAME=NUMBER pairs separated by commas/ },
    { what: "gain with normalize", query: "font=builtin.sf2&gain=3&normalize=true", body: () => song, status: 400, error: /gain and normalize cannot be combined/ },
    { what: "a render longer than the limit", query: "font=builtin.sf2&tail=200", body: () => song, status: 422, error: /would last 202.0 s .* limit of 120 s/ },
  ];
  for (const { what, query, body, status, error } of cases) {
    it(`answers ${what} with ${status} and a JSON error, then serves the next request`, async () => {
      await expectError(await render(server, query, body()), status, error);
      await expectGoodRender(server);
    });
  }

  it("answers unknown routes, wrong methods and unknown jobs with JSON errors", async () => {
    await expectError(await fetch(`${server.url}/renders`), 404, /^no such route: \/renders/);
    const wrongMethod = await fetch(`${server.url}/render`);
    expect(wrongMethod.headers.get("allow")).toBe("POST");
    await expectError(wrongMethod, 405, /^\/render takes POST, not GET/);
    await expectError(await fetch(`${server.url}/jobs/0b5c3c3e-2f0e-4a55-9a0c-6c3e0c7d5d11`), 404, /^no job '0b5c3c3e/);
    await expectError(await fetch(`${server.url}/jobs/0b5c3c3e-2f0e-4a55-9a0c-6c3e0c7d5d11/audio`), 404, /^no job/);
    await expectGoodRender(server);
  });

  it("answers a request whose target is not a URL with 400", async () => {
    const { hostname, port } = new URL(server.url);
    const answer = await new Promise<string>((resolve, reject) => {
      let text = "";
      const socket = connect(Number(port), hostname, () => socket.write("GET http://[ HTTP/1.1\r\nHost: test\r\nConnection: close\r\n\r\n"));
      socket.on("data", (data) => (text += data.toString()));
      socket.on("close", () => resolve(text));
      socket.on("error", reject);
    });
    expect(answer).toMatch(/^HTTP\/1.1 400 /);
    expect(answer).toContain('{"error":"the request\'s target cannot be read as a URL: http://["}');
    await expectGoodRender(server);
  });

  it("answers a form upload to /render or /jobs with 400 and how to send the file instead, then takes the file sent that way", async () => {
    const upload = (): FormData => {
      const form = new FormData();
      form.append("file", new Blob([song], { type: "audio/midi" }), "song.mid");
      return form;
    };
    const advice = /^body: a form upload \(multipart\/form-data\) is not read; send the MIDI file's own bytes as the body, e\.g\. curl --data-binary @song\.mid -H 'Content-Type: audio\/midi'$/;
    await expectError(await render(server, "font=builtin.sf2", upload()), 400, advice);
    await expectError(await fetch(`${server.url}/jobs?font=builtin.sf2`, { method: "POST", body: upload() }), 400, advice);
    const asAdvised = await render(server, "font=builtin.sf2", song, { "Content-Type": "audio/midi" });
    expect(asAdvised.status).toBe(200);
    expect(Buffer.compare(new Uint8Array(await asAdvised.arrayBuffer()), songAudio)).toBe(0);
  });

  it("accepts the profile the engine has and a song without a font name when it serves one font", async () => {
    await expectGoodRender(server, "profile=meltysynth");
  });
});

describe("meltysynth serve: limits", () => {
  const servers: Server[] = [];
  afterAll(async () => {
    await Promise.all(servers.map((server) => server.child.kill()));
  });

  it("answers 503 with Retry-After when the queue is full, and renders the requests it took", async () => {
    const server = await startServer(["--fonts", builtinFontFolder(), "--concurrency", "1", "--max-queue", "1"]);
    servers.push(server);
    const answers = await Promise.all(Array.from({ length: 8 }, () => render(server, "font=builtin.sf2", demo)));
    const refused = answers.filter((answer) => answer.status === 503);
    const rendered = answers.filter((answer) => answer.status === 200);
    expect(refused.length).toBeGreaterThanOrEqual(1);
    expect(rendered.length).toBeGreaterThanOrEqual(1);
    expect(refused.length + rendered.length).toBe(8);
    for (const answer of refused) {
      expect(answer.headers.get("retry-after")).toBe("5");
      await expectError(answer, 503, /^the queue is full \(1 renders waiting\)/);
    }
    for (const answer of rendered) expect(Buffer.compare(new Uint8Array(await answer.arrayBuffer()), demoAudio)).toBe(0);
    await expectGoodRender(server);
  });

  it("stops a render that takes longer than --max-render-seconds with 422, and wants the token everywhere but /health", async () => {
    const server = await startServer(["--fonts", builtinFontFolder(), "--max-render-seconds", "0.001", "--token", "s3cret"]);
    servers.push(server);
    const bearer = { Authorization: "Bearer s3cret" };
    expect((await fetch(`${server.url}/health`)).status).toBe(200);
    for (const headers of [{}, { Authorization: "Bearer wrong" }, { Authorization: "s3cret" }]) {
      const answer = await fetch(`${server.url}/fonts`, { headers });
      expect(answer.headers.get("www-authenticate")).toBe("Bearer");
      await expectError(answer, 401, /wants a token/);
    }
    await expectError(await render(server, "font=builtin.sf2", song), 401, /wants a token/);
    expect((await fetch(`${server.url}/fonts`, { headers: bearer })).status).toBe(200);
    await expectError(await render(server, "font=builtin.sf2", demo, bearer), 422, /^the render took longer than this service's limit of 0.001 s/);
    expect((await fetch(`${server.url}/health`)).status).toBe(200);
  });

  it("closes a connection whose request does not arrive within --request-timeout", async () => {
    const server = await startServer(["--fonts", builtinFontFolder(), "--request-timeout", "1"]);
    servers.push(server);
    const { hostname, port } = new URL(server.url);
    const started = performance.now();
    const answer = await new Promise<string>((resolve, reject) => {
      let text = "";
      const socket = connect(Number(port), hostname, () => {
        // The headers promise a body that never comes.
        socket.write("POST /render?font=builtin.sf2 HTTP/1.1\r\nHost: test\r\nContent-Length: 1000\r\n\r\nMThd");
      });
      socket.on("data", (data) => (text += data.toString()));
      socket.on("close", () => resolve(text));
      socket.on("error", reject);
      setTimeout(() => reject(new Error("the connection stayed open")), 30_000).unref();
    });
    expect(answer).toMatch(/^HTTP\/1.1 408/);
    expect(performance.now() - started).toBeGreaterThanOrEqual(900);
    await expectGoodRender(server);
  });

  it("on SIGTERM answers the renders it took, refuses new ones, and exits 0", async () => {
    const server = await startServer(["--fonts", builtinFontFolder(), "--concurrency", "1"]);
    servers.push(server);
    const answers = Array.from({ length: 3 }, () => render(server, "font=builtin.sf2&sampleRate=96000&normalize=true", demo));
    // Once all three are in (one rendering, two waiting), stop the service.
    const deadline = performance.now() + 30_000;
    while (!/meltysynth_jobs\{state="queued"\} 2/.test(await (await fetch(`${server.url}/metrics`)).text())) {
      expect(performance.now(), "the three renders were not all taken at once").toBeLessThan(deadline);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    server.child.process.kill("SIGTERM");
    await server.child.waitFor(/SIGTERM: finishing the renders under way/);
    await expect(fetch(`${server.url}/health`)).rejects.toThrow();
    for (const answer of await Promise.all(answers)) {
      expect(answer.status).toBe(200);
      expect(Buffer.compare(new Uint8Array(await answer.arrayBuffer()), slowDemoAudio)).toBe(0);
    }
    expect(await server.child.exited).toEqual({ code: 0, signal: null });
    expect(server.child.lines).toContain("meltysynth serve: stopped");
  });
});

describe("meltysynth serve and worker: the command line", () => {
  const run = (args: string[]) => spawnSync(process.execPath, [cliPath, ...args], { encoding: "utf8", timeout: 60_000 });

  it("prints help for both commands", () => {
    for (const command of ["serve", "worker"]) {
      const help = run([command, "--help"]);
      expect(help.status).toBe(0);
      expect(help.stdout).toMatch(new RegExp(`^Usage: meltysynth ${command} `));
    }
    expect(run(["--help"]).stdout).toMatch(/serve --fonts DIR/);
  });

  it("refuses bad usage with status 2, and a folder without fonts or an unreachable Redis with status 1", () => {
    const usage: [string[], RegExp][] = [
      [["serve"], /--fonts is required/],
      [["serve", "--fonts", "x", "--port", "70000"], /--port must be a port number up to 65535/],
      [["serve", "--fonts", "x", "--max-render-seconds", "0"], /--max-render-seconds must be a number of seconds above 0/],
      [["serve", "--fonts", "x", "--token", ""], /--token must not be empty/],
      [["worker", "--fonts", "x"], /--queue is required/],
      [["worker", "--queue", "redis://127.0.0.1:1", "--fonts", "x", "extra"], /unexpected argument 'extra'/],
    ];
    for (const [args, message] of usage) {
      const result = run(args);
      expect(result.status, args.join(" ")).toBe(2);
      expect(result.stderr).toMatch(message);
      expect(result.stderr).toContain(`Try 'meltysynth ${args[0]} --help'.`);
    }
    const missingFolder = builtinFontFolder().replace(/$/, "/none");
    const brokenFont = builtinFontFolder();
    writeFileSync(path.join(brokenFont, "broken.sf2"), writeSoundFont(builtinSoundFont()).subarray(0, 100));
    const failures: [string[], RegExp][] = [
      [["serve", "--fonts", missingFolder], /none: no such folder/],
      [["serve", "--fonts", mkdtempSync(path.join(tmpdir(), "meltysynth-no-fonts-"))], /holds no SoundFont \(.sf2 or .sf3 file\)/],
      [["worker", "--queue", "redis://127.0.0.1:1", "--fonts", brokenFont], /broken.sf2: Invalid SoundFont/],
      [["serve", "--fonts", builtinFontFolder(), "--queue", "http://127.0.0.1:1"], /the URL must start with redis:\/\//],
      [["serve", "--fonts", builtinFontFolder(), "--queue", "redis://127.0.0.1:1"], /cannot reach Redis at redis:\/\/127.0.0.1:1: .*ECONNREFUSED/],
      [["worker", "--fonts", builtinFontFolder(), "--queue", "redis://user:pw@127.0.0.1:1"], /cannot reach Redis at redis:\/\/user:\*\*\*@127.0.0.1:1/],
    ];
    for (const [args, message] of failures) {
      const result = run(args);
      expect(result.status, args.join(" ")).toBe(1);
      expect(result.stderr).toMatch(message);
    }
  });

  it("says a folder is wanted when --fonts names a file, naming it", () => {
    const folder = builtinFontFolder();
    const font = path.join(folder, "builtin.sf2");
    const notes = path.join(folder, "notes.txt");
    writeFileSync(notes, "not a folder");
    const cases: [string[], string][] = [
      [["serve", "--fonts", font], `meltysynth: ${font}: a SoundFont file, where a folder of SoundFonts is wanted: name its folder, ${folder}`],
      [["worker", "--queue", "redis://127.0.0.1:1", "--fonts", font], `meltysynth: ${font}: a SoundFont file, where a folder of SoundFonts is wanted: name its folder, ${folder}`],
      [["serve", "--fonts", notes], `meltysynth: ${notes}: a file, where a folder of SoundFonts (.sf2, .sf3) is wanted`],
      [["serve", "--fonts", path.join(notes, "fonts")], `meltysynth: ${path.join(notes, "fonts")}: a part of the path is not a folder`],
    ];
    for (const [args, line] of cases) {
      const result = run(args);
      expect(result.status, args.join(" ")).toBe(1);
      expect(result.stderr.split("\n")[0], args.join(" ")).toBe(line);
    }
  });

  it("refuses a port that is taken, naming it", async () => {
    const first = await startServer(["--fonts", builtinFontFolder()]);
    try {
      const { port } = new URL(first.url);
      const second = meltysynth(["serve", "--fonts", builtinFontFolder(), "--port", port]);
      await second.waitFor(new RegExp(`port ${port} of 127.0.0.1 is in use`));
      expect((await second.exited).code).toBe(1);
    } finally {
      await first.child.kill();
    }
  });
});
