// The kernels with NEON, the arm64 baseline: 4 float lanes, 2 double lanes. The biquad runs two
// groups of 4 voices interleaved, so that their serial recursions overlap.
//
// Written here: the fused multiply-add, and how the oscillator finds each lane's pair of samples.
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <type_traits>
#include <utility>

#include "kernels.h"

#if defined(__aarch64__)

#include <arm_neon.h>

// NEON is the baseline: no target region is needed.
#include "kernels_impl.h"

namespace meltysynth {

namespace {

struct Neon {
  static constexpr size_t kLanes = 4;
  // The 32 registers hold the state of two groups (SSE2's 16 hold one).
  static constexpr size_t kBiquadGroups = 2;
  static constexpr size_t kRecursionLanes = 2;

  static Doubles<2> fma(Doubles<2> a, Doubles<2> b, Doubles<2> c) { return vfmaq_f64(c, a, b); }
  static Floats<4> fma(Floats<4> a, Floats<4> b, Floats<4> c) { return vfmaq_f32(c, a, b); }

  // At most a doubled pitch, the 4 indices lie within 6 of the first, so one 16-byte load holds
  // every pair and a table lookup picks them; otherwise, or where that load would reach past the
  // last readable sample, each lane loads its own.
  static Ints<4> pairs(const int16_t* data, int64_t first, Ints<4> index, bool narrow, int64_t lastReadable) {
    if (narrow && first + 7 <= lastReadable) {
      const uint8x16_t window = vreinterpretq_u8_s16(vld1q_s16(data + first));
      // Bytes 2r .. 2r + 3 of the window hold data[first + r] and data[first + r + 1].
      const Uints<4> offset = bits<Uints<4>>(index - static_cast<int32_t>(first));
      const Uints<4> bytes = (offset << 1) * 0x01010101u + 0x03020100u;
      return (Ints<4>)vqtbl1q_u8(window, (uint8x16_t)bytes);
    }
    Ints<4> pair;
    for (size_t j = 0; j < 4; j++) std::memcpy(reinterpret_cast<int32_t*>(&pair) + j, data + index[j], 4);
    return pair;
  }
};

}  // namespace

const KernelSet* neonKernels() {
  static const KernelSet set = {"neon",          multiplyAdd<Neon>, multiplyAddSlope<Neon>, rampGains<Neon>,
                                multiplyAddGains<Neon>, biquad<Neon>, oscillator<Neon>, cubicOscillator<Neon>, sincOscillator<Neon>, combs<Neon>,
                                allPass<Neon>};
  return &set;
}

}  // namespace meltysynth

#else

namespace meltysynth {
const KernelSet* neonKernels() { return nullptr; }
}  // namespace meltysynth

#endif
