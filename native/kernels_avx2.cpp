// The kernels with AVX2 and FMA: 8 float lanes. Every function carries the target attribute
// instead of the whole file being compiled with -mavx2, so one x86-64 binary serves every CPU:
// kernels.cpp only hands these out when __builtin_cpu_supports says the CPU has both.
//
// The biquad runs up to 16 voices as 4 chains of 4 double lanes; gain ramps run 8 to 32 at a
// time in the lanes; the comb filters run each channel's 8 combs in the lanes; the oscillator
// gathers two neighbouring samples with one 32-bit load per lane wherever no loop wrap can happen.
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
  // The gain is added to sample by sample, as JavaScript does: a serial chain, computed 8 at a time.
  size_t t = 0;
  for (; t + 8 <= n; t += 8) {
    alignas(32) float gains[8];
    for (int k = 0; k < 8; k++, a += step) gains[k] = a;
    const __m256 product = _mm256_mul_ps(_mm256_load_ps(gains), _mm256_loadu_ps(x + t));
    _mm256_storeu_ps(destination + t, _mm256_add_ps(_mm256_loadu_ps(destination + t), product));
  }
  for (; t < n; t++, a += step) destination[t] += a * x[t];
}

// Up to 32 ramps in 4 vectors: each step adds to all of them at once, then 8 steps at a time are
// transposed into the ramps' rows.
MS_AVX2 void rampGains(const float* start, const float* step, size_t count, float* const* rows, size_t n) {
  for (size_t first = 0; first < count; first += 32) {
    const size_t batch = count - first < 32 ? count - first : 32;
    const size_t vectors = (batch + 7) / 8;
    alignas(32) float a[32] = {};
    alignas(32) float s[32] = {};
    for (size_t r = 0; r < batch; r++) {
      a[r] = start[first + r];
      s[r] = step[first + r];
    }
    __m256 gain[4], increment[4];
    for (size_t v = 0; v < 4; v++) {
      gain[v] = _mm256_load_ps(a + 8 * v);
      increment[v] = _mm256_load_ps(s + 8 * v);
    }
    float* const* out = rows + first;
    size_t t = 0;
    for (; t + 8 <= n; t += 8) {
      __m256 block[4][8];
      for (int j = 0; j < 8; j++) {
        for (size_t v = 0; v < vectors; v++) {
          block[v][j] = gain[v];
          gain[v] = _mm256_add_ps(gain[v], increment[v]);
        }
      }
      for (size_t v = 0; v < vectors; v++) {
        transpose(block[v]);
        for (size_t k = 0; k < 8 && 8 * v + k < batch; k++) _mm256_storeu_ps(out[8 * v + k] + t, block[v][k]);
      }
    }
    for (; t < n; t++) {
      for (size_t v = 0; v < vectors; v++) {
        _mm256_store_ps(a + 8 * v, gain[v]);
        gain[v] = _mm256_add_ps(gain[v], increment[v]);
      }
      for (size_t r = 0; r < batch; r++) out[r][t] = a[r];
    }
  }
}

MS_AVX2 void multiplyAddGains(const float* gains, const float* x, float* destination, size_t n) {
  size_t t = 0;
  for (; t + 8 <= n; t += 8) {
    const __m256 product = _mm256_mul_ps(_mm256_loadu_ps(gains + t), _mm256_loadu_ps(x + t));
    _mm256_storeu_ps(destination + t, _mm256_add_ps(_mm256_loadu_ps(destination + t), product));
  }
  for (; t < n; t++) destination[t] += gains[t] * x[t];
}

// The biquad of 4 voices, to JavaScript's bits: products of floats are exact in double, so each
// fused multiply-add rounds exactly where JavaScript's addition rounds, in JavaScript's order:
// ((((a0 x + a1 x1) + a2 x2) - a4 y2) - a3 y1). The first three terms do not depend on earlier
// outputs: feedForward computes them for 8 samples ahead, off the recursion, which is then
// two fused multiply-adds and the rounding of y to float per sample.
struct BiquadChain {
  __m256d a0, a1, a2, a3, a4;
};

