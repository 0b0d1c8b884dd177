// The vector kernels, written once over simd.h for an instruction set S; each of
// kernels_sse2.cpp, kernels_avx2.cpp, kernels_avx512.cpp, kernels_neon.cpp and kernels_wasm.cpp
// describes its S and builds its KernelSet from these templates. kernels_scalar.cpp is the plain definition they
// follow, to the bit (see kernels.h).
//
// Include this inside the instruction set's target region (#pragma GCC target, or Clang's
// attribute push), so every function here is compiled for that instruction set. It all has
// internal linkage: each set's file gets its own copy, and no copy built for a newer CPU can be
// picked by the linker for a set that runs on an older one. For the same reason the standard
// headers simd.h uses are included before the region, so none of their inline functions is
// compiled for it.
//
// S provides:
//   kLanes               float lanes of a vector (4, 8 or 16); doubles have kLanes / 2
//   kBiquadGroups        groups of kLanes voices whose biquads run interleaved
//   kRecursionLanes      voices per vector in the biquad's recursion (see BiquadLanes)
//   fma(a, b, c)         a * b + c on Doubles, wherever the product a * b is exact: fused or not,
//                        it then rounds the same; on Floats (the oscillator), a * b + c rounded
//                        once, as a fused multiply-add rounds it
//   pairs(...)           the oscillator's (data[i], data[i + 1]) pairs (see oscillatorSpan)
#pragma once

#include "kernels.h"
#include "simd.h"

