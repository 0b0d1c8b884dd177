// The WebAssembly module's exports: what lib/kernels/WasmBlockRenderer.ts calls. It is the
// binding.cpp of the wasm build, with no Node in it: one instance of the module holds one
// renderer, and every buffer lies in the instance's own memory, laid out by TypeScript above
// heap_start(). Pointers and lengths arrive as plain numbers; they are checked here as the
// Node binding checks its typed arrays, and a failure returns kFailed with the reason at
// error_message().
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <new>

#include "block_renderer.h"
#include "effects.h"
#include "kernels.h"
#include "voice_bank.h"

#define MELTYSYNTH_EXPORT(name) extern "C" __attribute__((export_name(#name)))

// The first byte after the module's stack and static data, from the linker.
extern "C" unsigned char __heap_base;

namespace meltysynth {
namespace {

constexpr int32_t kDone = 0;
constexpr int32_t kFailed = -1;

// The linker puts the stack first, so the wasm heap starts above everything the module owns.
uintptr_t heapStart() { return reinterpret_cast<uintptr_t>(&__heap_base); }

char error[kErrorLength] = "";
RendererBuffers pending;
alignas(BlockRenderer) unsigned char rendererStorage[sizeof(BlockRenderer)];
BlockRenderer* renderer = nullptr;

int32_t fail(const char* message) {
  std::snprintf(error, kErrorLength, "%s", message);
  return kFailed;
}

// `count` elements of `size` bytes at `address`: above the module's own memory, aligned to
// `alignment` and inside the memory's current size.
bool inMemory(const void* pointer, size_t count, size_t size, size_t alignment, const char* name) {
  const uintptr_t address = reinterpret_cast<uintptr_t>(pointer);
  const uintptr_t limit = __builtin_wasm_memory_size(0) * 65536;
  if (address < heapStart() || address % alignment != 0 || address > limit || count > (limit - address) / size) {
    std::snprintf(error, kErrorLength, "%s (%zu bytes at byte %zu) is not a %zu-byte aligned buffer of this instance's memory",
                  name, count * size, static_cast<size_t>(address), alignment);
    return false;
  }
  return true;
}

// An array of `count` elements of type T.
template <typename T>
bool inMemory(const T* pointer, size_t count, const char* name) {
  return inMemory(pointer, count, sizeof(T), alignof(T), name);
}

bool inRange(double value, double min, double max, bool integer, const char* name) {
  if (!(value >= min && value <= max) || (integer && __builtin_floor(value) != value)) {
    std::snprintf(error, kErrorLength, "%s must be %s in [%g, %g], got %g", name, integer ? "an integer" : "a number",
                  min, max, value);
    return false;
  }
  return true;
}

}  // namespace
}  // namespace meltysynth

using namespace meltysynth;

// Where TypeScript may start laying out buffers.
MELTYSYNTH_EXPORT(heap_start) uint32_t heapStartExport() { return static_cast<uint32_t>(heapStart()); }

// The working memory of a renderer of `capacity` voices and blocks of `blockSize` frames.
MELTYSYNTH_EXPORT(scratch_bytes) uint32_t scratchBytes(uint32_t blockSize, uint32_t capacity) {
  return static_cast<uint32_t>(BlockRenderer::scratchBytes(blockSize, capacity));
}

// The voice bank's fields and constants as voice_bank.h lists them, for the check that
// lib/kernels/VoiceBank.ts describes the same layout: "f64:position,step,...;f32:...;i32:...;
// channel:...;constants:FLAG_LOOPING=1,...".
MELTYSYNTH_EXPORT(voice_bank_layout) const char* voiceBankLayout() {
#define MELTYSYNTH_NAME(name) #name ","
#define MELTYSYNTH_CONSTANT(name, shared, value) #shared "=" #value ","
  return "f64:" MELTYSYNTH_VOICE_F64(MELTYSYNTH_NAME) ";f32:" MELTYSYNTH_VOICE_F32(MELTYSYNTH_NAME) ";i32:"
      MELTYSYNTH_VOICE_I32(MELTYSYNTH_NAME) ";channel:" MELTYSYNTH_CHANNEL_F32(MELTYSYNTH_NAME) ";constants:"
      MELTYSYNTH_CONSTANTS(MELTYSYNTH_CONSTANT);
#undef MELTYSYNTH_NAME
#undef MELTYSYNTH_CONSTANT
}

MELTYSYNTH_EXPORT(instruction_set) const char* instructionSet() { return bestKernels().name; }

// Why the last call failed.
MELTYSYNTH_EXPORT(error_message) const char* errorMessage() { return error; }

// Freeverb's delay lines and state, before bind().
MELTYSYNTH_EXPORT(bind_reverb)
int32_t bindReverb(float* lines, uint32_t linesLength, int32_t* offsets, int32_t* lengths, int32_t* cursors,
                   float* stores, float* parameters, float allPassFeedback) {
  if (renderer != nullptr) return fail("this instance already has a renderer");
  if (!inMemory(lines, linesLength, "reverb.lines") || !inMemory(offsets, kReverbLineCount, "reverb.offsets") ||
      !inMemory(lengths, kReverbLineCount, "reverb.lengths") || !inMemory(cursors, kReverbLineCount, "reverb.cursors") ||
      !inMemory(stores, kCombCount, "reverb.stores") ||
      !inMemory(parameters, kReverbParameterCount, "reverb.parameters") ||
      !inRange(allPassFeedback, 0, 1, false, "reverb.allPassFeedback")) {
    return kFailed;
  }
  pending.reverb.lines = lines;
  pending.reverb.linesLength = linesLength;
  pending.reverb.stores = stores;
  pending.reverb.parameters = parameters;
  pending.reverb.allPassFeedback = allPassFeedback;
  pending.reverbOffsets = offsets;
  pending.reverbLengths = lengths;
  pending.reverbCursors = cursors;
  if (!loadReverbLayout(pending.reverb, offsets, lengths, cursors, error)) return kFailed;
  pending.hasReverb = true;
  return kDone;
}

