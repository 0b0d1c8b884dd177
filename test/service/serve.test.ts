import { mkdtempSync, readFileSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RenderOptions, SoundFont } from "../../lib/io/index.js";
import { distDir } from "../built.js";
import { fixture, hasFixtures } from "../fixtures.js";
import { sharedFontFolder, startServer, type Server } from "./processes.js";

// renderToFile encodes FLAC, MP3 and Opus in worker threads, which run the compiled package.
const { MidiFile, renderToFile, renderToWav, SoundFont: SoundFontClass } = (await import(path.join(distDir, "io", "index.js"))) as typeof import("../../lib/io/index.js");

const songs = ["5432gone_redfarn.mid", "slow_neasy_redfarn.mid", "boogi_marabi_redfarn.mid"];

/** Query strings and the render options they mean; short sections keep the test fast. */
const variants: { query: string; options: RenderOptions }[] = [
  { query: "format=wav&end=3", options: { end: 3 } },
  { query: "format=s24&end=4&tail=1", options: { format: "s24", end: 4, tail: 1 } },
  { query: "format=f32&start=10&end=13&gain=-6", options: { format: "f32", start: 10, end: 13, gain: -6 } },
  { query: "channels=1&sampleRate=22050&dither=true&end=2.5", options: { channels: 1, sampleRate: 22050, dither: true, end: 2.5 } },
  { query: "profile=full&end=3", options: { profile: "full", end: 3 } },
  { query: "interpolation=cubic&end=3", options: { interpolation: "cubic", end: 3 } },
  { query: "reverb=roomSize%3D0.9,width%3D0.5&chorus=voices%3D3&end=3", options: { reverb: { roomSize: 0.9, width: 0.5 }, chorus: { voices: 3 }, end: 3 } },
];

async function post(url: string, body: Uint8Array): Promise<Response> {
  return fetch(url, { method: "POST", body, headers: { "Content-Type": "audio/midi" } });
}

