// What the tests of the compiled renderers (native, wasm) share: the whole block call against
// the TypeScript step and JsBlockRenderer on random voice banks, changed alike between blocks,
// and the spoiled banks every renderer must refuse.
import { expect } from "vitest";
import { spanBlocks, type BlockContext } from "../../lib/kernels/BlockRenderer.js";
import { JsBlockRenderer } from "../../lib/kernels/JsBlockRenderer.js";
import { MAX_CHANNELS, FLAG_LOOPING, VOICE_RELEASED, VOICE_RELEASE_REQUESTED } from "../../lib/kernels/VoiceBank.js";
import { endVoice, killVoice } from "../../lib/synth/Voice.js";
import {
  Random,
  bankDifference,
  firstDifference,
  holdPitch,
  randomChannelValue,
  randomVoice,
  type ContextOptions,
} from "./fixtures.js";

/** An Int32Array's bits as floats, for firstDifference. */
export function asFloats(array: Int32Array): Float32Array {
  return new Float32Array(array.buffer, array.byteOffset, array.length);
}

/** A block renderer, or the addon's raw renderer object. */
export interface Renders {
  render(activeCount: number, frames: number): number;
}

/**
 * What a synthesizer does between blocks, drawn once and done identically to every context:
 * controller changes (the hold pedal among them), note-offs, kills and new notes in the slots
 * of finished voices. Returns the active count for the next block.
 */
export function betweenBlocks(
  contexts: BlockContext[],
  random: Random,
  active: number,
  options: Required<Pick<ContextOptions, "waveLength" | "sampleRate">>,
): number {
  const { capacity } = contexts[0].bank;
  for (let n = random.below(4); n > 0; n--) {
    const c = random.below(MAX_CHANNELS);
    const seed = random.below(2 ** 31);
    for (const { bank } of contexts) randomChannelValue(bank, c, new Random(seed));
  }
  for (let n = random.below(3); n > 0 && active > 0; n--) {
    const i = random.below(active);
    for (const { bank, order } of contexts) endVoice(bank, order[i]);
  }
  if (active > 0 && random.chance(0.1)) {
    const i = random.below(active);
    for (const { bank, order } of contexts) killVoice(bank, order[i]);
  }
  for (let n = random.below(3); n > 0 && active < capacity; n--) {
    const seed = random.below(2 ** 31);
    for (const { bank, order } of contexts) {
      randomVoice(bank, order[active], new Random(seed), options.waveLength, options.sampleRate, true);
    }
    active++;
  }
  return active;
}

export interface Tally {
  heard: number;
  finished: number;
  released: number;
}

/**
 * Renders `blocks` blocks of `js` with JsBlockRenderer and of `nat` with `renderer` (named
 * `label` in messages), changing both identically between blocks; throws at the first block
 * where the active counts, the order, the output or any byte of the bank differ.
 */
