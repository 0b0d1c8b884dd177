// The kernels with WebAssembly's 128-bit SIMD: 4 float lanes, 2 double lanes, as SSE2 has them.
// Built only into the wasm32 module (native/scripts/build-wasm.sh), where SIMD128 is the
// baseline, so kernels.cpp hands this set out without asking the CPU.
//
// The oscillator is the scalar one: SIMD128 has no fused multiply-add, which the vector
// oscillator needs to round the exact fixed-point value once (see kernels_impl.h).
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <type_traits>
#include <utility>

#include "kernels.h"

#if defined(__wasm_simd128__)

#include "kernels_impl.h"

namespace meltysynth {

namespace {

struct Wasm {
  static constexpr size_t kLanes = 4;
  // The engines compile SIMD128 to SSE or NEON registers, 16 of them on x86: one group at a time.
  static constexpr size_t kBiquadGroups = 1;
  static constexpr size_t kRecursionLanes = 2;
  // Only where the product is exact (see kernels_impl.h): there it rounds as a fused one would.
  static Doubles<2> fma(Doubles<2> a, Doubles<2> b, Doubles<2> c) { return a * b + c; }
};

}  // namespace

const KernelSet* wasmKernels() {
  static const KernelSet set = {"wasm-simd128",
                                multiplyAdd<Wasm>,
                                multiplyAddSlope<Wasm>,
                                rampGains<Wasm>,
                                multiplyAddGains<Wasm>,
                                biquad<Wasm>,
                                scalarKernels()->oscillator,
                                combs<Wasm>,
                                allPass<Wasm>};
  return &set;
}

}  // namespace meltysynth

#endif