async function pollUntilFinished(server: Server, id: string): Promise<Record<string, unknown>> {
  for (;;) {
    const status = (await (await fetch(`${server.url}/jobs/${id}`)).json()) as Record<string, unknown>;
    expect(["queued", "running", "done", "failed"]).toContain(status.state);
    if (status.state === "done" || status.state === "failed") return status;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

function metric(text: string, name: string): number {
  const line = text.split("\n").find((l) => l.startsWith(`${name} `));
  if (line === undefined) throw new Error(`no ${name} in the metrics:\n${text}`);
  return Number(line.slice(name.length + 1));
}

/** 40 renders: the songs and the variants in turn. */
const requests = Array.from({ length: 40 }, (_, i) => ({ song: songs[i % songs.length], variant: variants[i % variants.length] }));

describe.skipIf(!hasFixtures)("meltysynth serve on one machine, with the shared songs and TimGM6mb.sf2", () => {
  let server: Server;
  let soundFont: SoundFont;
  const midi = new Map<string, Uint8Array>();
  const expected = new Map<string, Uint8Array>();
  const dir = mkdtempSync(path.join(tmpdir(), "meltysynth-serve-"));

  beforeAll(async () => {
    soundFont = SoundFontClass.fromFile(fixture("soundfonts", "TimGM6mb.sf2"));
    for (const song of songs) midi.set(song, readFileSync(fixture("midi", song)));
    // Rendered before any connection opens: a long render between two requests would let the
    // server close the idle connection under the client's feet.
    for (const { song, variant } of requests) {
      const key = `${song}?${variant.query}`;
      if (!expected.has(key)) expected.set(key, renderToWav(new MidiFile(midi.get(song)!), soundFont, variant.options));
    }
    for (const format of ["flac", "mp3", "opus"] as const) {
      await renderToFile(new MidiFile(midi.get(songs[1])!), soundFont, path.join(dir, `song.${format}`), { format, end: 6 });
    }
    server = await startServer(["--fonts", sharedFontFolder(), "--concurrency", "2"]);
  });
  afterAll(async () => {
    await server?.child.kill();
  });

  it("answers 40 concurrent renders, each byte for byte what renderToWav gives with the same options", async () => {
    const answers = await Promise.all(
      requests.map(async ({ song, variant }) => {
        const response = await post(`${server.url}/render?font=TimGM6mb.sf2&${variant.query}`, midi.get(song)!);
        return { key: `${song}?${variant.query}`, response, bytes: new Uint8Array(await response.arrayBuffer()) };
      }),
    );
    for (const { key, response, bytes } of answers) {
      expect(response.status, key).toBe(200);
      expect(response.headers.get("content-type")).toBe("audio/wav");
      expect(Number(response.headers.get("content-length"))).toBe(bytes.length);
      expect(Buffer.compare(bytes, expected.get(key)!), key).toBe(0);
    }
  });

  it("runs a job: 202 with its id, its state followed to done, its FLAC, MP3 and Opus the bytes renderToFile writes", async () => {
    const mediaTypes = { flac: "audio/flac", mp3: "audio/mpeg", opus: "audio/ogg" };
    for (const format of ["flac", "mp3", "opus"] as const) {
      const song = midi.get(songs[1])!;
      const submitted = await post(`${server.url}/jobs?font=TimGM6mb.sf2&format=${format}&end=6`, song);
      expect(submitted.status).toBe(202);
      const { id } = (await submitted.json()) as { id: string };
      expect(submitted.headers.get("location")).toBe(`/jobs/${id}`);
      const status = await pollUntilFinished(server, id);
      expect(status).toMatchObject({ id, state: "done", progress: 1 });
      const audio = await fetch(`${server.url}/jobs/${id}/audio`);
      expect(audio.status).toBe(200);
      expect(audio.headers.get("content-type")).toBe(mediaTypes[format]);
      const bytes = new Uint8Array(await audio.arrayBuffer());
      expect(status.bytes).toBe(bytes.length);
      expect(Buffer.compare(bytes, readFileSync(path.join(dir, `song.${format}`))), format).toBe(0);
    }
  });

  it("lists its font with its size and presets, and counts renders in /metrics", async () => {
    const fonts = (await (await fetch(`${server.url}/fonts`)).json()) as { fonts: { name: string; format: string; bytes: number; presets: { bank: number; program: number; name: string }[] }[] };
    expect(fonts.fonts.map((font) => font.name)).toEqual(["TimGM6mb.sf2"]);
    const [font] = fonts.fonts;
    expect(font.format).toBe("SF2");
    expect(font.bytes).toBe(statSync(fixture("soundfonts", "TimGM6mb.sf2")).size);
    expect(font.presets.length).toBe(soundFont.presets.length);
    const piano = soundFont.presets.find((preset) => preset.bankNumber === 0 && preset.patchNumber === 0)!;
    expect(font.presets[0]).toEqual({ bank: 0, program: 0, name: piano.name });

    const before = await (await fetch(`${server.url}/metrics`)).text();
    expect((await post(`${server.url}/render?font=TimGM6mb.sf2&end=2`, midi.get(songs[0])!)).status).toBe(200);
    const after = await (await fetch(`${server.url}/metrics`)).text();
    expect(metric(after, 'meltysynth_jobs_finished_total{state="done"}')).toBe(metric(before, 'meltysynth_jobs_finished_total{state="done"}') + 1);
    expect(metric(after, "meltysynth_render_seconds_count")).toBe(metric(before, "meltysynth_render_seconds_count") + 1);
    expect(metric(after, "meltysynth_audio_seconds_total")).toBeGreaterThan(metric(before, "meltysynth_audio_seconds_total") + 2);
    expect(metric(after, "meltysynth_realtime_factor")).toBeGreaterThan(0);
    expect(metric(after, "meltysynth_queue_depth")).toBe(0);
    expect(metric(after, 'meltysynth_http_responses_total{status="200"}')).toBeGreaterThanOrEqual(40);
  });
});