// The chorus's delay lines, table and cursors, before bind().
MELTYSYNTH_EXPORT(bind_chorus)
int32_t bindChorus(float* bufferLeft, float* bufferRight, uint32_t bufferLength, const float* delayTable,
                   uint32_t tableLength, int32_t* cursors, double* phases, float* parameters) {
  if (renderer != nullptr) return fail("this instance already has a renderer");
  if (!inMemory(bufferLeft, bufferLength, "chorus.bufferLeft") ||
      !inMemory(bufferRight, bufferLength, "chorus.bufferRight") ||
      !inMemory(delayTable, tableLength, "chorus.delayTable") || !inMemory(cursors, 1, "chorus.cursors") ||
      !inMemory(phases, 3, "chorus.phases") || !inMemory(parameters, kChorusParameterCount, "chorus.parameters")) {
    return kFailed;
  }
  if (bufferLength < 2) return fail("chorus.bufferLeft and chorus.bufferRight must be at least 2 long");
  pending.chorus = {bufferLeft, bufferRight, bufferLength, delayTable, tableLength, cursors, phases, parameters};
  if (!checkChorusTable(pending.chorus, error) || !checkChorusCursors(pending.chorus, error)) return kFailed;
  pending.hasChorus = true;
  return kDone;
}

// The renderer over the buffers, with the effects bound before (if any); once per instance.
MELTYSYNTH_EXPORT(bind)
int32_t bind(const int16_t* waveData, uint32_t waveLength, uint8_t* bank, uint32_t capacity, const float* channels,
             int32_t* order, const double* masterVolume, const double* noteStart, float* left, float* right, uint32_t blockSize,
             uint32_t spanBlocks, double sampleRate, float inaudibleGain, uint32_t interpolation, uint8_t* scratch) {
  if (renderer != nullptr) return fail("this instance already has a renderer");
  if (!inRange(blockSize, 2, 65536, true, "blockSize") || !inRange(spanBlocks, 1, 65536, true, "spanBlocks") || !inRange(sampleRate, 1, 1e6, false, "sampleRate") ||
      !inRange(inaudibleGain, 0, 1, false, "inaudibleGain") || !inRange(capacity, 1, 65536, true, "capacity") ||
      !inRange(interpolation, 0, 2, true, "interpolation")) {
    return kFailed;
  }
  if (!inMemory(waveData, waveLength, "waveData") || !inMemory(bank, capacity, kVoiceBytes, 8, "bank") ||
      !inMemory(channels, kChannelTableLength, "channels") || !inMemory(order, capacity, "order") ||
      !inMemory(masterVolume, 1, "masterVolume") || !inMemory(noteStart, kNoteStartLength, "noteStart") || !inMemory(left, blockSize * spanBlocks, "left") ||
      !inMemory(right, blockSize * spanBlocks, "right") ||
      !inMemory(scratch, BlockRenderer::scratchBytes(blockSize, capacity), 1, 1, "scratch")) {
    return kFailed;
  }
  RendererBuffers b = pending;
  b.blockSize = blockSize;
  b.spanBlocks = spanBlocks;
  // The voice step's minimum voice length (stepVoices in lib/kernels/VoiceStep.ts): 2 ms.
  b.step = {sampleRate, __builtin_trunc(sampleRate / 500), blockSize};
  b.waveData = waveData;
  b.waveLength = waveLength;
  b.bank = bindVoiceBank(bank, capacity);
  b.channels = bindChannelTable(channels);
  b.order = order;
  b.masterVolume = masterVolume;
  b.noteStart = noteStart;
  b.inaudibleGain = inaudibleGain;
  b.interpolation = static_cast<Interpolation>(interpolation);
  b.left = left;
  b.right = right;
  b.scratch = scratch;
  renderer = new (rendererStorage) BlockRenderer(b, bestKernels());
  return kDone;
}

// The voice step and `frames` frames of a block (1 to blockSize), or up to spanBlocks whole
// blocks one after the other, for the first activeCount voices of order: the number still
// active, or kFailed with the block it failed on not written.
MELTYSYNTH_EXPORT(render) int32_t render(uint32_t activeCount, uint32_t frames) {
  if (renderer == nullptr) return fail("no renderer is bound to this instance");
  size_t remaining = 0;
  if (!renderer->render(activeCount, frames, remaining)) return fail(renderer->error());
  return static_cast<int32_t>(remaining);
}

// Starts voice v from the note-start record: kDone, or kFailed when v is not a voice of the bank.
MELTYSYNTH_EXPORT(start_voice) int32_t startVoice(uint32_t v) {
  if (renderer == nullptr) return fail("no renderer is bound to this instance");
  if (!renderer->startVoice(v)) return fail(renderer->error());
  return kDone;
}
