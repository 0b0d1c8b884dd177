#!/usr/bin/env node
// Streams a song as WAV to standard output, rendering only as fast as the reader reads:
//
//   node examples/stream-to-stdout.mjs [SONG.mid] [FONT.sf2] | aplay
//   node examples/stream-to-stdout.mjs song.mid font.sf2 | ffplay -nodisp -autoexit -
//
// Without arguments it streams the built-in demo song with the built-in SoundFont.
import { pipeline } from "node:stream/promises";
import { builtinSoundFont, generateDemoSong, MidiFile, RenderStream, SoundFont } from "meltysynth-native";

const [songPath, fontPath] = process.argv.slice(2);
const midi = songPath ? MidiFile.fromFile(songPath) : new MidiFile(generateDemoSong());
const soundFont = fontPath ? SoundFont.fromFile(fontPath) : builtinSoundFont();

// A player reads at the speed of playback; the stream's backpressure holds the render back, so
// memory stays at one buffer however long the song.
// A player that quits early closes the pipe; that ends the stream, and is no error.
await pipeline(new RenderStream(midi, soundFont, { format: "s16" }), process.stdout).catch((error) => {
  if (error.code !== "EPIPE") throw error;
});
