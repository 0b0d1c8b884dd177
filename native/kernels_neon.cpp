// The kernels with NEON, the arm64 baseline: 4 float lanes. Like the SSE2 set, the biquad and
// the comb filters run two or four groups of lanes side by side so their recursions overlap;
// the biquad fuses its multiply-adds. The oscillator is the scalar one (NEON has no gather).
#include "kernels.h"

#if defined(__aarch64__)

#include <arm_neon.h>

namespace meltysynth {

namespace {

inline float32x4_t flushDenormal(float32x4_t x) {
  const uint32x4_t tiny = vcltq_f32(vabsq_f32(x), vdupq_n_f32(1e-6f));
  return vreinterpretq_f32_u32(vbicq_u32(vreinterpretq_u32_f32(x), tiny));
}

inline void transpose(float32x4_t& a, float32x4_t& b, float32x4_t& c, float32x4_t& d) {
  const float32x4x2_t ab = vtrnq_f32(a, b);  // a0 b0 a2 b2 | a1 b1 a3 b3
  const float32x4x2_t cd = vtrnq_f32(c, d);  // c0 d0 c2 d2 | c1 d1 c3 d3
  a = vcombine_f32(vget_low_f32(ab.val[0]), vget_low_f32(cd.val[0]));
  b = vcombine_f32(vget_low_f32(ab.val[1]), vget_low_f32(cd.val[1]));
  c = vcombine_f32(vget_high_f32(ab.val[0]), vget_high_f32(cd.val[0]));
  d = vcombine_f32(vget_high_f32(ab.val[1]), vget_high_f32(cd.val[1]));
}

inline float32x4_t lanes(const float* const* q, size_t t) {
  const float values[4] = {q[0][t], q[1][t], q[2][t], q[3][t]};
  return vld1q_f32(values);
}

void multiplyAdd(float a, const float* x, float* destination, size_t n) {
  // Multiply, then add: a fused multiply-add would round once and differ from JavaScript.
  size_t t = 0;
  for (; t + 8 <= n; t += 8) {
    const float32x4_t p0 = vmulq_n_f32(vld1q_f32(x + t), a);
    const float32x4_t p1 = vmulq_n_f32(vld1q_f32(x + t + 4), a);
    vst1q_f32(destination + t, vaddq_f32(vld1q_f32(destination + t), p0));
    vst1q_f32(destination + t + 4, vaddq_f32(vld1q_f32(destination + t + 4), p1));
  }
  for (; t < n; t++) destination[t] += a * x[t];
}

void multiplyAddSlope(float a, float step, const float* x, float* destination, size_t n) {
  const float32x4_t va = vdupq_n_f32(a);
  const int32_t first[4] = {0, 1, 2, 3};
  int32x4_t index = vld1q_s32(first);
  size_t t = 0;
  for (; t + 4 <= n; t += 4) {
    const float32x4_t gain = vaddq_f32(va, vmulq_n_f32(vcvtq_f32_s32(index), step));
    const float32x4_t product = vmulq_f32(gain, vld1q_f32(x + t));
    vst1q_f32(destination + t, vaddq_f32(vld1q_f32(destination + t), product));
    index = vaddq_s32(index, vdupq_n_s32(4));
  }
  for (; t < n; t++) destination[t] += (a + static_cast<float>(t) * step) * x[t];
}

struct BiquadLanes {
  float32x4_t a0, a1, a2, a3, a4, x1, x2, y1, y2;
};

inline float32x4_t gatherField(const Biquad* const* q, float Biquad::*field) {
  const float values[4] = {q[0]->*field, q[1]->*field, q[2]->*field, q[3]->*field};
  return vld1q_f32(values);
}

// The a3 * y1 term last and fused: it waits for the previous output.
inline float32x4_t biquadStep(BiquadLanes& s, float32x4_t x) {
  float32x4_t acc = vmulq_f32(s.a0, x);
  acc = vfmaq_f32(acc, s.a1, s.x1);
  acc = vfmaq_f32(acc, s.a2, s.x2);
  acc = vfmsq_f32(acc, s.a4, s.y2);
  const float32x4_t y = vfmsq_f32(acc, s.a3, s.y1);
  s.x2 = s.x1;
  s.x1 = x;
  s.y2 = s.y1;
  s.y1 = y;
  return y;
}

void biquad(float* const* rows, Biquad* const* filters, size_t count, size_t n) {
  Biquad silent = {};
  float* r[8];
  const Biquad* f[8];
  for (size_t v = 0; v < 8; v++) {
    // Unused lanes read the first row and filter it with zero coefficients; nothing is stored.
    r[v] = v < count ? rows[v] : rows[0];
    f[v] = v < count ? filters[v] : &silent;
  }
  BiquadLanes s[2];
  for (int g = 0; g < 2; g++) {
    const Biquad* const* q = f + 4 * g;
    s[g] = {gatherField(q, &Biquad::a0), gatherField(q, &Biquad::a1), gatherField(q, &Biquad::a2),
            gatherField(q, &Biquad::a3), gatherField(q, &Biquad::a4), gatherField(q, &Biquad::x1),
            gatherField(q, &Biquad::x2), gatherField(q, &Biquad::y1), gatherField(q, &Biquad::y2)};
  }
  const int groups = count > 4 ? 2 : 1;

  size_t t = 0;
  for (; t + 4 <= n; t += 4) {
    float32x4_t b[2][4];
    for (int g = 0; g < groups; g++) {
      for (int k = 0; k < 4; k++) b[g][k] = vld1q_f32(r[4 * g + k] + t);
      transpose(b[g][0], b[g][1], b[g][2], b[g][3]);
    }
    for (int j = 0; j < 4; j++) {
      b[0][j] = biquadStep(s[0], b[0][j]);
      if (groups == 2) b[1][j] = biquadStep(s[1], b[1][j]);
    }
    for (int g = 0; g < groups; g++) {
      transpose(b[g][0], b[g][1], b[g][2], b[g][3]);
      for (size_t k = 0; k < 4 && 4 * g + k < count; k++) vst1q_f32(r[4 * g + k] + t, b[g][k]);
    }
  }
  for (; t < n; t++) {
    for (int g = 0; g < groups; g++) {
      float y[4];
      vst1q_f32(y, biquadStep(s[g], lanes(r + 4 * g, t)));
      for (size_t k = 0; k < 4 && 4 * g + k < count; k++) r[4 * g + k][t] = y[k];
    }
  }

  for (int g = 0; g < groups; g++) {
    float x1[4], x2[4], y1[4], y2[4];
    vst1q_f32(x1, s[g].x1);
    vst1q_f32(x2, s[g].x2);
    vst1q_f32(y1, s[g].y1);
    vst1q_f32(y2, s[g].y2);
    for (size_t k = 0; k < 4 && 4 * g + k < count; k++) {
      Biquad& q = *filters[4 * g + k];
      q.x1 = x1[k];
      q.x2 = x2[k];
      q.y1 = y1[k];
      q.y2 = y2[k];
    }
  }
}

// Four groups of 4 combs (left 0-3, left 4-7, right 0-3, right 4-7), transposed per 4 samples
// as in the SSE2 set. Multiplies and adds are kept apart so the reverb gives JavaScript's bits.
void combs(CombBank& bank, const float* in, float* left, float* right, size_t n) {
  const float32x4_t damp1 = vdupq_n_f32(bank.damp1);
  const float32x4_t damp2 = vdupq_n_f32(bank.damp2);
  const float32x4_t feedback = vdupq_n_f32(bank.feedback);
  float32x4_t store[4];
  for (int g = 0; g < 4; g++) store[g] = vld1q_f32(bank.store + 4 * g);
  float* const* line = bank.line;

  size_t t = 0;
  for (; t + 4 <= n; t += 4) {
    float32x4_t d[4][4];
    for (int g = 0; g < 4; g++) {
      for (int k = 0; k < 4; k++) d[g][k] = flushDenormal(vld1q_f32(line[4 * g + k] + t));
    }
    for (int side = 0; side < 2; side++) {
      float32x4_t sum = vdupq_n_f32(0.0f);
      for (int c = 0; c < 8; c++) sum = vaddq_f32(sum, d[2 * side + c / 4][c % 4]);
      vst1q_f32((side == 0 ? left : right) + t, sum);
    }
    for (int g = 0; g < 4; g++) transpose(d[g][0], d[g][1], d[g][2], d[g][3]);
    for (int j = 0; j < 4; j++) {
      const float32x4_t input = vdupq_n_f32(in[t + j]);
      for (int g = 0; g < 4; g++) {
        store[g] = flushDenormal(vaddq_f32(vmulq_f32(d[g][j], damp2), vmulq_f32(store[g], damp1)));
        d[g][j] = vaddq_f32(input, vmulq_f32(store[g], feedback));
      }
    }
    for (int g = 0; g < 4; g++) {
      transpose(d[g][0], d[g][1], d[g][2], d[g][3]);
      for (int k = 0; k < 4; k++) vst1q_f32(line[4 * g + k] + t, d[g][k]);
    }
  }
  for (; t < n; t++) {
    const float32x4_t input = vdupq_n_f32(in[t]);
    float delayed[4][4];
    float written[4][4];
    for (int g = 0; g < 4; g++) {
      float* const* q = line + 4 * g;
      const float32x4_t x = flushDenormal(lanes(q, t));
      vst1q_f32(delayed[g], x);
      store[g] = flushDenormal(vaddq_f32(vmulq_f32(x, damp2), vmulq_f32(store[g], damp1)));
      vst1q_f32(written[g], vaddq_f32(input, vmulq_f32(store[g], feedback)));
      for (int k = 0; k < 4; k++) q[k][t] = written[g][k];
    }
    float sumLeft = 0.0f;
    float sumRight = 0.0f;
    for (int c = 0; c < 8; c++) sumLeft += delayed[c / 4][c % 4];
    for (int c = 0; c < 8; c++) sumRight += delayed[2 + c / 4][c % 4];
    left[t] = sumLeft;
    right[t] = sumRight;
  }
  for (int g = 0; g < 4; g++) vst1q_f32(bank.store + 4 * g, store[g]);
}

void allPass(float* line, float feedback, float* block, size_t n) {
  size_t t = 0;
  for (; t + 4 <= n; t += 4) {
    const float32x4_t input = vld1q_f32(block + t);
    const float32x4_t delayed = flushDenormal(vld1q_f32(line + t));
    vst1q_f32(block + t, vsubq_f32(delayed, input));
    vst1q_f32(line + t, vaddq_f32(input, vmulq_n_f32(delayed, feedback)));
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

const KernelSet* neonKernels() {
  static const KernelSet set = {"neon",  multiplyAdd, multiplyAddSlope, biquad, scalarKernels()->oscillator,
                                combs,   allPass};
  return &set;
}

}  // namespace meltysynth

#else

namespace meltysynth {
const KernelSet* neonKernels() { return nullptr; }
}  // namespace meltysynth

#endif
