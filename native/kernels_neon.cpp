// The kernels with NEON, the arm64 baseline: 4 float lanes, 2 double lanes. Like the SSE2 set,
// the biquad (up to 8 chains of 2 voices), the gain ramps and the comb filters run several
// groups of lanes side by side so their recursions overlap. The oscillator looks its samples up
// in a 32-byte window with a table instruction, and interpolates with one exact float FMA.
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
  // The gain is added to sample by sample, as JavaScript does: a serial chain, computed 4 at a time.
  size_t t = 0;
  for (; t + 4 <= n; t += 4) {
    float gains[4];
    for (int k = 0; k < 4; k++, a += step) gains[k] = a;
    const float32x4_t product = vmulq_f32(vld1q_f32(gains), vld1q_f32(x + t));
    vst1q_f32(destination + t, vaddq_f32(vld1q_f32(destination + t), product));
  }
  for (; t < n; t++, a += step) destination[t] += a * x[t];
}

// Up to 16 ramps in 4 vectors, transposed into their rows 4 steps at a time.
void rampGains(const float* start, const float* step, size_t count, float* const* rows, size_t n) {
  for (size_t first = 0; first < count; first += 16) {
    const size_t batch = count - first < 16 ? count - first : 16;
    const size_t vectors = (batch + 3) / 4;
    float a[16] = {};
    float s[16] = {};
    for (size_t r = 0; r < batch; r++) {
      a[r] = start[first + r];
      s[r] = step[first + r];
    }
    float32x4_t gain[4], increment[4];
    for (size_t v = 0; v < 4; v++) {
      gain[v] = vld1q_f32(a + 4 * v);
      increment[v] = vld1q_f32(s + 4 * v);
    }
    float* const* out = rows + first;
    size_t t = 0;
    for (; t + 4 <= n; t += 4) {
      float32x4_t block[4][4];
      for (int j = 0; j < 4; j++) {
        for (size_t v = 0; v < vectors; v++) {
          block[v][j] = gain[v];
          gain[v] = vaddq_f32(gain[v], increment[v]);
        }
      }
      for (size_t v = 0; v < vectors; v++) {
        transpose(block[v][0], block[v][1], block[v][2], block[v][3]);
        for (size_t k = 0; k < 4 && 4 * v + k < batch; k++) vst1q_f32(out[4 * v + k] + t, block[v][k]);
      }
    }
    for (; t < n; t++) {
      for (size_t v = 0; v < vectors; v++) {
        vst1q_f32(a + 4 * v, gain[v]);
        gain[v] = vaddq_f32(gain[v], increment[v]);
      }
      for (size_t r = 0; r < batch; r++) out[r][t] = a[r];
    }
  }
}

void multiplyAddGains(const float* gains, const float* x, float* destination, size_t n) {
  size_t t = 0;
  for (; t + 4 <= n; t += 4) {
    const float32x4_t product = vmulq_f32(vld1q_f32(gains + t), vld1q_f32(x + t));
    vst1q_f32(destination + t, vaddq_f32(vld1q_f32(destination + t), product));
  }
  for (; t < n; t++) destination[t] += gains[t] * x[t];
}

// 2 voices of the biquad in double precision.
struct BiquadChain {
  float64x2_t a0, a1, a2, a3, a4, x1, x2, y1, y2;
};

inline float64x2_t field(const Biquad* const* f, float Biquad::*member) {
  const double values[2] = {f[0]->*member, f[1]->*member};
  return vld1q_f64(values);
}

// One sample of 2 voices, to JavaScript's bits: products of floats are exact in double, so each
// fused multiply-add rounds exactly where JavaScript's addition rounds. The a3 * y1 term last:
// it waits for the previous output.
inline float32x2_t biquadStep(BiquadChain& s, float32x2_t input) {
  const float64x2_t x = vcvt_f64_f32(input);
  float64x2_t acc = vmulq_f64(s.a0, x);
  acc = vfmaq_f64(acc, s.a1, s.x1);
  acc = vfmaq_f64(acc, s.a2, s.x2);
  acc = vfmsq_f64(acc, s.a4, s.y2);
  const float32x2_t y = vcvt_f32_f64(vfmsq_f64(acc, s.a3, s.y1));
  s.x2 = s.x1;
  s.x1 = x;
  s.y2 = s.y1;
  s.y1 = vcvt_f64_f32(y);
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
    float32x4_t block[4][4];
    for (size_t g = 0; g < groups; g++) {
      for (int k = 0; k < 4; k++) block[g][k] = vld1q_f32(r[4 * g + k] + t);
      transpose(block[g][0], block[g][1], block[g][2], block[g][3]);
    }
    for (int j = 0; j < 4; j++) {
      for (size_t g = 0; g < groups; g++) {
        const float32x4_t x = block[g][j];
        const float32x2_t lo = biquadStep(chain[2 * g], vget_low_f32(x));
        const float32x2_t hi = biquadStep(chain[2 * g + 1], vget_high_f32(x));
        block[g][j] = vcombine_f32(lo, hi);
      }
    }
    for (size_t g = 0; g < groups; g++) {
      transpose(block[g][0], block[g][1], block[g][2], block[g][3]);
      for (size_t k = 0; k < 4 && 4 * g + k < count; k++) vst1q_f32(r[4 * g + k] + t, block[g][k]);
    }
  }
  for (; t < n; t++) {
    for (size_t c = 0; c < 2 * groups; c++) {
      float* const* q = r + 2 * c;
      const float in[2] = {q[0][t], q[1][t]};
      float y[2];
      vst1_f32(y, biquadStep(chain[c], vld1_f32(in)));
      for (size_t k = 0; k < 2 && 2 * c + k < count; k++) q[k][t] = y[k];
    }
  }

  for (size_t c = 0; c < 2 * groups; c++) {
    double x1[2], x2[2], y1[2], y2[2];
    vst1q_f64(x1, chain[c].x1);
    vst1q_f64(x2, chain[c].x2);
    vst1q_f64(y1, chain[c].y1);
    vst1q_f64(y2, chain[c].y2);
    for (size_t k = 0; k < 2 && 2 * c + k < count; k++) {
      Biquad& q = *filters[2 * c + k];
      q.x1 = static_cast<float>(x1[k]);
      q.x2 = static_cast<float>(x2[k]);
      q.y1 = static_cast<float>(y1[k]);
      q.y2 = static_cast<float>(y2[k]);
    }
  }
}

