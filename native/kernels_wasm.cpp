// The kernels with WebAssembly's 128-bit SIMD: 4 float lanes, 2 double lanes, as SSE2 has them.
// Built only into the wasm32 module (native/scripts/build-wasm.sh), where SIMD128 is the
// baseline, so kernels.cpp hands this set out without asking the CPU.
//
// Written here: the oscillator's multiply-add, which SIMD128 lacks in fused form, and how the
// oscillator finds each lane's pair of samples.
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
  // The recursion waits on its conversions to float and back: two groups interleaved fill that
  // wait, though the engines give SIMD128 only 16 registers on x86 (four groups spill too much).
  static constexpr size_t kBiquadGroups = 2;
  static constexpr size_t kRecursionLanes = 2;
  // Only where the product is exact (see kernels_impl.h): there it rounds as a fused one would.
  static Doubles<2> fma(Doubles<2> a, Doubles<2> b, Doubles<2> c) { return a * b + c; }
  // The oscillator's only multiply-add: a fraction below 2^24 times a difference of two 16-bit
  // samples, plus a sample times 2^24. In double the product and the sum are exact, so rounding
  // the sum to float once gives what a fused multiply-add gives.
  static Floats<4> fma(Floats<4> a, Floats<4> b, Floats<4> c) {
    const Doubles<2> low = widenLow(a) * widenLow(b) + widenLow(c);
    const Doubles<2> high = widenHigh(a) * widenHigh(b) + widenHigh(c);
    const Floats<4> rounded[2] = {narrowToLow(low), narrowToLow(high)};
    return joinLows<2>(rounded);
  }

  // At most a doubled pitch, the 4 indices lie within 6 of the first, so one 16-byte load holds
  // every pair and a byte shuffle picks them; otherwise, or where that load would reach past the
  // last readable sample, each lane loads its own.
  static Ints<4> pairs(const int16_t* data, int64_t first, Ints<4> index, bool narrow, int64_t lastReadable) {
    if (narrow && first + 7 <= lastReadable) {
      const v128_t window = wasm_v128_load(data + first);
      // Bytes 2r .. 2r + 3 of the window hold data[first + r] and data[first + r + 1].
      const Uints<4> offset = bits<Uints<4>>(index - static_cast<int32_t>(first));
      const Uints<4> bytes = (offset << 1) * 0x01010101u + 0x03020100u;
      return (Ints<4>)wasm_i8x16_swizzle(window, (v128_t)bytes);
    }
    Ints<4> pair;
    for (size_t j = 0; j < 4; j++) std::memcpy(reinterpret_cast<int32_t*>(&pair) + j, data + index[j], 4);
    return pair;
  }
};

}  // namespace

const KernelSet* wasmKernels() {
  static const KernelSet set = {"wasm-simd128",
                                multiplyAdd<Wasm>,
                                multiplyAddSlope<Wasm>,
                                rampGains<Wasm>,
                                multiplyAddGains<Wasm>,
                                biquad<Wasm>,
                                oscillator<Wasm>,
                                cubicOscillator<Wasm>, sincOscillator<Wasm>,
                                combs<Wasm>,
                                allPass<Wasm>};
  return &set;
}

}  // namespace meltysynth

#endif
