// The page's controls: pick a SoundFont and a MIDI file (or keep the built-in ones), then play.
import { SoundFont, generateBuiltinSoundFont, generateDemoSong, writeSoundFont } from "../../dist/index.js";
import { startPlayer } from "./player.js";

const $ = (id) => document.getElementById(id);
let context = null;

async function bytesOf(input, generate) {
  const file = input.files[0];
  return file ? await file.arrayBuffer() : generate().buffer;
}

// An AudioWorklet cannot load the Vorbis decoder (no dynamic import there): an SF3 font is
// decoded here, on the page, and handed to the worklet as SF2.
async function playableSoundFont(bytes) {
  const font = await SoundFont.load(bytes);
  return font.compressed ? writeSoundFont(font).buffer : bytes;
}

$("play").addEventListener("click", async () => {
  await context?.close();
  // Created on a click: browsers start audio only after a user gesture.
  context = new AudioContext();
  try {
    const soundFont = await playableSoundFont(await bytesOf($("soundfont"), generateBuiltinSoundFont));
    const song = await bytesOf($("song"), generateDemoSong);
    const node = await startPlayer(context, soundFont, song);
    $("status").textContent = `Playing at ${context.sampleRate} Hz.`;
    $("stop").disabled = false;
    node.port.onmessage = (event) => {
      if (event.data.type === "ended") $("status").textContent = "The song has ended (release tails may still sound).";
    };
  } catch (error) {
    $("status").textContent = `Could not play: ${error.message}`;
  }
});

$("stop").addEventListener("click", async () => {
  await context?.close();
  context = null;
  $("stop").disabled = true;
  $("status").textContent = "Stopped.";
});
