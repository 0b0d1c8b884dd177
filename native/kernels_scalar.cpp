// The kernels in plain C++: the reference the vector sets are tested against, the set used on
// CPUs with none of the others, and the oscillator driver every set shares.
#include <cmath>
#include <cstring>

#include "kernels.h"
#include "portable_math.h"

namespace meltysynth {

namespace {

// Values below this are flushed to zero so that the reverb's tail does not decay into slow
// denormals (Reverb.ts: DENORMAL_LIMIT).
constexpr float kDenormalLimit = 1e-6f;
// Converts the oscillator's 2^24-scaled 16-bit sample to [-1, 1): 1 / (32768 * 2^24).
constexpr float kFixedToSample = 0x1p-39f;

// The number of samples, at most n, whose position stays below limit.
size_t countBelow(int64_t position, int64_t step, int64_t limit, size_t n) {
  if (position >= limit) return 0;
  if (step == 0) return n;
  const uint64_t k = static_cast<uint64_t>((limit - position + step - 1) / step);
  return k < n ? static_cast<size_t>(k) : n;
}

// Linear interpolation between x1 and x2 at frac / 2^24, rounded to float once, as JavaScript's
// double arithmetic gives it: the integer below is exact, and the final scaling by a power of two
// is exact too.
inline float interpolate(int32_t x1, int32_t x2, int64_t frac) {
  const int64_t fixed = (static_cast<int64_t>(x1) * kFracUnit) + frac * (x2 - x1);
  return static_cast<float>(fixed) * kFixedToSample;
}

}  // namespace

// Catmull-Rom interpolation through s0..s3 (data[i - 1] to data[i + 2]) at frac / 2^24 past s1,
// FluidSynth's 4th-order interpolation with the fraction at full precision: the coefficients and
// the sum in float, in this order, rounded at every step (-ffp-contract=off), as
// JsBlockRenderer's cubicSample does it; x is exact, and the final scaling by 2^-15 too.
float cubicSample(int32_t s0, int32_t s1, int32_t s2, int32_t s3, int64_t frac) {
  const float x = static_cast<float>(frac) * 0x1p-24f;
  const float xx = x * x;
  const float c0 = x * (-0.5f + x * (1.0f - 0.5f * x));
  const float c1 = 1.0f + xx * (1.5f * x - 2.5f);
  const float c2 = x * (0.5f + x * (2.0f - 1.5f * x));
  const float c3 = 0.5f * (xx * (x - 1.0f));
  return (((c0 * static_cast<float>(s0) + c1 * static_cast<float>(s1)) + c2 * static_cast<float>(s2)) +
          c3 * static_cast<float>(s3)) *
         0x1p-15f;
}

// The coefficients at the row's phase plus its steps times the fraction's low 16 bits, each
// product with its point, then the sum in the order a 4-lane vector adds them: the points 4
// apart, then 2 apart, then the last two (SincTable.ts's sincSample does the same).
float sincSample(const float* table, const int32_t* points, int64_t frac) {
  const float* row = table + (frac >> 16) * kSincRow;
  const float within = static_cast<float>(frac & 0xffff) * 0x1p-16f;
  float p[kSincPoints];
  for (size_t j = 0; j < kSincPoints; j++) {
    p[j] = (row[j] + row[kSincPoints + j] * within) * static_cast<float>(points[j]);
  }
  const float q0 = p[0] + p[4], q1 = p[1] + p[5], q2 = p[2] + p[6], q3 = p[3] + p[7];
  return ((q0 + q2) + (q1 + q3)) * 0x1p-15f;
}

namespace {

constexpr double kPi = 3.141592653589793;

// sin(pi t) / (pi t) under a Blackman window 8 points wide; exactly 0 at the other points, so
// that a position on a point reads that point alone.
double windowedSinc(double t) {
  if (t == std::floor(t)) return t == 0 ? 1.0 : 0.0;
  const double a = kPi * t;
  const double window = 0.42 + 0.5 * portableCos(a / 4) + 0.08 * portableCos(a / 2);
  return portableSin(a) / a * window;
}

// The 8 coefficients at fraction x, scaled to sum to 1 (a constant signal passes unchanged).
void sincCoefficients(double x, float* row) {
  double c[kSincPoints];
  double sum = 0;
  for (size_t j = 0; j < kSincPoints; j++) {
    c[j] = windowedSinc(static_cast<double>(j) - 3 - x);
    sum += c[j];
  }
  for (size_t j = 0; j < kSincPoints; j++) row[j] = static_cast<float>(c[j] / sum);
}

}  // namespace

void fillSincTable(float* table) {
  float next[kSincPoints];
  sincCoefficients(0, table);
  for (size_t p = 0; p < kSincPhases; p++) {
    float* row = table + p * kSincRow;
    sincCoefficients(static_cast<double>(p + 1) / kSincPhases, next);
    for (size_t j = 0; j < kSincPoints; j++) {
      row[kSincPoints + j] = next[j] - row[j];
      if (p + 1 < kSincPhases) row[kSincRow + j] = next[j];
    }
  }
}

namespace {

void multiplyAdd(float a, const float* x, float* destination, size_t n) {
  for (size_t t = 0; t < n; t++) destination[t] += a * x[t];
}

void multiplyAddSlope(float a, float step, const float* x, float* destination, size_t n) {
  for (size_t t = 0; t < n; t++) {
    destination[t] += a * x[t];
    a += step;
  }
}

void rampGains(const float* start, const float* step, size_t count, float* const* rows, size_t n) {
  for (size_t r = 0; r < count; r++) {
    float a = start[r];
    for (size_t t = 0; t < n; t++) {
      rows[r][t] = a;
      a += step[r];
    }
  }
}

void multiplyAddGains(const float* gains, const float* x, float* destination, size_t n) {
  for (size_t t = 0; t < n; t++) destination[t] += gains[t] * x[t];
}

// In double precision with float32 state, as JavaScript computes it: each product of two floats
// is exact in double, each sum rounds once, and the output rounds to float.
void biquad(float* const* rows, Biquad* const* filters, size_t count, size_t n) {
  for (size_t v = 0; v < count; v++) {
    Biquad& f = *filters[v];
    float* row = rows[v];
    const double b0 = f.b0, b1 = f.b1, b2 = f.b2, a1 = f.a1, a2 = f.a2;
    float x1 = f.x1, x2 = f.x2, y1 = f.y1, y2 = f.y2;
    for (size_t t = 0; t < n; t++) {
      const float x = row[t];
      const float y = static_cast<float>(b0 * x + b1 * x1 + b2 * x2 - a2 * y2 - a1 * y1);
      x2 = x1;
      x1 = x;
      y2 = y1;
      y1 = y;
      row[t] = y;
    }
    f.x1 = x1;
    f.x2 = x2;
    f.y1 = y1;
    f.y2 = y2;
  }
}

void oscillatorSpan(const int16_t* data, int64_t position, int64_t step, float* out, size_t n, int64_t) {
  for (size_t t = 0; t < n; t++) {
    const int64_t index = position >> kFracBits;
    out[t] = interpolate(data[index], data[index + 1], position & kFracMask);
    position += step;
  }
}

void oscillator(const int16_t* data, Oscillator& o, float* out, size_t n) {
  runOscillator(data, o, out, n, oscillatorSpan);
}

void cubicSpan(const int16_t* data, int64_t position, int64_t step, float* out, size_t n, int64_t) {
  for (size_t t = 0; t < n; t++) {
    const int64_t i = position >> kFracBits;
    out[t] = cubicSample(data[i - 1], data[i], data[i + 1], data[i + 2], position & kFracMask);
    position += step;
  }
}

void cubicOscillator(const int16_t* data, Oscillator& o, float* out, size_t n) {
  runCubicOscillator(data, o, out, n, cubicSpan);
}

void sincSpan(const int16_t* data, const float* table, int64_t position, int64_t step, float* out, size_t n) {
  for (size_t t = 0; t < n; t++) {
    const int64_t i = position >> kFracBits;
    int32_t points[kSincPoints];
    for (size_t j = 0; j < kSincPoints; j++) points[j] = data[i - 3 + static_cast<int64_t>(j)];
    out[t] = sincSample(table, points, position & kFracMask);
    position += step;
  }
}

void sincOscillator(const int16_t* data, Oscillator& o, float* out, size_t n) {
  runSincOscillator(data, o, out, n, sincSpan);
}

inline float flushDenormal(float x) { return std::fabs(x) < kDenormalLimit ? 0.0f : x; }

void combs(CombBank& bank, const float* in, float* left, float* right, size_t n) {
  for (size_t t = 0; t < n; t++) {
    left[t] = 0.0f;
    right[t] = 0.0f;
  }
  for (size_t c = 0; c < kCombCount; c++) {
    float* line = bank.line[c];
    float* out = c < kCombsPerChannel ? left : right;
    float store = bank.store[c];
    for (size_t t = 0; t < n; t++) {
      const float delayed = flushDenormal(line[t]);
      store = flushDenormal(delayed * bank.damp2 + store * bank.damp1);
      line[t] = in[t] + store * bank.feedback;
      out[t] += delayed;
    }
    bank.store[c] = store;
  }
}

void allPass(float* line, float feedback, float* block, size_t n) {
  for (size_t t = 0; t < n; t++) {
    const float input = block[t];
    const float delayed = flushDenormal(line[t]);
    block[t] = delayed - input;
    line[t] = input + delayed * feedback;
  }
}

const KernelSet kScalar = {"scalar", multiplyAdd,     multiplyAddSlope, rampGains, multiplyAddGains, biquad,
                           oscillator, cubicOscillator, sincOscillator,   combs,     allPass};

}  // namespace

const KernelSet* scalarKernels() { return &kScalar; }

// JsBlockRenderer's wrap(): one subtraction covers steps shorter than the loop; a longer step
// takes the remainder so the read never leaves the loop.
inline int64_t wrapIntoLoop(int64_t position, const Oscillator& o) {
  const int64_t startLoopFp = static_cast<int64_t>(o.startLoop) * kFracUnit;
  const int64_t endLoopFp = static_cast<int64_t>(o.endLoop) * kFracUnit;
  const int64_t loopLengthFp = endLoopFp - startLoopFp;
  position -= loopLengthFp;
  if (position >= endLoopFp) position = startLoopFp + (position - startLoopFp) % loopLengthFp;
  return position;
}

void runOscillator(const int16_t* data, Oscillator& o, float* out, size_t n, OscillatorSpan span) {
  int64_t position = o.position;
  const int64_t step = o.step;

  if (!o.looping) {
    // Every sample before the end reads data[index] and data[index + 1]; after it, silence.
    const size_t count = countBelow(position, step, static_cast<int64_t>(o.end) * kFracUnit, n);
    span(data, position, step, out, count, o.end);
    position += static_cast<int64_t>(count) * step;
    for (size_t t = count; t < n; t++) out[t] = 0.0f;
    o.position = position;
    return;
  }

  const int32_t loopLength = o.endLoop - o.startLoop;
  const int64_t endLoopFp = static_cast<int64_t>(o.endLoop) * kFracUnit;
  // Below the last sample of the loop, index + 1 is still inside the loop.
  const int64_t spanLimit = static_cast<int64_t>(o.endLoop - 1) * kFracUnit;
  size_t t = 0;
  while (t < n) {
    if (position >= endLoopFp) position = wrapIntoLoop(position, o);
    const size_t count = countBelow(position, step, spanLimit, n - t);
    if (count > 0) {
      span(data, position, step, out + t, count, o.endLoop - 1);
      position += static_cast<int64_t>(count) * step;
      t += count;
      continue;
    }
    // On the loop's last sample: interpolate towards the loop start.
    const int64_t index1 = position >> kFracBits;
    const int64_t index2 = index1 + 1 >= o.endLoop ? index1 + 1 - loopLength : index1 + 1;
    out[t++] = interpolate(data[index1], data[index2], position & kFracMask);
    position += step;
  }
  o.position = position;
}

// Sample k as cubic and sinc interpolation read it: in a loop, what follows the loop's end is its
// start, and once the loop has come round what precedes its start is its end; past a sample's
// end, and before the wave data, silence. data[end] itself is read, as linear interpolation
// reads it.
inline int32_t wavePoint(const int16_t* data, const Oscillator& o, int64_t k) {
  if (o.looping) {
    const int64_t length = o.endLoop - o.startLoop;
    // One length covers every point within a loop of its seam; only a loop shorter than the
    // reach needs the (slower) remainder.
    if (k >= o.endLoop) {
      k -= length;
      if (k >= o.endLoop) k = o.startLoop + (k - o.startLoop) % length;
    } else if (k < o.startLoop && o.looped) {
      k += length;
      if (k < o.startLoop) k = o.endLoop - 1 - (o.startLoop - 1 - k) % length;
    }
  } else if (k > o.end) {
    return 0;
  }
  return k < 0 ? 0 : data[k];
}

namespace {

struct CubicReach {
  static constexpr int64_t kBefore = 1, kAfter = 2;
  static float at(const int16_t* data, const Oscillator& o, int64_t position) {
    const int64_t i = position >> kFracBits;
    return cubicSample(wavePoint(data, o, i - 1), wavePoint(data, o, i), wavePoint(data, o, i + 1),
                       wavePoint(data, o, i + 2), position & kFracMask);
  }
};

struct SincReach {
  static constexpr int64_t kBefore = 3, kAfter = 4;
  static float at(const int16_t* data, const Oscillator& o, int64_t position) {
    const int64_t i = position >> kFracBits;
    int32_t points[kSincPoints];
    for (size_t j = 0; j < kSincPoints; j++) points[j] = wavePoint(data, o, i - 3 + static_cast<int64_t>(j));
    return sincSample(o.sincTable, points, position & kFracMask);
  }
};

// Reach names the points read around position i (data[i - kBefore] to data[i + kAfter]) and how
// to read them one by one near a seam or an end; span(position, out, count) reads them plainly.
template <typename Reach, typename Span>
void runWide(const int16_t* data, Oscillator& o, float* out, size_t n, Span span) {
  int64_t position = o.position;
  const int64_t step = o.step;

  if (!o.looping) {
    // As with linear interpolation, the sample sounds while its position is below the end.
    const size_t count = countBelow(position, step, static_cast<int64_t>(o.end) * kFracUnit, n);
    // Plain reads where kBefore <= i and i + kAfter <= end.
    const int64_t spanLimit = (o.end - Reach::kAfter + 1) * kFracUnit;
    size_t t = 0;
    while (t < count) {
      const size_t plain =
          position >= Reach::kBefore * kFracUnit ? countBelow(position, step, spanLimit, count - t) : 0;
      if (plain > 0) {
        span(position, out + t, plain, o.end);
        position += static_cast<int64_t>(plain) * step;
        t += plain;
        continue;
      }
      out[t++] = Reach::at(data, o, position);
      position += step;
    }
    for (size_t t2 = count; t2 < n; t2++) out[t2] = 0.0f;
    o.position = position;
    return;
  }

  const int64_t endLoopFp = static_cast<int64_t>(o.endLoop) * kFracUnit;
  // Plain reads where i + kAfter <= endLoop - 1, and i - kBefore is inside the loop once it has
  // come round (or at least 0 before).
  const int64_t spanLimit = (o.endLoop - Reach::kAfter) * kFracUnit;
  size_t t = 0;
  while (t < n) {
    if (position >= endLoopFp) {
      position = wrapIntoLoop(position, o);
      o.looped = true;
    }
    const int64_t low = o.looped ? o.startLoop + Reach::kBefore : Reach::kBefore;
    const size_t plain = (position >> kFracBits) >= low ? countBelow(position, step, spanLimit, n - t) : 0;
    if (plain > 0) {
      span(position, out + t, plain, o.endLoop - 1);
      position += static_cast<int64_t>(plain) * step;
      t += plain;
      continue;
    }
    out[t++] = Reach::at(data, o, position);
    position += step;
  }
  o.position = position;
}

}  // namespace

void runCubicOscillator(const int16_t* data, Oscillator& o, float* out, size_t n, CubicSpan span) {
  runWide<CubicReach>(data, o, out, n, [&](int64_t position, float* to, size_t count, int64_t lastReadable) {
    span(data, position, o.step, to, count, lastReadable);
  });
}

void runSincOscillator(const int16_t* data, Oscillator& o, float* out, size_t n, SincSpan span) {
  runWide<SincReach>(data, o, out, n, [&](int64_t position, float* to, size_t count, int64_t) {
    span(data, o.sincTable, position, o.step, to, count);
  });
}

}  // namespace meltysynth
