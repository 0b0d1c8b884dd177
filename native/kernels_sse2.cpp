// The kernels with SSE2, the x86-64 baseline: 4 float lanes, 2 double lanes. The biquad (up to
// 8 chains of 2 voices), the gain ramps and the comb filters run several groups of lanes side by
// side so that their serial recursions overlap. The oscillator is the scalar one: without
// gathers, compiled code is no faster than that.
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
  // The gain is added to sample by sample, as JavaScript does: a serial chain, computed 4 at a time.
  size_t t = 0;
  for (; t + 4 <= n; t += 4) {
    alignas(16) float gains[4];
    for (int k = 0; k < 4; k++, a += step) gains[k] = a;
    const __m128 product = _mm_mul_ps(_mm_load_ps(gains), _mm_loadu_ps(x + t));
    _mm_storeu_ps(destination + t, _mm_add_ps(_mm_loadu_ps(destination + t), product));
  }
  for (; t < n; t++, a += step) destination[t] += a * x[t];
}

// Up to 16 ramps in 4 vectors, transposed into their rows 4 steps at a time.
void rampGains(const float* start, const float* step, size_t count, float* const* rows, size_t n) {
  for (size_t first = 0; first < count; first += 16) {
    const size_t batch = count - first < 16 ? count - first : 16;
    const size_t vectors = (batch + 3) / 4;
    alignas(16) float a[16] = {};
    alignas(16) float s[16] = {};
    for (size_t r = 0; r < batch; r++) {
      a[r] = start[first + r];
      s[r] = step[first + r];
    }
    __m128 gain[4], increment[4];
    for (size_t v = 0; v < 4; v++) {
      gain[v] = _mm_load_ps(a + 4 * v);
      increment[v] = _mm_load_ps(s + 4 * v);
    }
    float* const* out = rows + first;
    size_t t = 0;
    for (; t + 4 <= n; t += 4) {
      __m128 block[4][4];
      for (int j = 0; j < 4; j++) {
        for (size_t v = 0; v < vectors; v++) {
          block[v][j] = gain[v];
          gain[v] = _mm_add_ps(gain[v], increment[v]);
        }
      }
      for (size_t v = 0; v < vectors; v++) {
        transpose(block[v][0], block[v][1], block[v][2], block[v][3]);
        for (size_t k = 0; k < 4 && 4 * v + k < batch; k++) _mm_storeu_ps(out[4 * v + k] + t, block[v][k]);
      }
    }
    for (; t < n; t++) {
      for (size_t v = 0; v < vectors; v++) {
        _mm_store_ps(a + 4 * v, gain[v]);
        gain[v] = _mm_add_ps(gain[v], increment[v]);
      }
      for (size_t r = 0; r < batch; r++) out[r][t] = a[r];
    }
  }
}

void multiplyAddGains(const float* gains, const float* x, float* destination, size_t n) {
  size_t t = 0;
  for (; t + 4 <= n; t += 4) {
    const __m128 product = _mm_mul_ps(_mm_loadu_ps(gains + t), _mm_loadu_ps(x + t));
    _mm_storeu_ps(destination + t, _mm_add_ps(_mm_loadu_ps(destination + t), product));
  }
  for (; t < n; t++) destination[t] += gains[t] * x[t];
}

// 2 voices of the biquad in double precision.
struct BiquadChain {
  __m128d a0, a1, a2, a3, a4, x1, x2, y1, y2;
};

inline __m128d field(const Biquad* const* f, float Biquad::*member) {
  return _mm_setr_pd(f[0]->*member, f[1]->*member);
}

// One sample of 2 voices (in the low half of input and of the result), to JavaScript's bits:
// products of floats are exact in double, so each sum rounds where JavaScript's rounds.
inline __m128 biquadStep(BiquadChain& s, __m128 input) {
  const __m128d x = _mm_cvtps_pd(input);
  __m128d acc = _mm_mul_pd(s.a0, x);
  acc = _mm_add_pd(acc, _mm_mul_pd(s.a1, s.x1));
  acc = _mm_add_pd(acc, _mm_mul_pd(s.a2, s.x2));
  acc = _mm_sub_pd(acc, _mm_mul_pd(s.a4, s.y2));
  const __m128 y = _mm_cvtpd_ps(_mm_sub_pd(acc, _mm_mul_pd(s.a3, s.y1)));
  s.x2 = s.x1;
  s.x1 = x;
  s.y2 = s.y1;
  s.y1 = _mm_cvtps_pd(y);
  return y;
}