MS_AVX2 inline void feedForward(const BiquadChain& k, const __m256d* x, __m256d x1, __m256d x2, __m256d* c) {
  c[0] = _mm256_fmadd_pd(k.a2, x2, _mm256_fmadd_pd(k.a1, x1, _mm256_mul_pd(k.a0, x[0])));
  c[1] = _mm256_fmadd_pd(k.a2, x1, _mm256_fmadd_pd(k.a1, x[0], _mm256_mul_pd(k.a0, x[1])));
#pragma GCC unroll 8
  for (int j = 2; j < 8; j++) {
    c[j] = _mm256_fmadd_pd(k.a2, x[j - 2], _mm256_fmadd_pd(k.a1, x[j - 1], _mm256_mul_pd(k.a0, x[j])));
  }
}

// The recursion runs on pairs of voices in 128-bit registers: converting y to float and back
// is on its critical path, and those conversions are quicker within 128 bits than across 256.
struct FeedbackPair {
  __m128d a3, a4;
};

MS_AVX2 inline __m128 feedback(const FeedbackPair& k, __m128d c, __m128d& y1, __m128d& y2) {
  const __m128 y = _mm_cvtpd_ps(_mm_fnmadd_pd(k.a3, y1, _mm_fnmadd_pd(k.a4, y2, c)));
  y2 = y1;
  y1 = _mm_cvtps_pd(y);
  return y;
}

MS_AVX2 inline __m256d lanes(const Biquad* const* q, float Biquad::*member) {
  return _mm256_cvtps_pd(_mm_setr_ps(q[0]->*member, q[1]->*member, q[2]->*member, q[3]->*member));
}

