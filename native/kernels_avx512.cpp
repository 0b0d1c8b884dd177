// The kernels with AVX-512: 16 float lanes, 8 double lanes, so one vector holds a sample of all
// the voices the block renderer hands the biquad, and of all 16 comb filters. Compiled for
// AVX-512 F, DQ, BW and VL in a target region; kernels.cpp only hands these out when
// __builtin_cpu_supports finds all of them.
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
#pragma clang attribute push(__attribute__((target("avx512f,avx512dq,avx512bw,avx512vl,avx2,fma"))), \
                             apply_to = function)
#else
#pragma GCC push_options
#pragma GCC target("avx512f,avx512dq,avx512bw,avx512vl,avx2,fma")
#endif

#include "kernels_impl.h"

namespace meltysynth {

namespace {

struct Avx512 {
  static constexpr size_t kLanes = 16;
  static constexpr size_t kBiquadGroups = 1;
  // Converting y to float and back, the biquad's critical path, is quicker within 128 bits (as
  // measured with AVX2), and 8 chains of 2 voices keep enough of them in flight.
  static constexpr size_t kRecursionLanes = 2;

  static Doubles<2> fma(Doubles<2> a, Doubles<2> b, Doubles<2> c) { return _mm_fmadd_pd(a, b, c); }
  static Doubles<8> fma(Doubles<8> a, Doubles<8> b, Doubles<8> c) { return _mm512_fmadd_pd(a, b, c); }
  static Floats<16> fma(Floats<16> a, Floats<16> b, Floats<16> c) { return _mm512_fmadd_ps(a, b, c); }

  // At most a doubled pitch, the 16 indices lie within 31 of the first, so two 64-byte loads and
  // two permutes find the pairs; otherwise, or where those loads would reach past the last
  // readable sample, a gather does (one 32-bit load per lane at data + index).
  static Ints<16> pairs(const int16_t* data, int64_t first, Ints<16> index, bool narrow, int64_t lastReadable) {
    if (narrow && first + 32 <= lastReadable) {
      const __m512i even = _mm512_loadu_si512(data + first);
      const __m512i odd = _mm512_loadu_si512(data + first + 1);
      const Ints<16> offset = index - static_cast<int32_t>(first);
      const __m512i half = (__m512i)(offset >> 1);
      const __mmask16 isOdd = _mm512_test_epi32_mask((__m512i)offset, _mm512_set1_epi32(1));
      // The masked forms, each lane written by one of the two permutes; the unmasked ones start
      // from an undefined register, which GCC 12 warns of.
      const __m512i fromEven = _mm512_mask_permutexvar_epi32(_mm512_setzero_si512(), ~isOdd, half, even);
      return (Ints<16>)_mm512_mask_permutexvar_epi32(fromEven, isOdd, half, odd);
    }
    return (Ints<16>)_mm512_mask_i32gather_epi32(_mm512_setzero_si512(), 0xffff, (__m512i)index, data, 2);
  }
};

const KernelSet kAvx512 = {"avx512",          multiplyAdd<Avx512>, multiplyAddSlope<Avx512>, rampGains<Avx512>,
                           multiplyAddGains<Avx512>, biquadOrNarrower<Avx512, avx2Kernels>, oscillator<Avx512>, cubicOscillator<Avx512>, sincOscillator<Avx512>, combs<Avx512>,
                           allPass<Avx512>};

}  // namespace

}  // namespace meltysynth

#if defined(__clang__)
#pragma clang attribute pop
#else
#pragma GCC pop_options
#endif

namespace meltysynth {

const KernelSet* avx512Kernels() {
  __builtin_cpu_init();
  const bool usable = __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512dq") &&
                      __builtin_cpu_supports("avx512bw") && __builtin_cpu_supports("avx512vl") &&
                      __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
  return usable ? &kAvx512 : nullptr;
}

}  // namespace meltysynth

#else

namespace meltysynth {
const KernelSet* avx512Kernels() { return nullptr; }
}  // namespace meltysynth

#endif
