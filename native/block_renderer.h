// The native block renderer: one call renders every listed voice and the effects for a block,
// over buffers that JavaScript allocated and registered once. Knows nothing of Node.
#pragma once

#include <cstddef>
#include <cstdint>

#include "effects.h"
#include "kernels.h"
#include "voice_bank.h"
#include "voice_step.h"

namespace meltysynth {

// How the oscillator reads between samples (the `interpolation` setting; 0, 1 and 2 in the
// bindings).
enum class Interpolation : int32_t { kLinear = 0, kCubic = 1, kSinc = 2 };

// Where the renderer reads and writes: pointers into JavaScript's typed arrays, with lengths in
// elements. The binding checks kinds and sizes before it builds one of these.
struct RendererBuffers {
  size_t blockSize = 0;
  StepSettings step = {};
  const int16_t* waveData = nullptr;
  size_t waveLength = 0;
  VoiceBank bank;
  ChannelTable channels;
  int32_t* order = nullptr;  // bank.capacity entries
  const double* masterVolume = nullptr;  // one value
  const double* noteStart = nullptr;     // kNoteStartLength values: what the next voice starts from
  float inaudibleGain = 1e-3f;           // gain ramps below this are not mixed in whole blocks
  Interpolation interpolation = Interpolation::kLinear;

  float* left = nullptr;  // spanBlocks blocks each
  float* right = nullptr;
  size_t spanBlocks = 1;  // the most whole blocks one render writes
  // Effects run only when both are present, as in JsBlockRenderer.
  bool hasReverb = false;
  ReverbState reverb = {};
  int32_t* reverbOffsets = nullptr;
  int32_t* reverbLengths = nullptr;
  int32_t* reverbCursors = nullptr;
  bool hasChorus = false;
  ChorusState chorus = {};

  // The renderer's working memory, scratchBytes(blockSize, bank.capacity) long: the binding
  // allocates it as a JavaScript ArrayBuffer, so that V8 sees it and frees it with the rest.
  uint8_t* scratch = nullptr;
};

// The five destinations of a voice: left, right, chorus left and right, reverb.
constexpr size_t kSendCount = 5;

// One active voice, copied out of the bank and checked before anything is rendered: a bank in
// shared memory that another thread changes meanwhile cannot steer a read out of bounds.
struct VoiceJob {
  size_t voice;
  Oscillator oscillator;
  Biquad filter;
  bool filterActive;
  float gainFrom[kSendCount];
  float gainTo[kSendCount];
};

class BlockRenderer {
 public:
  BlockRenderer(const RendererBuffers& buffers, const KernelSet& kernels);

  // The working memory a renderer of blocks this long over this many voices needs.
  static size_t scratchBytes(size_t blockSize, size_t capacity);

  // Runs the voice step for the first activeCount voices of order, then renders `frames`
  // frames (a block, or a part of one: 1 to blockSize) into the start of left and right; sets
  // remaining to the number of voices still active. `frames` may also be whole blocks, up to
  // spanBlocks of them: each is stepped and rendered as a call of its own would, one after the
  // other in left and right, so one call covers a span with no message in it. The output goes
  // to the buffers registered, or to `left` and `right` when given (`frames` long each, not
  // overlapping: the caller's). Returns false, with error() saying why, when a voice or an
  // effect's state would make it read or write out of bounds; the block it was on has not been
  // written then. Allocates nothing.
  bool render(size_t activeCount, size_t frames, size_t& remaining, float* left = nullptr, float* right = nullptr);

  // Starts voice v from the note-start record (voice_start.h). Returns false, with error()
  // saying why, when v is not a voice of the bank.
  bool startVoice(size_t v);
  const char* error() const { return error_; }

  const KernelSet& kernels() const { return kernels_; }

 private:
  // One block, or a part of one, written to left and right.
  bool renderBlock(size_t activeCount, size_t frames, float* left, float* right, size_t& remaining);
  bool checkOrder(size_t activeCount);
  bool loadVoice(size_t voice, VoiceJob& job);
  void storeVoice(const VoiceJob& job);
  bool prepare(size_t activeCount);
  void prefetchWave(const Oscillator& o) const;
  void renderGroup(VoiceJob* jobs, size_t count);
  void runEffects(double masterVolume);

  RendererBuffers b_;
  const KernelSet& kernels_;
  // The kernel set's oscillator for the interpolation chosen.
  void (*oscillator_)(const int16_t* data, Oscillator& o, float* out, size_t n);
  bool effects_;
  size_t stride_;  // floats between scratch rows: blockSize rounded up to 8
  static constexpr size_t kMaxRamps = kBiquadLanes * kSendCount;
  float* rows_;  // kBiquadLanes rows of one voice block each
  float* rampRows_[kMaxRamps];
  float rampStart_[kMaxRamps];
  float rampStep_[kMaxRamps];
  float* sends_[kSendCount];  // left and right at the block being rendered, chorus in L/R, reverb in
  float* chorusOut_[2];
  float* reverbOut_[2];
  float* sincTable_;  // filled when the interpolation is sinc
  size_t frames_ = 0;      // the length of the block or part being rendered
  float inverseFrames_ = 0;  // 1 / frames_, for the gain ramps
  float inaudible_ = 0;      // gain ramps below this are not mixed in the block or part
  VoiceJob* jobs_;   // bank.capacity each, in the scratch memory
  uint8_t* listed_;
  char error_[kErrorLength];
};

}  // namespace meltysynth