// The oscillator, 8 samples per step as in the AVX2 set: every lane keeps its own index and
// 24-bit fraction; at most a doubled pitch the 8 samples read data[first .. first + 15], one
// 32-byte window from which a table lookup picks each lane's pair (data[i], data[i + 1]). The
// interpolation is one fused multiply-add in float: frac, the difference and x1 * 2^24 are exact
// floats, so it rounds the exact fixed-point value once, as JavaScript does.
void oscillatorSpan(const int16_t* data, int64_t position, int64_t step, float* out, size_t n,
                    int64_t lastReadable) {
  size_t t = 0;
  if (n >= 8 && step <= 2 * kFracUnit) {
    uint32_t indices[8], fractions[8];
    for (int j = 0; j < 8; j++) {
      const int64_t p = position + j * step;
      indices[j] = static_cast<uint32_t>(p >> kFracBits);
      fractions[j] = static_cast<uint32_t>(p & kFracMask);
    }
    uint32x4_t index[2] = {vld1q_u32(indices), vld1q_u32(indices + 4)};
    uint32x4_t frac[2] = {vld1q_u32(fractions), vld1q_u32(fractions + 4)};
    const int64_t advance = 8 * step;
    const uint32x4_t indexStep = vdupq_n_u32(static_cast<uint32_t>(advance >> kFracBits));
    const uint32x4_t fracStep = vdupq_n_u32(static_cast<uint32_t>(advance & kFracMask));
    const uint32x4_t fracMask = vdupq_n_u32(static_cast<uint32_t>(kFracMask));
    const uint32x4_t byteOffsets = vdupq_n_u32(0x03020100u);
    for (; t + 8 <= n; t += 8) {
      const int64_t first = position >> kFracBits;
      if (first + 15 > lastReadable) break;  // the window would read past what was checked
      uint8x16x2_t window;
      window.val[0] = vreinterpretq_u8_s16(vld1q_s16(data + first));
      window.val[1] = vreinterpretq_u8_s16(vld1q_s16(data + first + 8));
      const uint32x4_t base = vdupq_n_u32(static_cast<uint32_t>(first));
      for (int h = 0; h < 2; h++) {
        // Bytes 2r .. 2r + 3 of the window hold data[first + r] and data[first + r + 1].
        const uint32x4_t offset = vshlq_n_u32(vsubq_u32(index[h], base), 1);
        const uint8x16_t bytes = vreinterpretq_u8_u32(vmlaq_n_u32(byteOffsets, offset, 0x01010101u));
        const int32x4_t pair = vreinterpretq_s32_u8(vqtbl2q_u8(window, bytes));
        const int32x4_t x1 = vshrq_n_s32(vshlq_n_s32(pair, 16), 16);
        const int32x4_t difference = vsubq_s32(vshrq_n_s32(pair, 16), x1);
        const float32x4_t fixed = vfmaq_f32(vmulq_n_f32(vcvtq_f32_s32(x1), 0x1p24f),
                                            vcvtq_f32_u32(frac[h]), vcvtq_f32_s32(difference));
        vst1q_f32(out + t + 4 * h, vmulq_n_f32(fixed, 0x1p-39f));
        frac[h] = vaddq_u32(frac[h], fracStep);
        index[h] = vaddq_u32(index[h], vaddq_u32(indexStep, vshrq_n_u32(frac[h], kFracBits)));
        frac[h] = vandq_u32(frac[h], fracMask);
      }
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

void oscillator(const int16_t* data, Oscillator& o, float* out, size_t n) {
  runOscillator(data, o, out, n, oscillatorSpan);
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
  static constexpr KernelSet set = {"neon", multiplyAdd, multiplyAddSlope, rampGains, multiplyAddGains,
                                biquad, oscillator,  combs,            allPass};
  return &set;
}

}  // namespace meltysynth

#else

namespace meltysynth {
const KernelSet* neonKernels() { return nullptr; }
}  // namespace meltysynth

#endif
