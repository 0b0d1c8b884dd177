import type { BlockMemory } from "../kernels/BlockMemory.js";
import { spanBlocks, type BlockContext, type RendererSettings } from "../kernels/BlockRenderer.js";
import { NOTE_START_LENGTH, createVoiceBank } from "../kernels/VoiceBank.js";
import { Chorus } from "./Chorus.js";
import { Reverb } from "./Reverb.js";

/**
 * A synthesizer's block buffers, new, in `memory`: the voice bank and its channel table, the
 * voice order, the master volume cell (0.5, the default master volume), the note-start record,
 * one block of output,
 * and reverb and chorus when they run. The backend chooses the memory (createBlockRenderer).
 */
export function createBlockContext(settings: RendererSettings, memory: BlockMemory): BlockContext {
  const { sampleRate, blockSize, capacity, effects } = settings;
  const masterVolume = memory.float64(1);
  masterVolume[0] = 0.5;
  return {
    sampleRate,
    blockSize,
    waveData: memory.waveData(settings.waveData),
    bank: createVoiceBank(capacity, memory),
    order: memory.int32(capacity),
    masterVolume,
    noteStart: memory.float64(NOTE_START_LENGTH),
    inaudibleGain: settings.inaudibleGain,
    interpolation: settings.interpolation,
    left: memory.float32(blockSize * spanBlocks(blockSize)),
    right: memory.float32(blockSize * spanBlocks(blockSize)),
    reverb: effects ? new Reverb(sampleRate, memory) : null,
    chorus: effects ? new Chorus(sampleRate, memory) : null,
  };
}
