import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { generateDemoSong } from "../../lib/builtin/generateDemoSong.js";
import { MidiFile } from "../../lib/midi/index.js";
import "../built.js";
import { chromium, runSelfTestPage } from "../examples/selfTestPage.js";
import { endOfTrack, smf, tempo, vlq } from "../midi/smf.js";
import { sampleRate } from "./nodeRender.js";

if (chromium === undefined) console.warn("Skipping the player's event tests: Chromium is absent (apt-get install -y chromium).");

const quantum = 128;

interface Event {
  type: string;
  time: number;
  channel?: number;
  key?: number;
  velocity?: number;
  text?: string;
}

async function eventsOf(query: string, extraFiles: Record<string, string> = {}): Promise<Event[]> {
  const answer = JSON.parse((await runSelfTestPage(`test/player/player-selftest.html?case=events&backend=js&${query}`, extraFiles)).toString());
  return answer.events as Event[];
}

// A karaoke-like song: one syllable a beat (120 BPM, 480 ticks a beat), each with its note.
const syllables = ["Twin", "kle ", "twin", "kle ", "lit", "tle ", "star"];
function karaokeSong(): Uint8Array {
  const body: number[] = [...tempo(0, 500_000)];
  for (const [i, syllable] of syllables.entries()) {
    const text = [...syllable].map((c) => c.charCodeAt(0));
    body.push(...vlq(i === 0 ? 0 : 240), 0xff, 0x05, text.length, ...text);
    body.push(0, 0x90, 60 + i, 100, ...vlq(240), 0x80, 60 + i, 0);
  }
  body.push(...endOfTrack(0));
  return smf(0, 480, body);
}

const folder = mkdtempSync(path.join(tmpdir(), "meltysynth-player-events-"));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

describe.skipIf(chromium === undefined)("the player's events", () => {
  it("report every note-on of a song once, in order, within a quantum of its frame", async () => {
    const events = await eventsOf("seconds=6");
    const expected = [...new MidiFile(generateDemoSong()).events()].filter(
      (event) => event.type === "message" && (event.status & 0xf0) === 0x90 && event.data2 > 0 && event.time < 6 - quantum / sampleRate,
    );
    const noteOns = events.filter((event) => event.type === "noteon" && event.time < 6 - quantum / sampleRate);
    expect(expected.length).toBeGreaterThan(20);
    expect(noteOns.map((e) => [e.channel, e.key, e.velocity])).toEqual(expected.map((e) => [e.status & 0x0f, e.data1, e.data2]));
    let worst = 0;
    for (const [i, event] of noteOns.entries()) {
      const frame = Math.ceil(expected[i].time * sampleRate);
      worst = Math.max(worst, Math.abs(event.time * sampleRate - frame));
    }
    console.log(`${noteOns.length} note-ons, the farthest ${worst.toFixed(1)} frames from its own`);
    expect(worst).toBeLessThanOrEqual(quantum);
    // Context time runs forward in the order the events came.
    expect(events.every((event, i) => i === 0 || event.time >= events[i - 1].time)).toBe(true);
    expect(events.filter((event) => event.type === "ended")).toHaveLength(0);
    expect(events.filter((event) => event.type === "position").length).toBeGreaterThan(50);
  });

  it("report the lyrics of a karaoke song as they are sung, then its end", async () => {
    const song = path.join(folder, "karaoke.mid");
    writeFileSync(song, karaokeSong());
    const events = await eventsOf("seconds=5&song=/fixtures/karaoke.mid", { "/fixtures/karaoke.mid": song });
    const lyrics = events.filter((event) => event.type === "lyric");
    expect(lyrics.map((event) => event.text)).toEqual(syllables);
    for (const [i, lyric] of lyrics.entries()) expect(Math.abs(lyric.time * sampleRate - i * 0.5 * sampleRate)).toBeLessThanOrEqual(quantum);
    const tempos = events.filter((event) => event.type === "tempo");
    expect(tempos).toHaveLength(1);
    // The last note-off, a quarter beat after the last syllable, ends the song.
    const ended = events.filter((event) => event.type === "ended");
    expect(ended).toHaveLength(1);
    expect(Math.abs(ended[0].time - 3.25)).toBeLessThanOrEqual(quantum / sampleRate);
  });

  it("report a loop going back, the lyrics sung again, and the end after the last time back", async () => {
    const song = path.join(folder, "karaoke.mid");
    writeFileSync(song, karaokeSong());
    const events = await eventsOf("seconds=8&loop=1&song=/fixtures/karaoke.mid", { "/fixtures/karaoke.mid": song });
    expect(events.filter((event) => event.type === "lyric").map((event) => event.text)).toEqual([...syllables, ...syllables]);
    const loops = events.filter((event) => event.type === "loop");
    expect(loops).toHaveLength(1);
    expect(Math.abs(loops[0].time - 3.25)).toBeLessThanOrEqual(quantum / sampleRate);
    const second = events.filter((event) => event.type === "lyric")[syllables.length];
    expect(Math.abs(second.time - 3.25)).toBeLessThanOrEqual(quantum / sampleRate);
    const ended = events.filter((event) => event.type === "ended");
    expect(ended).toHaveLength(1);
    expect(Math.abs(ended[0].time - 6.5)).toBeLessThanOrEqual(quantum / sampleRate);
  });

  it("leave out the notes of a muted channel and report the others transposed", async () => {
    const plain = (await eventsOf("seconds=3")).filter((event) => event.type === "noteon");
    const muted = plain.find((event) => event.channel !== 9)!.channel!;
    const changed = (await eventsOf(`seconds=3&mute=${muted}&transpose=2`)).filter((event) => event.type === "noteon");
    const expected = plain.filter((event) => event.channel !== muted).map((event) => ({ ...event, key: event.channel === 9 ? event.key : event.key! + 2 }));
    expect(changed.length).toBeGreaterThan(0);
    expect(changed).toEqual(expected);
  });
});
