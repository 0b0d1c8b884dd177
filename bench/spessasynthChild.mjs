// @ts-check
/**
 * One render on spessasynth_core, in a process of its own, the way its offline example
 * (examples/midi_to_wav_node.ts) renders: SpessaSynthProcessor + SpessaSynthSequencer, one
 * sequencer tick and one `process` call per 128 frames (its default and recommended quantum),
 * effects (reverb and chorus) on as by default unless the line turns them off, the event system
 * off. Its voice cap is set to our polyphony, 64 (its default is 350); everything else keeps its
 * defaults. Only the render loop is timed; the output goes to a reused buffer.
 *
 * Usage: node bench/spessasynthChild.mjs <song id>
 */
import { readFileSync } from "node:fs";
import { exitUnavailable, printResult, timed } from "./childHarness.mjs";
import { CHORD_KEYS, CHORD_VELOCITY, FONT, POLYPHONY, SAMPLE_RATE, framesToRender, songById } from "./songs.mjs";

const QUANTUM = 128;

const song = songById(process.argv[2]);
/** @type {any} spessasynth_core is a devDependency: without it this child reports why. */
let core;
try {
  core = await import("spessasynth_core");
} catch (error) {
  exitUnavailable(`spessasynth_core is not installed (npm install): ${String(error).split("\n")[0]}`);
}
const { BasicMIDI, SoundBankLoader, SpessaSynthProcessor, SpessaSynthSequencer, SpessaLog } = core;
SpessaLog.setLogLevel(false, false, false);

const arrayBuffer = (/** @type {Buffer} */ bytes) => bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
const fontBuffer = arrayBuffer(readFileSync(FONT));
const load = timed(() => SoundBankLoader.fromArrayBuffer(fontBuffer));

const synth = new SpessaSynthProcessor(SAMPLE_RATE, { eventsEnabled: false, effectsEnabled: song.effects });
synth.soundBankManager.addSoundBank(load.value, "main");
await synth.processorInitialized;
synth.setSystemParameter("voiceCap", POLYPHONY);

/** @type {(() => void) | null} */
let tick = null;
let frames;
if (song.file === null) {
  for (const key of CHORD_KEYS) synth.noteOn(0, key, CHORD_VELOCITY);
  frames = framesToRender(song, 0);
} else {
  const midi = BasicMIDI.fromArrayBuffer(arrayBuffer(readFileSync(song.file)));
  const sequencer = new SpessaSynthSequencer(synth);
  sequencer.loadNewSongList([midi]);
  sequencer.play();
  tick = () => sequencer.processTick();
  frames = framesToRender(song, midi.duration);
}

const left = new Float32Array(QUANTUM);
const right = new Float32Array(QUANTUM);

const render = timed(() => {
  for (let done = 0; done < frames; done += QUANTUM) {
    tick?.();
    // Its voices mix into the outputs, which an AudioWorklet receives zeroed: clear them likewise.
    left.fill(0);
    right.fill(0);
    synth.process(left, right, 0, Math.min(QUANTUM, frames - done));
  }
});

printResult({
  voiceCount: synth.voiceCount,
  audioSeconds: frames / SAMPLE_RATE,
  cpuMs: render.cpuMs,
  wallMs: render.wallMs,
  loadMs: load.wallMs,
  loadCpuMs: load.cpuMs,
});
