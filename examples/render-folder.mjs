#!/usr/bin/env node
// Renders every MIDI file in a folder to WAV, several at once in worker threads.
//
//   node examples/render-folder.mjs SONGS_FOLDER [FONT.sf2] [--jobs N]
//
// The WAV files go next to the songs. Without a SoundFont, the built-in one plays them.
import { readdirSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { renderFiles } from "meltysynth-native";

const { positionals, values } = parseArgs({ allowPositionals: true, options: { jobs: { type: "string" } } });
const [folder, soundFont] = positionals;
if (folder === undefined) {
  console.error("usage: node examples/render-folder.mjs SONGS_FOLDER [FONT.sf2] [--jobs N]");
  process.exit(2);
}

const songs = readdirSync(folder).filter((name) => /\.midi?$/i.test(name));
const jobs = songs.map((name) => ({
  midi: path.join(folder, name),
  soundFont, // a path: each worker reads it once
  out: path.join(folder, name.replace(/\.midi?$/i, ".wav")),
}));

const started = performance.now();
const results = await renderFiles(jobs, {
  concurrency: values.jobs === undefined ? undefined : Number(values.jobs),
  onProgress: (job, frames, total) => {
    if (frames === total) console.log(`done: ${jobs[job].out}`);
  },
});
const audio = results.reduce((sum, r) => sum + r.frames / r.sampleRate, 0);
const elapsed = (performance.now() - started) / 1000;
console.log(`${results.length} songs, ${audio.toFixed(1)} s of audio in ${elapsed.toFixed(1)} s (${(audio / elapsed).toFixed(1)}x real time)`);