// Groups of 8 voices (1 or 2), each filtered by two chains of 4 double lanes. Rows are
// transposed 8 samples at a time so that a vector holds one sample of 8 voices. The group count
// is a template argument so that the loops over chains unroll and the recursion's state stays in
// registers.
template <int Groups>
MS_AVX2 void biquadGroups(float* const* r, const Biquad* const* f, Biquad* const* filters, size_t count, size_t n) {
  constexpr int kChains = 2 * Groups;  // of 4 voices, for the feed-forward part
  constexpr int kPairs = 4 * Groups;   // of 2 voices, for the recursion
  BiquadChain k[kChains];
  FeedbackPair p[kPairs];
  __m256d x1[kChains], x2[kChains];
  __m128d y1[kPairs], y2[kPairs];
#pragma GCC unroll 4
  for (int c = 0; c < kChains; c++) {
    const Biquad* const* q = f + 4 * c;
    k[c] = {lanes(q, &Biquad::a0), lanes(q, &Biquad::a1), lanes(q, &Biquad::a2), lanes(q, &Biquad::a3),
            lanes(q, &Biquad::a4)};
    x1[c] = lanes(q, &Biquad::x1);
    x2[c] = lanes(q, &Biquad::x2);
  }
#pragma GCC unroll 8
  for (int i = 0; i < kPairs; i++) {
    const Biquad* const* q = f + 2 * i;
    p[i] = {_mm_setr_pd(q[0]->a3, q[1]->a3), _mm_setr_pd(q[0]->a4, q[1]->a4)};
    y1[i] = _mm_setr_pd(q[0]->y1, q[1]->y1);
    y2[i] = _mm_setr_pd(q[0]->y2, q[1]->y2);
  }

  size_t t = 0;
  for (; t + 8 <= n; t += 8) {
    __m256 block[Groups][8];
    __m256d c[kChains][8];
#pragma GCC unroll 2
    for (int g = 0; g < Groups; g++) {
      for (int i = 0; i < 8; i++) block[g][i] = _mm256_loadu_ps(r[8 * g + i] + t);
      transpose(block[g]);
      __m256d lo[8], hi[8];
      for (int j = 0; j < 8; j++) {
        lo[j] = _mm256_cvtps_pd(_mm256_castps256_ps128(block[g][j]));
        hi[j] = _mm256_cvtps_pd(_mm256_extractf128_ps(block[g][j], 1));
      }
      feedForward(k[2 * g], lo, x1[2 * g], x2[2 * g], c[2 * g]);
      feedForward(k[2 * g + 1], hi, x1[2 * g + 1], x2[2 * g + 1], c[2 * g + 1]);
      x1[2 * g] = lo[7];
      x2[2 * g] = lo[6];
      x1[2 * g + 1] = hi[7];
      x2[2 * g + 1] = hi[6];
    }
#pragma GCC unroll 8
    for (int j = 0; j < 8; j++) {
#pragma GCC unroll 2
      for (int g = 0; g < Groups; g++) {
        const __m256d cl = c[2 * g][j];
        const __m256d ch = c[2 * g + 1][j];
        const __m128 y0 = feedback(p[4 * g], _mm256_castpd256_pd128(cl), y1[4 * g], y2[4 * g]);
        const __m128 y2v = feedback(p[4 * g + 1], _mm256_extractf128_pd(cl, 1), y1[4 * g + 1], y2[4 * g + 1]);
        const __m128 y4 = feedback(p[4 * g + 2], _mm256_castpd256_pd128(ch), y1[4 * g + 2], y2[4 * g + 2]);
        const __m128 y6 = feedback(p[4 * g + 3], _mm256_extractf128_pd(ch, 1), y1[4 * g + 3], y2[4 * g + 3]);
        block[g][j] = _mm256_set_m128(_mm_movelh_ps(y4, y6), _mm_movelh_ps(y0, y2v));
      }
    }
#pragma GCC unroll 2
    for (int g = 0; g < Groups; g++) {
      transpose(block[g]);
      for (size_t i = 0; i < 8 && 8 * g + i < count; i++) _mm256_storeu_ps(r[8 * g + i] + t, block[g][i]);
    }
  }
  for (; t < n; t++) {
#pragma GCC unroll 4
    for (int c = 0; c < kChains; c++) {
      float* const* q = r + 4 * c;
      const __m256d x = _mm256_cvtps_pd(_mm_setr_ps(q[0][t], q[1][t], q[2][t], q[3][t]));
      const __m256d ff = _mm256_fmadd_pd(k[c].a2, x2[c], _mm256_fmadd_pd(k[c].a1, x1[c], _mm256_mul_pd(k[c].a0, x)));
      x2[c] = x1[c];
      x1[c] = x;
      const __m128 lo = feedback(p[2 * c], _mm256_castpd256_pd128(ff), y1[2 * c], y2[2 * c]);
      const __m128 hi = feedback(p[2 * c + 1], _mm256_extractf128_pd(ff, 1), y1[2 * c + 1], y2[2 * c + 1]);
      alignas(16) float y[4];
      _mm_store_ps(y, _mm_movelh_ps(lo, hi));
      for (size_t i = 0; i < 4 && 4 * c + i < count; i++) q[i][t] = y[i];
    }
  }

  for (int c = 0; c < kChains; c++) {
    alignas(16) float s[2][4];
    _mm_store_ps(s[0], _mm256_cvtpd_ps(x1[c]));
    _mm_store_ps(s[1], _mm256_cvtpd_ps(x2[c]));
    for (size_t i = 0; i < 4 && 4 * c + i < count; i++) {
      filters[4 * c + i]->x1 = s[0][i];
      filters[4 * c + i]->x2 = s[1][i];
    }
  }
  for (int i = 0; i < kPairs; i++) {
    alignas(16) double s[2][2];
    _mm_store_pd(s[0], y1[i]);
    _mm_store_pd(s[1], y2[i]);
    for (size_t j = 0; j < 2 && 2 * i + j < count; j++) {
      filters[2 * i + j]->y1 = static_cast<float>(s[0][j]);
      filters[2 * i + j]->y2 = static_cast<float>(s[1][j]);
    }
  }
}

MS_AVX2 void biquad(float* const* rows, Biquad* const* filters, size_t count, size_t n) {
  // One or two voices are quicker alone than in lanes of eight.
  if (count <= 2) return scalarKernels()->biquad(rows, filters, count, n);
  if (count > 8 && count <= 10) {
    biquad(rows, filters, 8, n);
    return scalarKernels()->biquad(rows + 8, filters + 8, count - 8, n);
  }
  Biquad silent = {};
  float* r[kBiquadLanes];
  const Biquad* f[kBiquadLanes];
  for (size_t v = 0; v < kBiquadLanes; v++) {
    // Unused lanes read the first row and filter it with zero coefficients; nothing is stored.
    r[v] = v < count ? rows[v] : rows[0];
    f[v] = v < count ? filters[v] : &silent;
  }
  // One group of 8 at a time: two groups at once run out of registers and are slower.
  biquadGroups<1>(r, f, filters, count < 8 ? count : 8, n);
  if (count > 8) biquadGroups<1>(r + 8, f + 8, filters + 8, count - 8, n);
}

