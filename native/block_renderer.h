// The native block renderer: one call renders every listed voice and the effects for a block,
// over buffers that JavaScript allocated and registered once. Knows nothing of Node.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <vector>

#include "effects.h"
#include "kernels.h"

namespace meltysynth {

// The layout of one voice record, as in lib/kernels/VoiceTable.ts.
namespace record {
constexpr size_t kBytes = 128;
constexpr size_t kF64Position = 0;
constexpr size_t kF64Step = 1;
constexpr size_t kI32Flags = 4;
constexpr size_t kI32End = 5;
constexpr size_t kI32StartLoop = 6;
constexpr size_t kI32EndLoop = 7;
constexpr int32_t kFlagLooping = 1;
constexpr int32_t kFlagFilterActive = 2;
constexpr size_t kF32Coefficients = 8;  // a0..a4
constexpr size_t kF32History = 13;      // x1, x2, y1, y2
constexpr size_t kF32Gains = 17;        // (previous, current) for left, right, chorus L/R, reverb
constexpr size_t kGainPairs = 5;
}  // namespace record

// Where the renderer reads and writes: pointers into JavaScript's typed arrays, with lengths in
// elements. The binding checks kinds and sizes before it builds one of these.
struct RendererBuffers {
  size_t blockSize = 0;
  const int16_t* waveData = nullptr;
  size_t waveLength = 0;
  uint8_t* table = nullptr;  // capacity records of record::kBytes
  size_t capacity = 0;
  const int32_t* order = nullptr;
  size_t orderLength = 0;
  float* left = nullptr;  // blockSize samples each
  float* right = nullptr;
  // Effects run only when both are present, as in JsBlockRenderer.
  bool hasReverb = false;
  ReverbState reverb = {};
  int32_t* reverbOffsets = nullptr;
  int32_t* reverbLengths = nullptr;
  int32_t* reverbCursors = nullptr;
  bool hasChorus = false;
  ChorusState chorus = {};
};

// One listed voice, copied out of the voice table and checked before anything is rendered: a
// table in shared memory that another thread changes meanwhile cannot steer a read out of bounds.
struct VoiceJob {
  size_t record;
  Oscillator oscillator;
  Biquad filter;
  bool filterActive;
  float gains[2 * record::kGainPairs];
};

class BlockRenderer {
 public:
  BlockRenderer(const RendererBuffers& buffers, const KernelSet& kernels);

  // Renders one block into left and right. Returns false, with error() saying why, when a
  // listed voice or an effect's state would make it read or write out of bounds; nothing has
  // been written then. Allocates nothing.
  bool render(size_t activeCount, double masterVolume);
  const char* error() const { return error_; }

  const KernelSet& kernels() const { return kernels_; }

  // The checks render() makes of one voice record, for the kernel entry points of the binding.
  static bool loadVoice(const uint8_t* table, size_t recordIndex, size_t waveLength, VoiceJob& job, char* error);
  static void storeVoice(uint8_t* table, const VoiceJob& job);

 private:
  bool check(size_t activeCount);
  void prefetchWave(const Oscillator& o) const;
  void renderGroup(VoiceJob* jobs, size_t count);
  void runEffects(double masterVolume);

  RendererBuffers b_;
  const KernelSet& kernels_;
  bool effects_;
  size_t stride_;  // floats between scratch rows: blockSize rounded up to 8
  std::unique_ptr<float[]> scratchMemory_;
  static constexpr size_t kMaxRamps = kBiquadLanes * record::kGainPairs;
  float* rows_;  // kBiquadLanes rows of one voice block each
  float* rampRows_[kMaxRamps];
  float rampStart_[kMaxRamps];
  float rampStep_[kMaxRamps];
  float* sends_[5];  // left, right, chorus in L/R, reverb in
  float* chorusOut_[2];
  float* reverbOut_[2];
  float inverseBlockSize_;
  std::vector<VoiceJob> jobs_;
  std::vector<uint8_t> listed_;
  char error_[kErrorLength];
};

}  // namespace meltysynth
