// The kernels with SSE2, the x86-64 baseline: 4 float lanes. The biquad and the comb filters
// run two or four groups of lanes side by side so that their serial recursions overlap. The
// oscillator is the scalar one: without gathers, compiled code is no faster than that.
#include "kernels.h"

#if defined(__x86_64__) || defined(_M_X64)

#include <emmintrin.h>

namespace meltysynth {

namespace {

inline __m128 flushDenormal(__m128 x) {
  const __m128 magnitude = _mm_and_ps(x, _mm_castsi128_ps(_mm_set1_epi32(0x7fffffff)));
  return _mm_andnot_ps(_mm_cmplt_ps(magnitude, _mm_set1_ps(1e-6f)), x);
}

inline void transpose(__m128& a, __m128& b, __m128& c, __m128& d) { _MM_TRANSPOSE4_PS(a, b, c, d); }

void multiplyAdd(float a, const float* x, float* destination, size_t n) {
  const __m128 va = _mm_set1_ps(a);
  size_t t = 0;
  for (; t + 8 <= n; t += 8) {
    const __m128 p0 = _mm_mul_ps(va, _mm_loadu_ps(x + t));
    const __m128 p1 = _mm_mul_ps(va, _mm_loadu_ps(x + t + 4));
    _mm_storeu_ps(destination + t, _mm_add_ps(_mm_loadu_ps(destination + t), p0));
    _mm_storeu_ps(destination + t + 4, _mm_add_ps(_mm_loadu_ps(destination + t + 4), p1));
  }
  for (; t < n; t++) destination[t] += a * x[t];
}

void multiplyAddSlope(float a, float step, const float* x, float* destination, size_t n) {
  const __m128 va = _mm_set1_ps(a);
  const __m128 vstep = _mm_set1_ps(step);
  __m128i index = _mm_setr_epi32(0, 1, 2, 3);
  size_t t = 0;
  for (; t + 4 <= n; t += 4) {
    const __m128 gain = _mm_add_ps(va, _mm_mul_ps(_mm_cvtepi32_ps(index), vstep));
    const __m128 product = _mm_mul_ps(gain, _mm_loadu_ps(x + t));
    _mm_storeu_ps(destination + t, _mm_add_ps(_mm_loadu_ps(destination + t), product));
    index = _mm_add_epi32(index, _mm_set1_epi32(4));
  }
  for (; t < n; t++) destination[t] += (a + static_cast<float>(t) * step) * x[t];
}

// Two groups of 4 voices: every sample, each lane takes one step of its voice's recursion.
void biquad(float* const* rows, Biquad* const* filters, size_t count, size_t n) {
  Biquad silent = {};
  float* r[8];
  const Biquad* f[8];
  for (size_t v = 0; v < 8; v++) {
    // Unused lanes read the first row and filter it with zero coefficients; nothing is stored.
    r[v] = v < count ? rows[v] : rows[0];
    f[v] = v < count ? filters[v] : &silent;
  }
  __m128 a0[2], a1[2], a2[2], a3[2], a4[2], x1[2], x2[2], y1[2], y2[2];
  for (int g = 0; g < 2; g++) {
    const Biquad* const* q = f + 4 * g;
    a0[g] = _mm_setr_ps(q[0]->a0, q[1]->a0, q[2]->a0, q[3]->a0);
    a1[g] = _mm_setr_ps(q[0]->a1, q[1]->a1, q[2]->a1, q[3]->a1);
    a2[g] = _mm_setr_ps(q[0]->a2, q[1]->a2, q[2]->a2, q[3]->a2);
    a3[g] = _mm_setr_ps(q[0]->a3, q[1]->a3, q[2]->a3, q[3]->a3);
    a4[g] = _mm_setr_ps(q[0]->a4, q[1]->a4, q[2]->a4, q[3]->a4);
    x1[g] = _mm_setr_ps(q[0]->x1, q[1]->x1, q[2]->x1, q[3]->x1);
    x2[g] = _mm_setr_ps(q[0]->x2, q[1]->x2, q[2]->x2, q[3]->x2);
    y1[g] = _mm_setr_ps(q[0]->y1, q[1]->y1, q[2]->y1, q[3]->y1);
    y2[g] = _mm_setr_ps(q[0]->y2, q[1]->y2, q[2]->y2, q[3]->y2);
  }
  const bool both = count > 4;
  auto stepOnce = [&](int g, __m128 x) {
    __m128 acc = _mm_mul_ps(a0[g], x);
    acc = _mm_add_ps(acc, _mm_mul_ps(a1[g], x1[g]));
    acc = _mm_add_ps(acc, _mm_mul_ps(a2[g], x2[g]));
    acc = _mm_sub_ps(acc, _mm_mul_ps(a4[g], y2[g]));
    const __m128 y = _mm_sub_ps(acc, _mm_mul_ps(a3[g], y1[g]));
    x2[g] = x1[g];
    x1[g] = x;
    y2[g] = y1[g];
    y1[g] = y;
    return y;
  };

  size_t t = 0;
  for (; t + 4 <= n; t += 4) {
    __m128 s[2][4];
    const int groups = both ? 2 : 1;
    for (int g = 0; g < groups; g++) {
      for (int k = 0; k < 4; k++) s[g][k] = _mm_loadu_ps(r[4 * g + k] + t);
      transpose(s[g][0], s[g][1], s[g][2], s[g][3]);
    }
    for (int j = 0; j < 4; j++) {
      s[0][j] = stepOnce(0, s[0][j]);
      if (both) s[1][j] = stepOnce(1, s[1][j]);
    }
    for (int g = 0; g < groups; g++) {
      transpose(s[g][0], s[g][1], s[g][2], s[g][3]);
      for (size_t k = 0; k < 4 && 4 * g + k < count; k++) _mm_storeu_ps(r[4 * g + k] + t, s[g][k]);
    }
  }
  for (; t < n; t++) {
    for (int g = 0; g < (both ? 2 : 1); g++) {
      float* const* q = r + 4 * g;
      alignas(16) float y[4];
      _mm_store_ps(y, stepOnce(g, _mm_setr_ps(q[0][t], q[1][t], q[2][t], q[3][t])));
      for (size_t k = 0; k < 4 && 4 * g + k < count; k++) q[k][t] = y[k];
    }
  }

  alignas(16) float out[4][4];
  for (int g = 0; g < (both ? 2 : 1); g++) {
    _mm_store_ps(out[0], x1[g]);
    _mm_store_ps(out[1], x2[g]);
    _mm_store_ps(out[2], y1[g]);
    _mm_store_ps(out[3], y2[g]);
    for (size_t k = 0; k < 4 && 4 * g + k < count; k++) {
      Biquad& q = *filters[4 * g + k];
      q.x1 = out[0][k];
      q.x2 = out[1][k];
      q.y1 = out[2][k];
      q.y2 = out[3][k];
    }
  }
}

// Four groups of 4 combs (left 0-3, left 4-7, right 0-3, right 4-7). Each block of 4 samples
// is loaded per comb, transposed so that a vector holds one sample of 4 combs, run through the
// combs' recursions, and transposed back.
void combs(CombBank& bank, const float* in, float* left, float* right, size_t n) {
  const __m128 damp1 = _mm_set1_ps(bank.damp1);
  const __m128 damp2 = _mm_set1_ps(bank.damp2);
  const __m128 feedback = _mm_set1_ps(bank.feedback);
  __m128 store[4];
  for (int g = 0; g < 4; g++) store[g] = _mm_loadu_ps(bank.store + 4 * g);
  float* const* line = bank.line;

  size_t t = 0;
  for (; t + 4 <= n; t += 4) {
    __m128 d[4][4];
    for (int g = 0; g < 4; g++) {
      for (int k = 0; k < 4; k++) d[g][k] = flushDenormal(_mm_loadu_ps(line[4 * g + k] + t));
    }
    // Each channel's output is the sum of its combs in order, as Reverb.ts adds them.
    for (int side = 0; side < 2; side++) {
      __m128 sum = _mm_setzero_ps();
      for (int c = 0; c < 8; c++) sum = _mm_add_ps(sum, d[2 * side + c / 4][c % 4]);
      _mm_storeu_ps((side == 0 ? left : right) + t, sum);
    }
    for (int g = 0; g < 4; g++) transpose(d[g][0], d[g][1], d[g][2], d[g][3]);
    for (int j = 0; j < 4; j++) {
      const __m128 input = _mm_set1_ps(in[t + j]);
      for (int g = 0; g < 4; g++) {
        store[g] = flushDenormal(_mm_add_ps(_mm_mul_ps(d[g][j], damp2), _mm_mul_ps(store[g], damp1)));
        d[g][j] = _mm_add_ps(input, _mm_mul_ps(store[g], feedback));
      }
    }
    for (int g = 0; g < 4; g++) {
      transpose(d[g][0], d[g][1], d[g][2], d[g][3]);
      for (int k = 0; k < 4; k++) _mm_storeu_ps(line[4 * g + k] + t, d[g][k]);
    }
  }
  for (; t < n; t++) {
    const __m128 input = _mm_set1_ps(in[t]);
    alignas(16) float delayed[4][4];
    alignas(16) float written[4][4];
    for (int g = 0; g < 4; g++) {
      float* const* q = line + 4 * g;
      const __m128 x = flushDenormal(_mm_setr_ps(q[0][t], q[1][t], q[2][t], q[3][t]));
      _mm_store_ps(delayed[g], x);
      store[g] = flushDenormal(_mm_add_ps(_mm_mul_ps(x, damp2), _mm_mul_ps(store[g], damp1)));
      _mm_store_ps(written[g], _mm_add_ps(input, _mm_mul_ps(store[g], feedback)));
      for (int k = 0; k < 4; k++) q[k][t] = written[g][k];
    }
    float sumLeft = 0.0f;
    float sumRight = 0.0f;
    for (int c = 0; c < 8; c++) sumLeft += delayed[c / 4][c % 4];
    for (int c = 0; c < 8; c++) sumRight += delayed[2 + c / 4][c % 4];
    left[t] = sumLeft;
    right[t] = sumRight;
  }
  for (int g = 0; g < 4; g++) _mm_storeu_ps(bank.store + 4 * g, store[g]);
}

// An all-pass filter has no recursion within a stretch shorter than its line: plain vector code.
void allPass(float* line, float feedback, float* block, size_t n) {
  const __m128 vfeedback = _mm_set1_ps(feedback);
  size_t t = 0;
  for (; t + 4 <= n; t += 4) {
    const __m128 input = _mm_loadu_ps(block + t);
    const __m128 delayed = flushDenormal(_mm_loadu_ps(line + t));
    _mm_storeu_ps(block + t, _mm_sub_ps(delayed, input));
    _mm_storeu_ps(line + t, _mm_add_ps(input, _mm_mul_ps(delayed, vfeedback)));
  }
  for (; t < n; t++) {
    const float input = block[t];
    float delayed = line[t];
    if (delayed < 1e-6f && delayed > -1e-6f) delayed = 0.0f;
    block[t] = delayed - input;
    line[t] = input + delayed * feedback;
  }
}

}  // namespace

const KernelSet* sse2Kernels() {
  static const KernelSet set = {"sse2",     multiplyAdd, multiplyAddSlope, biquad,
                                scalarKernels()->oscillator, combs,  allPass};
  return &set;
}

}  // namespace meltysynth

#else

namespace meltysynth {
const KernelSet* sse2Kernels() { return nullptr; }
}  // namespace meltysynth

#endif
