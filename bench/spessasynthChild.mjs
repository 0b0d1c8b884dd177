// @ts-check
/**
 * One render on spessasynth_core, in a process of its own, the way its offline example
 * (examples/midi_to_wav_node.ts) renders: SpessaSynthProcessor + SpessaSynthSequencer, one
 * sequencer tick and one `process` call per 128 frames (its default and recommended quantum),
 * effects (reverb and chorus) on as by default, the event system off. Its voice cap is set to our
 * polyphony, 64 (its default is 350); everything else keeps its defaults. Only the render loop
 * is timed; the output goes to a reused buffer.
 *
 * Usage: node bench/spessasynthChild.mjs <song id>
 */
import { readFileSync } from "node:fs";
import { peakRssKiB } from "./peakMemory.mjs";
import { CHORD_KEYS, CHORD_VELOCITY, FONT, POLYPHONY, SAMPLE_RATE, TAIL_SECONDS, songById } from "./songs.mjs";

const QUANTUM = 128;

const song = songById(process.argv[2]);
/** @type {any} spessasynth_core is a devDependency: without it this child reports why. */
let core;
try {
  core = await import("spessasynth_core");
} catch (error) {
  console.log(JSON.stringify({ error: `spessasynth_core is not installed (npm install): ${String(error).split("\n")[0]}` }));
  process.exit(0);
}
const { BasicMIDI, SoundBankLoader, SpessaSynthProcessor, SpessaSynthSequencer, SpessaLog } = core;
SpessaLog.setLogLevel(false, false, false);

const fontBytes = readFileSync(FONT);
const fontBuffer = fontBytes.buffer.slice(fontBytes.byteOffset, fontBytes.byteOffset + fontBytes.byteLength);
const loadCpuStart = process.cpuUsage();
const loadStart = performance.now();
const soundBank = SoundBankLoader.fromArrayBuffer(fontBuffer);
const loadMs = performance.now() - loadStart;
const loadCpu = process.cpuUsage(loadCpuStart);

const synth = new SpessaSynthProcessor(SAMPLE_RATE, { eventsEnabled: false, effectsEnabled: true });
synth.soundBankManager.addSoundBank(soundBank, "main");
await synth.processorInitialized;
synth.setSystemParameter("voiceCap", POLYPHONY);

/** @type {(() => void) | null} */
let tick = null;
let frames;
if (song.file === null) {
  for (const key of CHORD_KEYS) synth.noteOn(0, key, CHORD_VELOCITY);
  frames = Math.round((song.chordSeconds ?? 0) * SAMPLE_RATE);
} else {
  const bytes = readFileSync(song.file);
  const midi = BasicMIDI.fromArrayBuffer(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
  const sequencer = new SpessaSynthSequencer(synth);
  sequencer.loadNewSongList([midi]);
  sequencer.play();
  tick = () => sequencer.processTick();
  frames = Math.ceil((midi.duration + TAIL_SECONDS) * SAMPLE_RATE);
}

const left = new Float32Array(QUANTUM);
const right = new Float32Array(QUANTUM);

const cpuStart = process.cpuUsage();
const wallStart = performance.now();
for (let done = 0; done < frames; done += QUANTUM) {
  tick?.();
  // Its voices mix into the outputs, which an AudioWorklet receives zeroed: clear them likewise.
  left.fill(0);
  right.fill(0);
  synth.process(left, right, 0, Math.min(QUANTUM, frames - done));
}
const wallMs = performance.now() - wallStart;
const cpu = process.cpuUsage(cpuStart);

console.log(
  JSON.stringify({
    voiceCount: synth.voiceCount,
    audioSeconds: frames / SAMPLE_RATE,
    cpuMs: (cpu.user + cpu.system) / 1000,
    wallMs,
    loadMs,
    loadCpuMs: (loadCpu.user + loadCpu.system) / 1000,
    maxRssKiB: peakRssKiB(),
  }),
);
