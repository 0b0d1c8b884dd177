// Renders a few blocks with the raw addon on plain typed arrays, in whatever thread imports it:
// the worker_threads test runs it in workers and on the main thread and compares the results.
// Plain JavaScript (no TypeScript, no dist/), so a worker can load it directly; the voice bank
// is laid out from the addon's own voiceBankLayout, as lib/kernels/VoiceBank.ts lays it out.

import { createRequire } from "node:module";
import { parentPort, workerData } from "node:worker_threads";

// lib/kernels/VoiceBank.ts: FLAG_LOOPING | FLAG_FILTER_ACTIVE | FLAG_VIB_LFO | FLAG_FRESH.
const FLAGS = 1 | 2 | 16 | 128;

/** One typed array per field of the addon's layout, over one ArrayBuffer, as createVoiceBank makes them. */
function voiceBank(layout, capacity) {
  const bytes = capacity * (8 * layout.f64.length + 4 * (layout.f32.length + layout.i32.length));
  const buffer = new ArrayBuffer(bytes);
  const bank = { buffer };
  let offset = 0;
  for (const [names, Type] of [
    [layout.f64, Float64Array],
    [layout.f32, Float32Array],
    [layout.i32, Int32Array],
  ]) {
    for (const name of names) {
      bank[name] = new Type(buffer, offset, capacity);
      offset += Type.BYTES_PER_ELEMENT * capacity;
    }
  }
  const count = layout.constants.MAX_CHANNELS;
  const channelData = new Float32Array(layout.channel.length * count);
  const channels = {};
  layout.channel.forEach((name, i) => (channels[name] = channelData.subarray(i * count, (i + 1) * count)));
  return { bank, channels, channelData };
}

/**
 * Renders `blocks` blocks of 16 looping, filtered voices with vibrato, which the voice step
 * keeps sounding (volume envelope holding), with two renderers; returns both outputs.
 */
export function renderWithAddon(addon, seed, blocks) {
  let s = seed >>> 0 || 1;
  const random = () => (s = (s * 1664525 + 1013904223) >>> 0) / 4294967296;
  const blockSize = 64;
  const capacity = 16;
  const waveData = Int16Array.from({ length: 4096 }, () => Math.floor(random() * 65536) - 32768);
  const outputs = [];
  const renderers = [];
  for (let r = 0; r < 2; r++) {
    const { bank, channels, channelData } = voiceBank(addon.voiceBankLayout, capacity);
    channels.gain.fill(0.8);
    channels.vibratoDepth.fill(0.5);
    channels.reverbSend.fill(0.2);
    for (let v = 0; v < capacity; v++) {
      bank.flags[v] = FLAGS;
      bank.channel[v] = v;
      bank.key[v] = 48 + Math.floor(random() * 24);
      bank.rootKey[v] = 60;
      bank.pitchChangeScale[v] = 1;
      bank.sampleRateRatio[v] = 1;
      bank.lastPitch[v] = NaN;
      bank.noteGain[v] = 0.5;
      // Attack over in 1 ms, then a hold that outlasts the test: the volume stays at 1.
      bank.volAttackSlope[v] = 1000;
      bank.volHoldStart[v] = 0.001;
      bank.volDecayStart[v] = 1000;
      bank.volDecaySlope[v] = -1;
      bank.volReleaseSlope[v] = -1;
      bank.modAttackStart[v] = 1000;
      bank.modHoldStart[v] = 1000;
      bank.modDecayStart[v] = 1000;
      bank.vibLfoPeriod[v] = 0.2;
      bank.vibLfoToPitch[v] = 0.1 * random();
      bank.instrumentPan[v] = 100 * random() - 50;
      bank.panAngle[v] = NaN;
      bank.position[v] = Math.floor(random() * 1000) * 16777216;
      bank.end[v] = 4000;
      bank.startLoop[v] = 1000 + Math.floor(random() * 1000);
      bank.endLoop[v] = 3000 + Math.floor(random() * 1000);
      bank.loopMode[v] = 1;
      bank.b0[v] = 0.02;
      bank.b1[v] = 0.04;
      bank.b2[v] = 0.02;
      bank.a1[v] = -1.6;
      bank.a2[v] = 0.7;
      bank.cutoff[v] = 2000;
      bank.filterCutoff[v] = 2000;
      bank.resonance[v] = 1;
      bank.filterResonance[v] = 1;
    }
    const left = new Float32Array(blockSize);
    const right = new Float32Array(blockSize);
    const order = Int32Array.from({ length: capacity }, (_, i) => i);
    const renderer = new addon.Renderer({
      sampleRate: 44100,
      blockSize,
      spanBlocks: 1,
      waveData,
      bank: bank.buffer,
      channels: channelData,
      order,
      masterVolume: Float64Array.of(0.5),
      noteStart: new Float64Array(addon.voiceBankLayout.constants.NOTE_START_LENGTH),
      inaudibleGain: Math.fround(1e-3),
      interpolation: 0,
      left,
      right,
      reverb: null,
      chorus: null,
    });
    renderers.push({ renderer, left });
    outputs.push([]);
  }
  for (let block = 0; block < blocks; block++) {
    renderers.forEach(({ renderer, left }, r) => {
      const active = capacity - r;
      if (renderer.render(active, blockSize) !== active) throw new Error(`block ${block}: a voice finished that should sound on`);
      outputs[r].push(...left);
    });
  }
  return outputs;
}

if (parentPort !== null && workerData?.addonPath) {
  const require = createRequire(import.meta.url);
  const addon = require(workerData.addonPath);
  parentPort.postMessage({ instructionSet: addon.instructionSet(), outputs: renderWithAddon(addon, workerData.seed, workerData.blocks) });
}