export function compare(
  js: BlockContext,
  nat: BlockContext,
  renderer: Renders,
  seed: number,
  blocks: number,
  options: ContextOptions & { changeEffects?: boolean } = {},
  label = "native",
): Tally {
  const { waveLength = 20000, sampleRate = 44100 } = options;
  const reference = new JsBlockRenderer(js);
  const random = new Random(seed);
  // Its own stream, so that the cases without changes draw what they always drew.
  const effectRandom = new Random(seed + 1);
  const tally: Tally = { heard: 0, finished: 0, released: 0 };
  let active = js.bank.capacity;
  const statesBefore = new Int32Array(js.bank.capacity);
  const expectedLeft = new Float32Array(js.left.length);
  const expectedRight = new Float32Array(js.right.length);
  for (let block = 0; block < blocks; block++) {
    const masterVolume = [0.75, 0.5, 1][random.below(3)];
    js.masterVolume[0] = masterVolume;
    nat.masterVolume[0] = masterVolume;
    statesBefore.set(js.bank.state);
    const before = bankDifference(js.bank, nat.bank);
    if (before !== null) throw new Error(`block ${block}: the banks differ before rendering: ${before}`);
    // Whole blocks, parts of every length from one frame, and spans of whole blocks in one call
    // (which JavaScript's reference renders a block at a time).
    const blockSize = js.blockSize;
    const span = block % 3 === 1 ? 1 + (block % spanBlocks(blockSize)) : 1;
    const frames = block % 3 === 0 ? 1 + ((block * 7) % blockSize) : span * blockSize;
    let countJs = active;
    for (let part = 0; part < span; part++) {
      countJs = reference.render(countJs, frames / span);
      expectedLeft.set(js.left.subarray(0, frames / span), part * blockSize);
      expectedRight.set(js.right.subarray(0, frames / span), part * blockSize);
    }
    const countNat = renderer.render(active, frames);
    const where = `block ${block} (active ${active}, ${frames} frames)`;
    if (countJs !== countNat) throw new Error(`${where}: active count ${countNat} ${label}, ${countJs} JavaScript`);
    const order = firstDifference(asFloats(js.order), asFloats(nat.order));
    if (order >= 0) throw new Error(`${where}: order[${order}] is ${nat.order[order]} ${label}, ${js.order[order]} JavaScript`);
    for (const [name, a, b] of [
      ["left", expectedLeft.subarray(0, frames), nat.left.subarray(0, frames)],
      ["right", expectedRight.subarray(0, frames), nat.right.subarray(0, frames)],
    ] as const) {
      const t = firstDifference(a, b);
      if (t >= 0) throw new Error(`${where}: ${name}[${t}] is ${b[t]} ${label}, ${a[t]} JavaScript`);
    }
    const difference = bankDifference(js.bank, nat.bank);
    if (difference !== null) throw new Error(`${where}: the banks differ after the block: ${difference} (JavaScript vs ${label})`);

    if (expectedLeft.subarray(0, frames).some((x) => x !== 0)) tally.heard++;
    tally.finished += active - countJs;
    for (let i = 0; i < countJs; i++) {
      const v = js.order[i];
      if (statesBefore[v] === VOICE_RELEASE_REQUESTED && js.bank.state[v] === VOICE_RELEASED) tally.released++;
    }
    active = betweenBlocks([js, nat], random, countJs, { waveLength, sampleRate });
    if (options.changeEffects) changeEffects([js, nat], effectRandom);
  }
  if (js.reverb && nat.reverb && js.chorus && nat.chorus) {
    expect(firstDifference(nat.reverb.lines, js.reverb.lines)).toBe(-1);
    expect(nat.reverb.cursors).toEqual(js.reverb.cursors);
    expect(firstDifference(nat.chorus.bufferLeft, js.chorus.bufferLeft)).toBe(-1);
    expect(firstDifference(nat.chorus.bufferRight, js.chorus.bufferRight)).toBe(-1);
    expect(firstDifference(nat.reverb.parameters, js.reverb.parameters)).toBe(-1);
    expect(firstDifference(nat.chorus.parameters, js.chorus.parameters)).toBe(-1);
    expect(nat.chorus.phases).toEqual(js.chorus.phases);
    expect(nat.chorus.cursors).toEqual(js.chorus.cursors);
  }
  return tally;
}

/**
 * Now and then new reverb or chorus settings, drawn over their whole ranges (and the chorus's
 * voice count mostly small), set alike in every context.
 */
function changeEffects(contexts: BlockContext[], random: Random): void {
  if (random.chance(0.15)) {
    const reverb = {
      roomSize: random.between(0, 1),
      damping: random.between(0, 1),
      width: random.chance(0.8) ? random.between(0, 1) : random.between(0, 100),
      level: random.between(0, 1),
    };
    for (const c of contexts) c.reverb?.set(reverb);
  }
  if (random.chance(0.15)) {
    const chorus = {
      voices: random.chance(0.8) ? random.below(6) : random.below(100),
      level: random.between(0, 10),
      speed: random.between(0.1, 5),
      depth: random.chance(0.8) ? random.between(0, 20) : random.between(0, 256),
    };
    for (const c of contexts) c.chorus?.set(chorus);
  }
}

/** The voice the spoilers spoil: order[2], which the tests keep sounding. */
const spoiled = (c: BlockContext): number => c.order[2];
/**
 * Changes that would make a renderer read or write out of bounds, each refused with a RangeError:
 * [what, spoil, message, refused before the step (so nothing at all changes)].
 */
