// The kernels with SSE2, the x86-64 baseline: 4 float lanes, 2 double lanes. The oscillator is
// the scalar one: without gathers and without a fused multiply-add, compiled code is no faster.
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <type_traits>
#include <utility>

#include "kernels.h"

#if defined(__x86_64__) || defined(_M_X64)

// SSE2 is the baseline: no target region is needed.
#include "kernels_impl.h"

namespace meltysynth {

namespace {

struct Sse2 {
  static constexpr size_t kLanes = 4;
  // More groups at once overflow the 16 registers and are slower.
  static constexpr size_t kBiquadGroups = 1;
  static constexpr size_t kRecursionLanes = 2;
  // Only where the product is exact (see kernels_impl.h): there it rounds as a fused one would.
  static Doubles<2> fma(Doubles<2> a, Doubles<2> b, Doubles<2> c) { return a * b + c; }
};

}  // namespace

const KernelSet* sse2Kernels() {
  static const KernelSet set = {"sse2",
                                multiplyAdd<Sse2>,
                                multiplyAddSlope<Sse2>,
                                rampGains<Sse2>,
                                multiplyAddGains<Sse2>,
                                biquad<Sse2>,
                                scalarKernels()->oscillator,
                                scalarKernels()->cubicOscillator,
                                sincOscillator<Sse2>,
                                combs<Sse2>,
                                allPass<Sse2>};
  return &set;
}

}  // namespace meltysynth

#else

namespace meltysynth {
const KernelSet* sse2Kernels() { return nullptr; }
}  // namespace meltysynth

#endif