namespace meltysynth {
namespace {

// Reverb.ts's DENORMAL_LIMIT, as in kernels_scalar.cpp.
constexpr float kFlushBelow = 1e-6f;

template <typename F>
inline F flushDenormal(F x) {
  using I = Ints<lanesOf<F>()>;
  const I tiny = bits<F>(bits<I>(x) & 0x7fffffff) < kFlushBelow;
  return bits<F>(bits<I>(x) & ~tiny);
}

inline float flushDenormal(float x) { return x < kFlushBelow && x > -kFlushBelow ? 0.0f : x; }

// ---- mixing ----

template <typename S>
void multiplyAdd(float a, const float* x, float* destination, size_t n) {
  // Multiply, then add: a fused multiply-add would round once and differ from JavaScript.
  using F = Floats<S::kLanes>;
  const F va = splat<F>(a);
  size_t t = 0;
  for (; t + S::kLanes <= n; t += S::kLanes) {
    store(destination + t, load<F>(destination + t) + va * load<F>(x + t));
  }
  for (; t < n; t++) destination[t] += a * x[t];
}

template <typename S>
void multiplyAddSlope(float a, float step, const float* x, float* destination, size_t n) {
  // The gain is added to sample by sample, as JavaScript does: a serial chain, a vector at a time.
  using F = Floats<S::kLanes>;
  size_t t = 0;
  for (; t + S::kLanes <= n; t += S::kLanes) {
    float gains[S::kLanes];
    for (size_t k = 0; k < S::kLanes; k++, a += step) gains[k] = a;
    store(destination + t, load<F>(destination + t) + load<F>(gains) * load<F>(x + t));
  }
  for (; t < n; t++, a += step) destination[t] += a * x[t];
}

template <typename S>
void multiplyAddGains(const float* gains, const float* x, float* destination, size_t n) {
  using F = Floats<S::kLanes>;
  size_t t = 0;
  for (; t + S::kLanes <= n; t += S::kLanes) {
    store(destination + t, load<F>(destination + t) + load<F>(gains + t) * load<F>(x + t));
  }
  for (; t < n; t++) destination[t] += gains[t] * x[t];
}

// Up to 4 vectors of ramps at a time: each step adds to all of them at once, and every kLanes
// steps are transposed into the ramps' rows.
template <typename S>
void rampGains(const float* start, const float* step, size_t count, float* const* rows, size_t n) {
  using F = Floats<S::kLanes>;
  constexpr size_t w = S::kLanes;
  constexpr size_t kBatch = 4 * w;
  for (size_t first = 0; first < count; first += kBatch) {
    const size_t batch = count - first < kBatch ? count - first : kBatch;
    const size_t vectors = (batch + w - 1) / w;
    float a[kBatch] = {};
    float s[kBatch] = {};
    for (size_t r = 0; r < batch; r++) {
      a[r] = start[first + r];
      s[r] = step[first + r];
    }
    F gain[4], increment[4];
    for (size_t v = 0; v < 4; v++) {
      gain[v] = load<F>(a + w * v);
      increment[v] = load<F>(s + w * v);
    }
    float* const* out = rows + first;
    size_t t = 0;
    for (; t + w <= n; t += w) {
      for (size_t v = 0; v < vectors; v++) {
        F block[w];
        for (size_t j = 0; j < w; j++) {
          block[j] = gain[v];
          gain[v] += increment[v];
        }
        transpose(block);
        for (size_t k = 0; k < w && w * v + k < batch; k++) store(out[w * v + k] + t, block[k]);
      }
    }
    for (; t < n; t++) {
      for (size_t v = 0; v < vectors; v++) {
        store(a + w * v, gain[v]);
        gain[v] += increment[v];
      }
      for (size_t r = 0; r < batch; r++) out[r][t] = a[r];
    }
  }
}

// ---- biquad ----

// Groups of kLanes voices: each block of kLanes samples is transposed so that a vector holds one
// sample of the group's voices, whose two halves are filtered in double lanes. To JavaScript's
// bits: products of floats are exact in double, so each sum rounds where JavaScript's does, in
// its order ((((b0 x + b1 x1) + b2 x2) - a2 y2) - a1 y1). The first three terms do not depend on
// earlier outputs and are computed for the whole block ahead of the recursion, which is then
// two multiply-adds and the rounding of y to float per sample, in pieces of kRecursionLanes
// voices: converting y to float and back is the recursion's critical path, and on x86 the
// 128-bit conversions are quicker than the wider ones (with AVX2, by a third of the biquad's time).
template <typename S>
struct BiquadLanes {
  static constexpr size_t kPieces = S::kLanes / S::kRecursionLanes;
  using D = Doubles<S::kLanes / 2>;
  using R = Doubles<S::kRecursionLanes>;
  D b0[2], b1[2], b2[2], x1[2], x2[2];  // the feed-forward terms, per half
  R minusA1[kPieces], minusA2[kPieces], y1[kPieces], y2[kPieces];  // the recursion, per piece
};

// The low (k = 0) or high (k = 1) half of v in double lanes.
template <typename S>
inline Doubles<S::kLanes / 2> half(Floats<S::kLanes> v, int k) {
  return k == 0 ? widenLow(v) : widenHigh(v);
}

// v's pieces of kRecursionLanes lanes in double lanes, first to last, in pieces[].
template <typename S>
inline void split(Floats<S::kLanes> v, Doubles<S::kRecursionLanes>* pieces) {
  for (int k = 0; k < 2; k++) splitInto<S::kRecursionLanes>(half<S>(v, k), pieces + k * BiquadLanes<S>::kPieces / 2);
}

template <typename S>
inline Floats<S::kLanes> field(const Biquad* const* f, float Biquad::*member) {
  float values[S::kLanes];
  for (size_t v = 0; v < S::kLanes; v++) values[v] = f[v]->*member;
  return load<Floats<S::kLanes>>(values);
}

// The feed-forward sum of one half for input x, whose two predecessors are x1 and x2.
template <typename S>
inline Doubles<S::kLanes / 2> feedForward(const BiquadLanes<S>& s, int k, Doubles<S::kLanes / 2> x,
                                          Doubles<S::kLanes / 2> x1, Doubles<S::kLanes / 2> x2) {
  return S::fma(s.b2[k], x2, S::fma(s.b1[k], x1, s.b0[k] * x));
}

// The group's pieces of double lanes as one vector of floats.
template <typename S>
inline Floats<S::kLanes> floatsOf(const Doubles<S::kRecursionLanes>* pieces) {
  constexpr size_t kPieces = BiquadLanes<S>::kPieces;
  Floats<2 * S::kRecursionLanes> low[kPieces];
  for (size_t p = 0; p < kPieces; p++) low[p] = narrowToLow(pieces[p]);
  return joinLows<kPieces>(low);
}

// One output sample of the group from the feed-forward sums of its two halves.
template <typename S>
inline Floats<S::kLanes> biquadOutput(BiquadLanes<S>& s, Doubles<S::kLanes / 2> low, Doubles<S::kLanes / 2> high) {
  constexpr size_t kPieces = BiquadLanes<S>::kPieces;
  Doubles<S::kRecursionLanes> c[kPieces];
  splitInto<S::kRecursionLanes>(low, c);
  splitInto<S::kRecursionLanes>(high, c + kPieces / 2);
  Floats<2 * S::kRecursionLanes> y[kPieces];
  for (size_t p = 0; p < kPieces; p++) {
    y[p] = narrowToLow(S::fma(s.minusA1[p], s.y1[p], S::fma(s.minusA2[p], s.y2[p], c[p])));
    s.y2[p] = s.y1[p];
    s.y1[p] = widenLow(y[p]);
  }
  return joinLows<kPieces>(y);
}

template <typename S, size_t Groups>
void biquadGroups(float* const* r, const Biquad* const* f, Biquad* const* filters, size_t count, size_t n) {
  using F = Floats<S::kLanes>;
  using D = Doubles<S::kLanes / 2>;
  constexpr size_t w = S::kLanes;
  BiquadLanes<S> lanes[Groups];
  for (size_t g = 0; g < Groups; g++) {
    const Biquad* const* q = f + w * g;
    BiquadLanes<S>& s = lanes[g];
    for (int k = 0; k < 2; k++) {
      s.b0[k] = half<S>(field<S>(q, &Biquad::b0), k);
      s.b1[k] = half<S>(field<S>(q, &Biquad::b1), k);
      s.b2[k] = half<S>(field<S>(q, &Biquad::b2), k);
      s.x1[k] = half<S>(field<S>(q, &Biquad::x1), k);
      s.x2[k] = half<S>(field<S>(q, &Biquad::x2), k);
    }
    split<S>(-field<S>(q, &Biquad::a1), s.minusA1);
    split<S>(-field<S>(q, &Biquad::a2), s.minusA2);
    split<S>(field<S>(q, &Biquad::y1), s.y1);
    split<S>(field<S>(q, &Biquad::y2), s.y2);
  }

  size_t t = 0;
  for (; t + w <= n; t += w) {
    F block[Groups][w];
    D c[Groups][2][w];
    for (size_t g = 0; g < Groups; g++) {
      for (size_t i = 0; i < w; i++) block[g][i] = load<F>(r[w * g + i] + t);
      transpose(block[g]);
      BiquadLanes<S>& s = lanes[g];
      for (int k = 0; k < 2; k++) {
        D x[w];
        for (size_t j = 0; j < w; j++) x[j] = half<S>(block[g][j], k);
        c[g][k][0] = feedForward(s, k, x[0], s.x1[k], s.x2[k]);
        c[g][k][1] = feedForward(s, k, x[1], x[0], s.x1[k]);
        for (size_t j = 2; j < w; j++) c[g][k][j] = feedForward(s, k, x[j], x[j - 1], x[j - 2]);
        s.x1[k] = x[w - 1];
        s.x2[k] = x[w - 2];
      }
    }
    for (size_t j = 0; j < w; j++) {
      for (size_t g = 0; g < Groups; g++) block[g][j] = biquadOutput(lanes[g], c[g][0][j], c[g][1][j]);
    }
    for (size_t g = 0; g < Groups; g++) {
      transpose(block[g]);
      for (size_t i = 0; i < w && w * g + i < count; i++) store(r[w * g + i] + t, block[g][i]);
    }
  }
  for (; t < n; t++) {
    for (size_t g = 0; g < Groups; g++) {
      BiquadLanes<S>& s = lanes[g];
      float in[w], out[w];
      for (size_t i = 0; i < w; i++) in[i] = r[w * g + i][t];
      D x[2], c[2];
      for (int k = 0; k < 2; k++) {
        x[k] = half<S>(load<F>(in), k);
        c[k] = feedForward(s, k, x[k], s.x1[k], s.x2[k]);
        s.x2[k] = s.x1[k];
        s.x1[k] = x[k];
      }
      store(out, biquadOutput(s, c[0], c[1]));
      for (size_t i = 0; i < w && w * g + i < count; i++) r[w * g + i][t] = out[i];
    }
  }

  for (size_t g = 0; g < Groups; g++) {
    BiquadLanes<S>& s = lanes[g];
    using Half = Floats<w / 2>;
    float state[4][w];
    store(state[0], concat(convert<Half>(s.x1[0]), convert<Half>(s.x1[1])));
    store(state[1], concat(convert<Half>(s.x2[0]), convert<Half>(s.x2[1])));
    store(state[2], floatsOf<S>(s.y1));
    store(state[3], floatsOf<S>(s.y2));
    for (size_t i = 0; i < w && w * g + i < count; i++) {
      Biquad& q = *filters[w * g + i];
      q.x1 = state[0][i];
      q.x2 = state[1][i];
      q.y1 = state[2][i];
      q.y2 = state[3][i];
    }
  }
}

// As many groups as the voices fill, at most Groups: the count is a template argument so that
// the loops over groups unroll and the recursions' state stays in registers.
template <typename S, size_t Groups>
void biquadChunk(float* const* r, const Biquad* const* f, Biquad* const* filters, size_t count, size_t n) {
  if constexpr (Groups > 1) {
    if (count <= (Groups - 1) * S::kLanes) return biquadChunk<S, Groups - 1>(r, f, filters, count, n);
  }
  biquadGroups<S, Groups>(r, f, filters, count, n);
}

template <typename S>
void biquad(float* const* rows, Biquad* const* filters, size_t count, size_t n) {
  constexpr size_t kChunk = S::kLanes * S::kBiquadGroups;
  // One or two voices are quicker alone than in lanes.
  while (count > 2) {
    const size_t voices = count < kChunk ? count : kChunk;
    Biquad silent = {};
    float* r[kChunk];
    const Biquad* f[kChunk];
    for (size_t v = 0; v < kChunk; v++) {
      // Unused lanes read the first row and filter it with zero coefficients; nothing is stored.
      r[v] = v < voices ? rows[v] : rows[0];
      f[v] = v < voices ? filters[v] : &silent;
    }
    biquadChunk<S, S::kBiquadGroups>(r, f, filters, voices, n);
    rows += voices;
    filters += voices;
    count -= voices;
  }
  if (count > 0) scalarKernels()->biquad(rows, filters, count, n);
}

// A few voices fill few of the lanes, and the empty ones' chains still run: up to half the
// lanes, the set Narrower returns (half as wide, the same bits) runs half the chains.
template <typename S, const KernelSet* (*Narrower)()>
void biquadOrNarrower(float* const* rows, Biquad* const* filters, size_t count, size_t n) {
  static const KernelSet* const narrower = Narrower();
  if (count <= S::kLanes / 2) return narrower->biquad(rows, filters, count, n);
  biquad<S>(rows, filters, count, n);
}

// ---- oscillator ----

// kLanes consecutive samples at once, each lane keeping its own integer index and 24-bit
// fraction, advanced a whole vector at a time. S::pairs(data, first, index, narrow,
// lastReadable) returns, per lane, data[index] in the low 16 bits and data[index + 1] in the high
// 16; first is lane 0's index, and narrow says the step is at most 2, so all lanes lie within
// 2 * kLanes - 2 of first.
template <typename S>
struct LaneCursor {
  using I = Ints<S::kLanes>;
  static constexpr size_t w = S::kLanes;

