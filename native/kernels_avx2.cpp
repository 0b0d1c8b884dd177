// The kernels with AVX2 and FMA: 8 float lanes, 4 double lanes. Every function is compiled for
// AVX2 (a target region rather than -mavx2 for the file), so one x86-64 binary serves every CPU:
// kernels.cpp only hands these out when __builtin_cpu_supports finds AVX2 and FMA.
//
// Written here: the fused multiply-add, and how the oscillator finds each lane's pair of samples.
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <type_traits>
#include <utility>

#include "kernels.h"

#if defined(__x86_64__) || defined(_M_X64)

#include <immintrin.h>

#if defined(__clang__)
#pragma clang attribute push(__attribute__((target("avx2,fma"))), apply_to = function)
#else
#pragma GCC push_options
#pragma GCC target("avx2,fma")
#endif

#include "kernels_impl.h"

namespace meltysynth {

namespace {

struct Avx2 {
  static constexpr size_t kLanes = 8;
  // Two groups of 8 at once run out of registers and are slower.
  static constexpr size_t kBiquadGroups = 1;
  // Converting y to float and back, the biquad's critical path, is quicker within 128 bits.
  static constexpr size_t kRecursionLanes = 2;

  static Doubles<2> fma(Doubles<2> a, Doubles<2> b, Doubles<2> c) { return _mm_fmadd_pd(a, b, c); }
  static Doubles<4> fma(Doubles<4> a, Doubles<4> b, Doubles<4> c) { return _mm256_fmadd_pd(a, b, c); }
  static Floats<8> fma(Floats<8> a, Floats<8> b, Floats<8> c) { return _mm256_fmadd_ps(a, b, c); }

  // At most a doubled pitch, the 8 indices lie within 15 of the first, so two 32-byte loads and
  // two permutes find the pairs; otherwise, or where those loads would reach past the last
  // readable sample, a gather does (one 32-bit load per lane at data + index).
  static Ints<8> pairs(const int16_t* data, int64_t first, Ints<8> index, bool narrow, int64_t lastReadable) {
    if (narrow && first + 16 <= lastReadable) {
      const __m256i even = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(data + first));
      const __m256i odd = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(data + first + 1));
      const Ints<8> offset = index - static_cast<int32_t>(first);
      const __m256i half = (__m256i)(offset >> 1);
      const Ints<8> fromEven = (Ints<8>)_mm256_permutevar8x32_epi32(even, half);
      const Ints<8> fromOdd = (Ints<8>)_mm256_permutevar8x32_epi32(odd, half);
      return (offset & 1) != 0 ? fromOdd : fromEven;
    }
    return (Ints<8>)_mm256_i32gather_epi32(reinterpret_cast<const int*>(data), (__m256i)index, 2);
  }
};

const KernelSet kAvx2 = {"avx2",        multiplyAdd<Avx2>, multiplyAddSlope<Avx2>, rampGains<Avx2>,
                         multiplyAddGains<Avx2>, biquadOrNarrower<Avx2, sse2Kernels>, oscillator<Avx2>, cubicOscillator<Avx2>, sincOscillator<Avx2>, combs<Avx2>,
                         allPass<Avx2>};

}  // namespace

}  // namespace meltysynth

#if defined(__clang__)
#pragma clang attribute pop
#else
#pragma GCC pop_options
#endif

namespace meltysynth {

const KernelSet* avx2Kernels() {
  __builtin_cpu_init();
  if (!__builtin_cpu_supports("avx2") || !__builtin_cpu_supports("fma")) return nullptr;
  return &kAvx2;
}

}  // namespace meltysynth

#else

namespace meltysynth {
const KernelSet* avx2Kernels() { return nullptr; }
}  // namespace meltysynth

#endif