// Up to 16 voices: groups of 4 rows are transposed so that a vector holds one sample of 4 voices,
// which two chains of 2 double lanes filter.
void biquad(float* const* rows, Biquad* const* filters, size_t count, size_t n) {
  // One or two voices are quicker alone than in lanes.
  if (count <= 2) return scalarKernels()->biquad(rows, filters, count, n);
  Biquad silent = {};
  float* r[kBiquadLanes];
  const Biquad* f[kBiquadLanes];
  for (size_t v = 0; v < kBiquadLanes; v++) {
    // Unused lanes read the first row and filter it with zero coefficients; nothing is stored.
    r[v] = v < count ? rows[v] : rows[0];
    f[v] = v < count ? filters[v] : &silent;
  }
  const size_t groups = (count + 3) / 4;
  BiquadChain chain[8];
  for (size_t c = 0; c < 2 * groups; c++) {
    const Biquad* const* q = f + 2 * c;
    chain[c] = {field(q, &Biquad::a0), field(q, &Biquad::a1), field(q, &Biquad::a2),
                field(q, &Biquad::a3), field(q, &Biquad::a4), field(q, &Biquad::x1),
                field(q, &Biquad::x2), field(q, &Biquad::y1), field(q, &Biquad::y2)};
  }

  size_t t = 0;
  for (; t + 4 <= n; t += 4) {
    __m128 block[4][4];
    for (size_t g = 0; g < groups; g++) {
      for (int k = 0; k < 4; k++) block[g][k] = _mm_loadu_ps(r[4 * g + k] + t);
      transpose(block[g][0], block[g][1], block[g][2], block[g][3]);
    }
    for (int j = 0; j < 4; j++) {
      for (size_t g = 0; g < groups; g++) {
        const __m128 x = block[g][j];
        const __m128 lo = biquadStep(chain[2 * g], x);
        const __m128 hi = biquadStep(chain[2 * g + 1], _mm_movehl_ps(x, x));
        block[g][j] = _mm_movelh_ps(lo, hi);
      }
    }
    for (size_t g = 0; g < groups; g++) {
      transpose(block[g][0], block[g][1], block[g][2], block[g][3]);
      for (size_t k = 0; k < 4 && 4 * g + k < count; k++) _mm_storeu_ps(r[4 * g + k] + t, block[g][k]);
    }
  }
  for (; t < n; t++) {
    for (size_t c = 0; c < 2 * groups; c++) {
      float* const* q = r + 2 * c;
      alignas(16) float y[4];
      _mm_store_ps(y, biquadStep(chain[c], _mm_setr_ps(q[0][t], q[1][t], 0.0f, 0.0f)));
      for (size_t k = 0; k < 2 && 2 * c + k < count; k++) q[k][t] = y[k];
    }
  }

  for (size_t c = 0; c < 2 * groups; c++) {
    alignas(16) double x1[2], x2[2], y1[2], y2[2];
    _mm_store_pd(x1, chain[c].x1);
    _mm_store_pd(x2, chain[c].x2);
    _mm_store_pd(y1, chain[c].y1);
    _mm_store_pd(y2, chain[c].y2);
    for (size_t k = 0; k < 2 && 2 * c + k < count; k++) {
      Biquad& q = *filters[2 * c + k];
      q.x1 = static_cast<float>(x1[k]);
      q.x2 = static_cast<float>(x2[k]);
      q.y1 = static_cast<float>(y1[k]);
      q.y2 = static_cast<float>(y2[k]);
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
  static const KernelSet set = {"sse2",  multiplyAdd, multiplyAddSlope, rampGains, multiplyAddGains, biquad,
                                scalarKernels()->oscillator, combs,  allPass};
  return &set;
}

}  // namespace meltysynth

#else

namespace meltysynth {
const KernelSet* sse2Kernels() { return nullptr; }
}  // namespace meltysynth

#endif
