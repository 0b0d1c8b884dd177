// The kernels with AVX2 and FMA: 8 float lanes. Every function carries the target attribute
// instead of the whole file being compiled with -mavx2, so one x86-64 binary serves every CPU:
// kernels.cpp only hands these out when __builtin_cpu_supports says the CPU has both.
//
// The biquad runs 8 voices in the 8 lanes and lets FMA shorten its recursion; the comb filters
// run each channel's 8 combs in the lanes; the oscillator gathers two neighbouring samples with
// one 32-bit load per lane wherever no loop wrap can happen.
#include "kernels.h"

#if defined(__x86_64__) || defined(_M_X64)

#include <immintrin.h>

#define MS_AVX2 __attribute__((target("avx2,fma")))

namespace meltysynth {

namespace {

MS_AVX2 inline __m256 flushDenormal(__m256 x) {
  const __m256 magnitude = _mm256_and_ps(x, _mm256_castsi256_ps(_mm256_set1_epi32(0x7fffffff)));
  return _mm256_andnot_ps(_mm256_cmp_ps(magnitude, _mm256_set1_ps(1e-6f), _CMP_LT_OQ), x);
}

MS_AVX2 inline void transpose(__m256* r) {
  const __m256 t0 = _mm256_unpacklo_ps(r[0], r[1]);
  const __m256 t1 = _mm256_unpackhi_ps(r[0], r[1]);
  const __m256 t2 = _mm256_unpacklo_ps(r[2], r[3]);
  const __m256 t3 = _mm256_unpackhi_ps(r[2], r[3]);
  const __m256 t4 = _mm256_unpacklo_ps(r[4], r[5]);
  const __m256 t5 = _mm256_unpackhi_ps(r[4], r[5]);
  const __m256 t6 = _mm256_unpacklo_ps(r[6], r[7]);
  const __m256 t7 = _mm256_unpackhi_ps(r[6], r[7]);
  const __m256 s0 = _mm256_shuffle_ps(t0, t2, _MM_SHUFFLE(1, 0, 1, 0));
  const __m256 s1 = _mm256_shuffle_ps(t0, t2, _MM_SHUFFLE(3, 2, 3, 2));
  const __m256 s2 = _mm256_shuffle_ps(t1, t3, _MM_SHUFFLE(1, 0, 1, 0));
  const __m256 s3 = _mm256_shuffle_ps(t1, t3, _MM_SHUFFLE(3, 2, 3, 2));
  const __m256 s4 = _mm256_shuffle_ps(t4, t6, _MM_SHUFFLE(1, 0, 1, 0));
  const __m256 s5 = _mm256_shuffle_ps(t4, t6, _MM_SHUFFLE(3, 2, 3, 2));
  const __m256 s6 = _mm256_shuffle_ps(t5, t7, _MM_SHUFFLE(1, 0, 1, 0));
  const __m256 s7 = _mm256_shuffle_ps(t5, t7, _MM_SHUFFLE(3, 2, 3, 2));
  r[0] = _mm256_permute2f128_ps(s0, s4, 0x20);
  r[1] = _mm256_permute2f128_ps(s1, s5, 0x20);
  r[2] = _mm256_permute2f128_ps(s2, s6, 0x20);
  r[3] = _mm256_permute2f128_ps(s3, s7, 0x20);
  r[4] = _mm256_permute2f128_ps(s0, s4, 0x31);
  r[5] = _mm256_permute2f128_ps(s1, s5, 0x31);
  r[6] = _mm256_permute2f128_ps(s2, s6, 0x31);
  r[7] = _mm256_permute2f128_ps(s3, s7, 0x31);
}

MS_AVX2 void multiplyAdd(float a, const float* x, float* destination, size_t n) {
  // Multiply, then add: a fused multiply-add would round once and differ from JavaScript.
  const __m256 va = _mm256_set1_ps(a);
  size_t t = 0;
  for (; t + 16 <= n; t += 16) {
    const __m256 p0 = _mm256_mul_ps(va, _mm256_loadu_ps(x + t));
    const __m256 p1 = _mm256_mul_ps(va, _mm256_loadu_ps(x + t + 8));
    _mm256_storeu_ps(destination + t, _mm256_add_ps(_mm256_loadu_ps(destination + t), p0));
    _mm256_storeu_ps(destination + t + 8, _mm256_add_ps(_mm256_loadu_ps(destination + t + 8), p1));
  }
  for (; t + 8 <= n; t += 8) {
    const __m256 p = _mm256_mul_ps(va, _mm256_loadu_ps(x + t));
    _mm256_storeu_ps(destination + t, _mm256_add_ps(_mm256_loadu_ps(destination + t), p));
  }
  for (; t < n; t++) destination[t] += a * x[t];
}

MS_AVX2 void multiplyAddSlope(float a, float step, const float* x, float* destination, size_t n) {
  const __m256 va = _mm256_set1_ps(a);
  const __m256 vstep = _mm256_set1_ps(step);
  __m256i index = _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7);
  size_t t = 0;
  for (; t + 8 <= n; t += 8) {
    const __m256 gain = _mm256_add_ps(va, _mm256_mul_ps(_mm256_cvtepi32_ps(index), vstep));
    const __m256 product = _mm256_mul_ps(gain, _mm256_loadu_ps(x + t));
    _mm256_storeu_ps(destination + t, _mm256_add_ps(_mm256_loadu_ps(destination + t), product));
    index = _mm256_add_epi32(index, _mm256_set1_epi32(8));
  }
  for (; t < n; t++) destination[t] += (a + static_cast<float>(t) * step) * x[t];
}

struct BiquadLanes {
  __m256 a0, a1, a2, a3, a4, x1, x2, y1, y2;
};

// One sample of 8 voices. The a3 * y1 term comes last and fused: it waits for the previous
// output, and everything before it can be computed while that is still in flight.
MS_AVX2 inline __m256 biquadStep(BiquadLanes& s, __m256 x) {
  __m256 acc = _mm256_mul_ps(s.a0, x);
  acc = _mm256_fmadd_ps(s.a1, s.x1, acc);
  acc = _mm256_fmadd_ps(s.a2, s.x2, acc);
  acc = _mm256_fnmadd_ps(s.a4, s.y2, acc);
  const __m256 y = _mm256_fnmadd_ps(s.a3, s.y1, acc);
  s.x2 = s.x1;
  s.x1 = x;
  s.y2 = s.y1;
  s.y1 = y;
  return y;
}

MS_AVX2 void biquad(float* const* rows, Biquad* const* filters, size_t count, size_t n) {
  Biquad silent = {};
  float* r[8];
  const Biquad* f[8];
  for (size_t v = 0; v < 8; v++) {
    // Unused lanes read the first row and filter it with zero coefficients; nothing is stored.
    r[v] = v < count ? rows[v] : rows[0];
    f[v] = v < count ? filters[v] : &silent;
  }
  BiquadLanes s;
  s.a0 = _mm256_setr_ps(f[0]->a0, f[1]->a0, f[2]->a0, f[3]->a0, f[4]->a0, f[5]->a0, f[6]->a0, f[7]->a0);
  s.a1 = _mm256_setr_ps(f[0]->a1, f[1]->a1, f[2]->a1, f[3]->a1, f[4]->a1, f[5]->a1, f[6]->a1, f[7]->a1);
  s.a2 = _mm256_setr_ps(f[0]->a2, f[1]->a2, f[2]->a2, f[3]->a2, f[4]->a2, f[5]->a2, f[6]->a2, f[7]->a2);
  s.a3 = _mm256_setr_ps(f[0]->a3, f[1]->a3, f[2]->a3, f[3]->a3, f[4]->a3, f[5]->a3, f[6]->a3, f[7]->a3);
  s.a4 = _mm256_setr_ps(f[0]->a4, f[1]->a4, f[2]->a4, f[3]->a4, f[4]->a4, f[5]->a4, f[6]->a4, f[7]->a4);
  s.x1 = _mm256_setr_ps(f[0]->x1, f[1]->x1, f[2]->x1, f[3]->x1, f[4]->x1, f[5]->x1, f[6]->x1, f[7]->x1);
  s.x2 = _mm256_setr_ps(f[0]->x2, f[1]->x2, f[2]->x2, f[3]->x2, f[4]->x2, f[5]->x2, f[6]->x2, f[7]->x2);
  s.y1 = _mm256_setr_ps(f[0]->y1, f[1]->y1, f[2]->y1, f[3]->y1, f[4]->y1, f[5]->y1, f[6]->y1, f[7]->y1);
  s.y2 = _mm256_setr_ps(f[0]->y2, f[1]->y2, f[2]->y2, f[3]->y2, f[4]->y2, f[5]->y2, f[6]->y2, f[7]->y2);

  size_t t = 0;
  for (; t + 8 <= n; t += 8) {
    __m256 block[8];
    for (int k = 0; k < 8; k++) block[k] = _mm256_loadu_ps(r[k] + t);
    transpose(block);
    for (int j = 0; j < 8; j++) block[j] = biquadStep(s, block[j]);
    transpose(block);
    for (size_t k = 0; k < count; k++) _mm256_storeu_ps(r[k] + t, block[k]);
  }
  for (; t < n; t++) {
    alignas(32) float y[8];
    const __m256 x = _mm256_setr_ps(r[0][t], r[1][t], r[2][t], r[3][t], r[4][t], r[5][t], r[6][t], r[7][t]);
    _mm256_store_ps(y, biquadStep(s, x));
    for (size_t k = 0; k < count; k++) r[k][t] = y[k];
  }

  alignas(32) float x1[8], x2[8], y1[8], y2[8];
  _mm256_store_ps(x1, s.x1);
  _mm256_store_ps(x2, s.x2);
  _mm256_store_ps(y1, s.y1);
  _mm256_store_ps(y2, s.y2);
  for (size_t k = 0; k < count; k++) {
    filters[k]->x1 = x1[k];
    filters[k]->x2 = x2[k];
    filters[k]->y1 = y1[k];
    filters[k]->y2 = y2[k];
  }
}

// Packs the low 32 bits of 8 64-bit lanes (lo: lanes 0-3, hi: lanes 4-7) into one vector.
MS_AVX2 inline __m256i packLow32(__m256i lo, __m256i hi) {
  const __m256 mixed = _mm256_shuffle_ps(_mm256_castsi256_ps(lo), _mm256_castsi256_ps(hi), _MM_SHUFFLE(2, 0, 2, 0));
  return _mm256_permute4x64_epi64(_mm256_castps_si256(mixed), _MM_SHUFFLE(3, 1, 2, 0));
}

// Linear interpolation of 4 lanes in double precision, where it is exact, rounded once to float
// as JavaScript rounds its exact double result.
MS_AVX2 inline __m128 interpolate4(__m128i x1, __m128i difference, __m128i frac) {
  const __m256d fixed = _mm256_fmadd_pd(_mm256_cvtepi32_pd(frac), _mm256_cvtepi32_pd(difference),
                                        _mm256_mul_pd(_mm256_cvtepi32_pd(x1), _mm256_set1_pd(0x1p24)));
  return _mm256_cvtpd_ps(_mm256_mul_pd(fixed, _mm256_set1_pd(0x1p-39)));
}

MS_AVX2 void oscillatorSpan(const int16_t* data, int64_t position, int64_t step, float* out, size_t n) {
  size_t t = 0;
  if (n >= 8) {
    // The positions of 8 consecutive samples, 4 per vector of 64-bit lanes.
    __m256i p0 = _mm256_setr_epi64x(position, position + step, position + 2 * step, position + 3 * step);
    __m256i p1 = _mm256_add_epi64(p0, _mm256_set1_epi64x(4 * step));
    const __m256i advance = _mm256_set1_epi64x(8 * step);
    const __m256i fracMask = _mm256_set1_epi32(static_cast<int>(kFracMask));
    const int* base = reinterpret_cast<const int*>(data);
    for (; t + 8 <= n; t += 8) {
      const __m256i index = packLow32(_mm256_srli_epi64(p0, kFracBits), _mm256_srli_epi64(p1, kFracBits));
      const __m256i frac = _mm256_and_si256(packLow32(p0, p1), fracMask);
      // One 32-bit load per lane at data + index reads data[index] (low half) and
      // data[index + 1] (high half): the span never reads past what the renderer checked.
      const __m256i pair = _mm256_i32gather_epi32(base, index, 2);
      const __m256i x1 = _mm256_srai_epi32(_mm256_slli_epi32(pair, 16), 16);
      const __m256i difference = _mm256_sub_epi32(_mm256_srai_epi32(pair, 16), x1);
      const __m128 lo = interpolate4(_mm256_castsi256_si128(x1), _mm256_castsi256_si128(difference),
                                     _mm256_castsi256_si128(frac));
      const __m128 hi = interpolate4(_mm256_extracti128_si256(x1, 1), _mm256_extracti128_si256(difference, 1),
                                     _mm256_extracti128_si256(frac, 1));
      _mm256_storeu_ps(out + t, _mm256_set_m128(hi, lo));
      p0 = _mm256_add_epi64(p0, advance);
      p1 = _mm256_add_epi64(p1, advance);
    }
    position += static_cast<int64_t>(t) * step;
  }
  for (; t < n; t++) {
    const int64_t index = position >> kFracBits;
    const int64_t x1 = data[index];
    const int64_t fixed = (x1 * kFracUnit) + (position & kFracMask) * (data[index + 1] - x1);
    out[t] = static_cast<float>(fixed) * 0x1p-39f;
    position += step;
  }
}

MS_AVX2 void oscillator(const int16_t* data, Oscillator& o, float* out, size_t n) {
  runOscillator(data, o, out, n, oscillatorSpan);
}

MS_AVX2 inline void combStep(__m256& store, __m256 delayed, __m256 input, __m256 damp1, __m256 damp2,
                             __m256 feedback, __m256& written) {
  // Multiplies and adds kept apart, as in Reverb.ts, so the reverb gives JavaScript's bits.
  store = flushDenormal(_mm256_add_ps(_mm256_mul_ps(delayed, damp2), _mm256_mul_ps(store, damp1)));
  written = _mm256_add_ps(input, _mm256_mul_ps(store, feedback));
}

// Each channel's 8 combs in the 8 lanes: every 8 samples are loaded per comb, transposed so
// that a vector holds one sample of all 8 combs, run through the recursions, transposed back.
MS_AVX2 void combs(CombBank& bank, const float* in, float* left, float* right, size_t n) {
  const __m256 damp1 = _mm256_set1_ps(bank.damp1);
  const __m256 damp2 = _mm256_set1_ps(bank.damp2);
  const __m256 feedback = _mm256_set1_ps(bank.feedback);
  __m256 store[2] = {_mm256_loadu_ps(bank.store), _mm256_loadu_ps(bank.store + 8)};
  float* const* line = bank.line;

  size_t t = 0;
  for (; t + 8 <= n; t += 8) {
    __m256 d[2][8];
    for (int side = 0; side < 2; side++) {
      __m256 sum = _mm256_setzero_ps();
      for (int c = 0; c < 8; c++) {
        d[side][c] = flushDenormal(_mm256_loadu_ps(line[8 * side + c] + t));
        // The channel's output sums its combs in order, as Reverb.ts adds them.
        sum = _mm256_add_ps(sum, d[side][c]);
      }
      _mm256_storeu_ps((side == 0 ? left : right) + t, sum);
      transpose(d[side]);
    }
    for (int j = 0; j < 8; j++) {
      const __m256 input = _mm256_broadcast_ss(in + t + j);
      combStep(store[0], d[0][j], input, damp1, damp2, feedback, d[0][j]);
      combStep(store[1], d[1][j], input, damp1, damp2, feedback, d[1][j]);
    }
    for (int side = 0; side < 2; side++) {
      transpose(d[side]);
      for (int c = 0; c < 8; c++) _mm256_storeu_ps(line[8 * side + c] + t, d[side][c]);
    }
  }
  for (; t < n; t++) {
    const __m256 input = _mm256_broadcast_ss(in + t);
    for (int side = 0; side < 2; side++) {
      float* const* q = line + 8 * side;
      const __m256 delayed =
          flushDenormal(_mm256_setr_ps(q[0][t], q[1][t], q[2][t], q[3][t], q[4][t], q[5][t], q[6][t], q[7][t]));
      __m256 written;
      combStep(store[side], delayed, input, damp1, damp2, feedback, written);
      alignas(32) float d[8], w[8];
      _mm256_store_ps(d, delayed);
      _mm256_store_ps(w, written);
      float sum = 0.0f;
      for (int c = 0; c < 8; c++) {
        q[c][t] = w[c];
        sum += d[c];
      }
      (side == 0 ? left : right)[t] = sum;
    }
  }
  _mm256_storeu_ps(bank.store, store[0]);
  _mm256_storeu_ps(bank.store + 8, store[1]);
}

MS_AVX2 void allPass(float* line, float feedback, float* block, size_t n) {
  const __m256 vfeedback = _mm256_set1_ps(feedback);
  size_t t = 0;
  for (; t + 8 <= n; t += 8) {
    const __m256 input = _mm256_loadu_ps(block + t);
    const __m256 delayed = flushDenormal(_mm256_loadu_ps(line + t));
    _mm256_storeu_ps(block + t, _mm256_sub_ps(delayed, input));
    _mm256_storeu_ps(line + t, _mm256_add_ps(input, _mm256_mul_ps(delayed, vfeedback)));
  }
  for (; t < n; t++) {
    const float input = block[t];
    float delayed = line[t];
    if (delayed < 1e-6f && delayed > -1e-6f) delayed = 0.0f;
    block[t] = delayed - input;
    line[t] = input + delayed * feedback;
  }
}

const KernelSet kAvx2 = {"avx2", multiplyAdd, multiplyAddSlope, biquad, oscillator, combs, allPass};

}  // namespace

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