// The pairs (data[index], data[index + 1]) of 8 samples. At most a doubled pitch, the 8 indices
// lie within 15 of the first, so two 32-byte loads and two permutes find them; otherwise, or
// where those loads would reach past the last readable sample, a gather does.
MS_AVX2 inline __m256i loadPairs(const int16_t* data, int64_t first, __m256i index, bool window) {
  if (window) {
    const __m256i even = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(data + first));
    const __m256i odd = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(data + first + 1));
    const __m256i offset = _mm256_sub_epi32(index, _mm256_set1_epi32(static_cast<int>(first)));
    const __m256i half = _mm256_srli_epi32(offset, 1);
    const __m256 fromEven = _mm256_castsi256_ps(_mm256_permutevar8x32_epi32(even, half));
    const __m256 fromOdd = _mm256_castsi256_ps(_mm256_permutevar8x32_epi32(odd, half));
    return _mm256_castps_si256(_mm256_blendv_ps(fromEven, fromOdd, _mm256_castsi256_ps(_mm256_slli_epi32(offset, 31))));
  }
  // One 32-bit load per lane at data + index reads data[index] (low half) and data[index + 1].
  return _mm256_i32gather_epi32(reinterpret_cast<const int*>(data), index, 2);
}

// 8 samples per step, each lane keeping its own integer index and 24-bit fraction. The
// interpolation is one fused multiply-add in float: frac, the difference and x1 * 2^24 are all
// exact floats, so the FMA rounds the exact fixed-point value once, as JavaScript's double
// arithmetic followed by the store to a Float32Array does; the scaling by 2^-39 is exact.
MS_AVX2 void oscillatorSpan(const int16_t* data, int64_t position, int64_t step, float* out, size_t n,
                            int64_t lastReadable) {
  size_t t = 0;
  // Lane indices stay in 32 bits when 8 steps advance them by less than 2^7.
  if (n >= 8 && step < (int64_t{1} << 28)) {
    alignas(32) int32_t indices[8], fractions[8];
    for (int j = 0; j < 8; j++) {
      const int64_t p = position + j * step;
      indices[j] = static_cast<int32_t>(p >> kFracBits);
      fractions[j] = static_cast<int32_t>(p & kFracMask);
    }
    __m256i index = _mm256_load_si256(reinterpret_cast<const __m256i*>(indices));
    __m256i frac = _mm256_load_si256(reinterpret_cast<const __m256i*>(fractions));
    const int64_t advance = 8 * step;
    const __m256i indexStep = _mm256_set1_epi32(static_cast<int>(advance >> kFracBits));
    const __m256i fracStep = _mm256_set1_epi32(static_cast<int>(advance & kFracMask));
    const __m256i fracMask = _mm256_set1_epi32(static_cast<int>(kFracMask));
    const __m256 unit = _mm256_set1_ps(0x1p24f);
    const __m256 toSample = _mm256_set1_ps(0x1p-39f);
    const bool narrow = step <= 2 * kFracUnit;
    for (; t + 8 <= n; t += 8) {
      const int64_t first = position >> kFracBits;
      const __m256i pair = loadPairs(data, first, index, narrow && first + 16 <= lastReadable);
      const __m256i x1 = _mm256_srai_epi32(_mm256_slli_epi32(pair, 16), 16);
      const __m256i difference = _mm256_sub_epi32(_mm256_srai_epi32(pair, 16), x1);
      const __m256 fixed = _mm256_fmadd_ps(_mm256_cvtepi32_ps(frac), _mm256_cvtepi32_ps(difference),
                                           _mm256_mul_ps(_mm256_cvtepi32_ps(x1), unit));
      _mm256_storeu_ps(out + t, _mm256_mul_ps(fixed, toSample));
      frac = _mm256_add_epi32(frac, fracStep);
      index = _mm256_add_epi32(index, _mm256_add_epi32(indexStep, _mm256_srli_epi32(frac, kFracBits)));
      frac = _mm256_and_si256(frac, fracMask);
      position += advance;
    }
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

const KernelSet kAvx2 = {"avx2", multiplyAdd, multiplyAddSlope, rampGains, multiplyAddGains,
                         biquad, oscillator,  combs,            allPass};

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
