// A quick measure of the native block call against the TypeScript step and JsBlockRenderer (not a test):
//   npm run build:ts && node test/native/measure.mjs [voices] [blockSize] [rampShare]
// Renders blocks of `voices` looping voices with effects on, half of them filtered, a third
// with vibrato (their step is worked out again every block), spread over the 16 channels; in
// each block a share of the channels changes its volume, so that the gains of their voices
// ramp. Prints nanoseconds per block and per voice-block, step included.
import { createRequire } from "node:module";
import { spanBlocks } from "../../dist/kernels/BlockRenderer.js";
import { JsBlockRenderer } from "../../dist/kernels/JsBlockRenderer.js";
import { NativeBlockRenderer } from "../../dist/kernels/NativeBlockRenderer.js";
import * as Layout from "../../dist/kernels/VoiceBank.js";
import { GeneratorType } from "../../dist/soundfont/GeneratorType.js";
import { setLowPassFilter } from "../../dist/kernels/VoiceStep.js";
import { Chorus } from "../../dist/synth/Chorus.js";
import { Reverb } from "../../dist/synth/Reverb.js";
import { clearFilter, startModulationEnvelope, startOscillator, startVolumeEnvelope } from "../../dist/kernels/VoiceStart.js";

const require = createRequire(import.meta.url);
const addon = process.env.MELTYSYNTH_NATIVE_ADDON
  ? require(process.env.MELTYSYNTH_NATIVE_ADDON)
  : require("node-gyp-build")(new URL("../..", import.meta.url).pathname);
const voices = Number(process.argv[2] ?? 64);
const blockSize = Number(process.argv[3] ?? 64);
const rampShare = Number(process.argv[4] ?? 0.2);
const sampleRate = 44100;

let seed = 12345;
const random = () => (seed = (seed * 1103515245 + 12345) >>> 0) / 4294967296;

function context() {
  const waveData = new Int16Array(1 << 20);
  for (let i = 0; i < waveData.length; i++) waveData[i] = Math.round(8000 * Math.sin(i * 0.05) + 2000 * (random() - 0.5));
  const { MAX_CHANNELS, FLAG_FRESH, FLAG_VIB_LFO, VOICE_PLAYING } = Layout;
  const bank = Layout.createVoiceBank(voices);
  const note = new Float64Array(Layout.NOTE_START_LENGTH);
  bank.channels.gain.fill(0.5);
  bank.channels.reverbSend.fill(0.3);
  bank.channels.chorusSend.fill(0.2);
  for (let v = 0; v < voices; v++) {
    bank.flags[v] = FLAG_FRESH | (v % 3 === 0 ? FLAG_VIB_LFO : 0);
    bank.channel[v] = v % MAX_CHANNELS;
    bank.key[v] = 40 + Math.floor(random() * 40);
    bank.noteGain[v] = 0.3;
    bank.vibLfoToPitch[v] = v % 3 === 0 ? 0.2 : 0;
    bank.vibLfoPeriod[v] = 0.2;
    bank.modLfoPeriod[v] = 0.2;
    bank.instrumentPan[v] = 100 * random() - 50;
    bank.panAngle[v] = NaN;
    bank.processed[v] = 0;
    // Sustained notes that outlast the measure.
    startVolumeEnvelope(bank, v, 0, 0.005, 0, 1e6, 0.5, 0.3);
    startModulationEnvelope(bank, v, 0, 0.005, 0, 1, 0.5, 0.3);
    const start = Math.floor(random() * 900000);
    note[Layout.NOTE_SAMPLE_MODES] = 1;
    note[Layout.NOTE_SAMPLE_RATE] = sampleRate;
    note[Layout.NOTE_ROOT_KEY] = 60;
    note[Layout.NOTE_WAVE_LENGTH] = waveData.length;
    note[Layout.NOTE_SAMPLE_START] = start;
    note[Layout.NOTE_SAMPLE_END] = start + 60000;
    note[Layout.NOTE_SAMPLE_START_LOOP] = start + 20000;
    note[Layout.NOTE_SAMPLE_END_LOOP] = start + 60000;
    note[GeneratorType.scaleTuning] = 100;
    startOscillator(bank, v, sampleRate, note);
    const cutoff = v % 2 ? 2000 + 4000 * random() : sampleRate;
    bank.cutoff[v] = cutoff;
    bank.resonance[v] = 1.5;
    clearFilter(bank, v);
    setLowPassFilter(bank, v, sampleRate, cutoff, 1.5);
    bank.smoothedCutoff[v] = cutoff;
    bank.state[v] = VOICE_PLAYING;
  }
  const order = Int32Array.from({ length: voices }, (_, i) => i);
  const masterVolume = Float64Array.of(0.5);
  return {
    sampleRate, blockSize, waveData, bank, order, masterVolume, noteStart: note, inaudibleGain: Math.fround(1e-3), interpolation: "linear",
    left: new Float32Array(blockSize * spanBlocks(blockSize)), right: new Float32Array(blockSize * spanBlocks(blockSize)),
    reverb: new Reverb(sampleRate), chorus: new Chorus(sampleRate),
  };
}

function measure(name, renderer, ctx) {
  // The renderer was built over ctx; a volume change on a channel ramps the gains of its voices.
  const ramp = () => {
    for (let c = 0; c < MAX_CHANNELS; c++) {
      if (random() < rampShare) ctx.bank.channels.gain[c] = 0.2 + 0.6 * random();
    }
  };
  const render = () => {
    if (renderer.render(voices, blockSize) !== voices) throw new Error(`${name}: a voice finished; the measure expects all to sound`);
  };
  for (let i = 0; i < 3000; i++) { ramp(); render(); }
  const times = [];
  for (let round = 0; round < 7; round++) {
    const blocks = 4000;
    // CPU time, not wall time: other processes on a shared machine then matter less.
    const start = process.cpuUsage();
    for (let i = 0; i < blocks; i++) { ramp(); render(); }
    const used = process.cpuUsage(start);
    times.push(((used.user + used.system) * 1000) / blocks);
  }
  times.sort((a, b) => a - b);
  const ns = times[3];
  console.log(`${name.padEnd(14)} ${ns.toFixed(0).padStart(7)} ns/block  ${(ns / voices).toFixed(1).padStart(6)} ns/voice-block`);
  return ns;
}

console.log(`${voices} voices, blockSize ${blockSize}, ${Math.round(rampShare * 100)}% of channels changing volume per block, reverb and chorus on`);
const jsCtx = context();
const jsTime = measure("js", new JsBlockRenderer(jsCtx), jsCtx);
for (const set of addon.instructionSets()) {
  const ctx = context();
  const ns = measure(`native ${set}`, new NativeBlockRenderer(addon, ctx, set), ctx);
  console.log(`${"".padEnd(14)} ${(jsTime / ns).toFixed(2)}x the JS renderer`);
}