  // Whether n samples hold a whole vector whose lane indices and step stay within 32 bits.
  static bool fits(size_t n, int64_t step) { return n >= w && step < (int64_t{1} << 28); }

  LaneCursor(int64_t start, int64_t step)
      : position(start), advance(static_cast<int64_t>(w) * step), narrow(step <= 2 * kFracUnit) {
    int32_t indices[w], fractions[w];
    for (size_t j = 0; j < w; j++) {
      const int64_t p = position + static_cast<int64_t>(j) * step;
      indices[j] = static_cast<int32_t>(p >> kFracBits);
      fractions[j] = static_cast<int32_t>(p & kFracMask);
    }
    index = load<I>(indices);
    frac = load<I>(fractions);
    indexStep = splat<I>(static_cast<int32_t>(advance >> kFracBits));
    fracStep = splat<I>(static_cast<int32_t>(advance & kFracMask));
  }

  // Lane 0's index.
  int64_t first() const { return position >> kFracBits; }

  void next() {
    frac += fracStep;
    index += indexStep + (frac >> kFracBits);
    frac &= static_cast<int32_t>(kFracMask);
    position += advance;
  }

  int64_t position;  // lane 0's
  int64_t advance;
  bool narrow;
  I index, frac, indexStep, fracStep;
};

// The sample in the low 16 bits of each lane of S::pairs, sign-extended.
template <typename S>
Ints<S::kLanes> lowSample(Ints<S::kLanes> pair) {
  return bits<Ints<S::kLanes>>(bits<Uints<S::kLanes>>(pair) << 16) >> 16;
}

// Linear interpolation is one fused multiply-add in float: frac, the difference and x1 * 2^24
// are all exact floats, so the FMA rounds the exact fixed-point value once, as JavaScript's double
// arithmetic followed by the store to a Float32Array does; the scaling by 2^-39 is exact.
template <typename S>
void oscillatorSpan(const int16_t* data, int64_t position, int64_t step, float* out, size_t n, int64_t lastReadable) {
  using F = Floats<S::kLanes>;
  using I = Ints<S::kLanes>;
  constexpr size_t w = S::kLanes;
  size_t t = 0;
  if (LaneCursor<S>::fits(n, step)) {
    LaneCursor<S> lanes(position, step);
    for (; t + w <= n; t += w, lanes.next()) {
      const I pair = S::pairs(data, lanes.first(), lanes.index, lanes.narrow, lastReadable);
      const I x1 = lowSample<S>(pair);
      const I difference = (pair >> 16) - x1;
      const F fixed = S::fma(convert<F>(lanes.frac), convert<F>(difference), convert<F>(x1) * 0x1p24f);
      store(out + t, fixed * 0x1p-39f);
    }
    position = lanes.position;
  }
  for (; t < n; t++) {
    const int64_t index = position >> kFracBits;
    const int64_t x1 = data[index];
    const int64_t fixed = (x1 * kFracUnit) + (position & kFracMask) * (data[index + 1] - x1);
    out[t] = static_cast<float>(fixed) * 0x1p-39f;
    position += step;
  }
}

template <typename S>
void oscillator(const int16_t* data, Oscillator& o, float* out, size_t n) {
  runOscillator(data, o, out, n, oscillatorSpan<S>);
}

// Cubic interpolation: two pairs per lane, (data[i - 1], data[i]) and (data[i + 1], data[i + 2]),
// then cubicSample's float arithmetic in the same order, lane by lane.
template <typename S>
void cubicSpan(const int16_t* data, int64_t position, int64_t step, float* out, size_t n, int64_t lastReadable) {
  using F = Floats<S::kLanes>;
  using I = Ints<S::kLanes>;
  constexpr size_t w = S::kLanes;
  size_t t = 0;
  if (LaneCursor<S>::fits(n, step)) {
    LaneCursor<S> lanes(position, step);
    for (; t + w <= n; t += w, lanes.next()) {
      const I before = S::pairs(data, lanes.first() - 1, lanes.index - 1, lanes.narrow, lastReadable);
      const I after = S::pairs(data, lanes.first() + 1, lanes.index + 1, lanes.narrow, lastReadable);
      const F s0 = convert<F>(lowSample<S>(before));
      const F s1 = convert<F>(before >> 16);
      const F s2 = convert<F>(lowSample<S>(after));
      const F s3 = convert<F>(after >> 16);
      const F x = convert<F>(lanes.frac) * 0x1p-24f;
      const F xx = x * x;
      const F c0 = x * (-0.5f + x * (1.0f - 0.5f * x));
      const F c1 = 1.0f + xx * (1.5f * x - 2.5f);
      const F c2 = x * (0.5f + x * (2.0f - 1.5f * x));
      const F c3 = 0.5f * (xx * (x - 1.0f));
      store(out + t, (((c0 * s0 + c1 * s1) + c2 * s2) + c3 * s3) * 0x1p-15f);
    }
    position = lanes.position;
  }
  for (; t < n; t++) {
    const int64_t i = position >> kFracBits;
    out[t] = cubicSample(data[i - 1], data[i], data[i + 1], data[i + 2], position & kFracMask);
    position += step;
  }
}

template <typename S>
void cubicOscillator(const int16_t* data, Oscillator& o, float* out, size_t n) {
  runCubicOscillator(data, o, out, n, cubicSpan<S>);
}

// Sinc interpolation, one sample at a time across its 8 points: the points, the table row and its
// steps are each two 4-lane loads, and the sum runs in sincSample's order (4 apart, 2 apart, the
// last two). Four lanes on every instruction set, so that the order is the same everywhere.
template <typename S>
void sincSpan(const int16_t* data, const float* table, int64_t position, int64_t step, float* out, size_t n) {
  using F = Floats<4>;
  using Shorts = typename VectorOf<int16_t, kSincPoints>::type;
  for (size_t t = 0; t < n; t++) {
    const int64_t frac = position & kFracMask;
    const float* row = table + (frac >> 16) * kSincRow;
    const float within = static_cast<float>(frac & 0xffff) * 0x1p-16f;
    const Shorts points = load<Shorts>(data + (position >> kFracBits) - 3);
    const F low = convert<F>(__builtin_shufflevector(points, points, 0, 1, 2, 3));
    const F high = convert<F>(__builtin_shufflevector(points, points, 4, 5, 6, 7));
    const F q = (load<F>(row) + load<F>(row + kSincPoints) * within) * low +
                (load<F>(row + 4) + load<F>(row + kSincPoints + 4) * within) * high;
    const F h = q + __builtin_shufflevector(q, q, 2, 3, 0, 1);
    out[t] = (h[0] + h[1]) * 0x1p-15f;
    position += step;
  }
}

template <typename S>
void sincOscillator(const int16_t* data, Oscillator& o, float* out, size_t n) {
  runSincOscillator(data, o, out, n, sincSpan<S>);
}

// ---- reverb ----

// The 16 combs (left, then right) in groups of kLanes lanes: every kLanes samples are loaded
// per comb, transposed so that a vector holds one sample of a group's combs, run through their
// recursions, and transposed back. Multiplies and adds are kept apart, as in Reverb.ts.
template <typename S>
void combs(CombBank& bank, const float* in, float* left, float* right, size_t n) {
  using F = Floats<S::kLanes>;
  constexpr size_t w = S::kLanes;
  constexpr size_t kGroups = kCombCount / w;
  const F damp1 = splat<F>(bank.damp1);
  const F damp2 = splat<F>(bank.damp2);
  const F feedback = splat<F>(bank.feedback);
  F filterStore[kGroups];
  for (size_t g = 0; g < kGroups; g++) filterStore[g] = load<F>(bank.store + w * g);
  float* const* line = bank.line;

  size_t t = 0;
  for (; t + w <= n; t += w) {
    F d[kGroups][w];
    for (size_t c = 0; c < kCombCount; c++) d[c / w][c % w] = flushDenormal(load<F>(line[c] + t));
    // Each channel's output sums its combs in order, as Reverb.ts adds them.
    for (size_t side = 0; side < 2; side++) {
      F sum = {};
      for (size_t c = side * kCombsPerChannel; c < (side + 1) * kCombsPerChannel; c++) sum += d[c / w][c % w];
      store(side == 0 ? left + t : right + t, sum);
    }
    for (size_t g = 0; g < kGroups; g++) transpose(d[g]);
    for (size_t j = 0; j < w; j++) {
      const F input = splat<F>(in[t + j]);
      for (size_t g = 0; g < kGroups; g++) {
        filterStore[g] = flushDenormal(d[g][j] * damp2 + filterStore[g] * damp1);
        d[g][j] = input + filterStore[g] * feedback;
      }
    }
    for (size_t g = 0; g < kGroups; g++) {
      transpose(d[g]);
      for (size_t k = 0; k < w; k++) store(line[w * g + k] + t, d[g][k]);
    }
  }
  for (; t < n; t++) {
    const F input = splat<F>(in[t]);
    float delayed[kCombCount], written[kCombCount];
    for (size_t g = 0; g < kGroups; g++) {
      for (size_t k = 0; k < w; k++) delayed[w * g + k] = line[w * g + k][t];
      const F x = flushDenormal(load<F>(delayed + w * g));
      store(delayed + w * g, x);
      filterStore[g] = flushDenormal(x * damp2 + filterStore[g] * damp1);
      store(written + w * g, input + filterStore[g] * feedback);
    }
    float sumLeft = 0.0f, sumRight = 0.0f;
    for (size_t c = 0; c < kCombsPerChannel; c++) sumLeft += delayed[c];
    for (size_t c = kCombsPerChannel; c < kCombCount; c++) sumRight += delayed[c];
    for (size_t c = 0; c < kCombCount; c++) line[c][t] = written[c];
    left[t] = sumLeft;
    right[t] = sumRight;
  }
  for (size_t g = 0; g < kGroups; g++) store(bank.store + w * g, filterStore[g]);
}

// An all-pass filter has no recursion within a stretch shorter than its line: plain vector code.
template <typename S>
void allPass(float* line, float feedback, float* block, size_t n) {
  using F = Floats<S::kLanes>;
  const F vfeedback = splat<F>(feedback);
  size_t t = 0;
  for (; t + S::kLanes <= n; t += S::kLanes) {
    const F input = load<F>(block + t);
    const F delayed = flushDenormal(load<F>(line + t));
    store(block + t, delayed - input);
    store(line + t, input + delayed * vfeedback);
  }
  for (; t < n; t++) {
    const float input = block[t];
    const float delayed = flushDenormal(line[t]);
    block[t] = delayed - input;
    line[t] = input + delayed * feedback;
  }
}

}  // namespace
}  // namespace meltysynth