/**
 * The renders every backend compares with JavaScript's bits: block size, effects, blocks to
 * render, interpolation, whether the effects' settings change between blocks. The 1024-frame
 * block runs with fewer voices (see the tests).
 */
export const comparisonCases = [
  [64, true, 200, "linear", false],
  [64, false, 200, "linear", false],
  [37, true, 200, "linear", false],
  [8, true, 800, "linear", false],
  [1024, true, 25, "linear", false],
  [64, true, 200, "cubic", false],
  [37, false, 200, "cubic", false],
  [64, true, 200, "linear", true],
  [37, true, 300, "cubic", true],
  [64, true, 200, "sinc", false],
  [37, false, 200, "sinc", false],
] as const;

export const spoilers: [string, (c: BlockContext) => void, RegExp, boolean][] = [
  ["an order entry past the bank", (c) => (c.order[3] = 16), /order\[3\] is 16/, true],
  ["a negative order entry", (c) => (c.order[0] = -1), /order\[0\] is -1/, true],
  ["a voice listed twice", (c) => (c.order[5] = c.order[4]), /order\[5\] lists voice \d+ a second time/, true],
  ["a channel past the table's", (c) => (c.bank.channel[spoiled(c)] = MAX_CHANNELS), new RegExp(`voice \\d+: channel ${MAX_CHANNELS} is not 0-${MAX_CHANNELS - 1}`), true],
  ["a negative channel", (c) => (c.bank.channel[spoiled(c)] = -1), new RegExp(`channel -1 is not 0-${MAX_CHANNELS - 1}`), true],
  ["a NaN position", (c) => (c.bank.position[spoiled(c)] = NaN), /position nan/i, false],
  ["a negative position", (c) => (c.bank.position[spoiled(c)] = -1), /position -1/, false],
  [
    // Looping, so that the voice cannot finish at its end before the position is checked.
    "a position past 2^53",
    (c) => {
      const v = spoiled(c);
      c.bank.flags[v] |= FLAG_LOOPING;
      c.bank.position[v] = 2 ** 54;
    },
    /position/,
    false,
  ],
  [
    "a negative step, kept because the pitch has not moved",
    (c) => {
      holdPitch(c.bank, spoiled(c));
      c.bank.step[spoiled(c)] = -1;
    },
    /step -1/,
    false,
  ],
  [
    "an infinite step, kept because the pitch has not moved",
    (c) => {
      holdPitch(c.bank, spoiled(c));
      c.bank.step[spoiled(c)] = Infinity;
    },
    /step inf/,
    false,
  ],
  [
    "a loop end past the wave data",
    (c) => {
      const v = spoiled(c);
      c.bank.flags[v] |= FLAG_LOOPING;
      c.bank.startLoop[v] = 0;
      c.bank.endLoop[v] = c.waveData.length + 1;
    },
    /loop \[0, 20001\) must be non-empty and inside waveData/,
    false,
  ],
  [
    "an empty loop",
    (c) => {
      const v = spoiled(c);
      c.bank.flags[v] |= FLAG_LOOPING;
      c.bank.startLoop[v] = c.bank.endLoop[v];
    },
    /loop/,
    false,
  ],
  [
    "a negative loop start",
    (c) => {
      const v = spoiled(c);
      c.bank.flags[v] |= FLAG_LOOPING;
      c.bank.startLoop[v] = -1;
    },
    /loop \[-1,/,
    false,
  ],
  [
    "an end that would read the last sample's neighbour",
    (c) => {
      const v = spoiled(c);
      c.bank.flags[v] &= ~FLAG_LOOPING;
      c.bank.loopMode[v] = 0;
      c.bank.end[v] = c.waveData.length;
      c.bank.position[v] = 0;
    },
    /end 20000 must be at most waveData length - 1/,
    false,
  ],
  ["a reverb cursor past its line", (c) => (c.reverb!.cursors[9] = 100000), /reverb.cursors\[9\]/, false],
  ["a chorus phase past its table", (c) => (c.chorus!.phases[1] = -1), /chorus.phases\[1\]/, false],
];
