// The vector layer the kernels are written over: GCC and Clang vector types, whose operators
// (+ - * & < ...) work lane by lane and compile to one instruction per vector, plus the few
// loads, shuffles and conversions the kernels need. Shuffles are spelled as index patterns
// (__builtin_shufflevector), so each instruction set's compiler picks its own instructions.
//
// Include it only inside an instruction set's target region, as kernels_impl.h says: everything
// here has internal linkage, so each instruction set's file compiles its own copy.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <type_traits>
#include <utility>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif
#if defined(__wasm_simd128__)
#include <wasm_simd128.h>
#endif

namespace meltysynth {
namespace {

template <typename T, size_t N>
struct VectorOf {
  typedef T type __attribute__((vector_size(N * sizeof(T))));
};
template <size_t N>
using Floats = typename VectorOf<float, N>::type;
template <size_t N>
using Doubles = typename VectorOf<double, N>::type;
template <size_t N>
using Ints = typename VectorOf<int32_t, N>::type;
template <size_t N>
using Uints = typename VectorOf<uint32_t, N>::type;

template <typename V>
constexpr size_t lanesOf() {
  return sizeof(V) / sizeof(V{}[0]);
}

// The vector type of N lanes of V's element type.
template <typename V, size_t N>
using WithLanes = typename VectorOf<std::decay_t<decltype(V{}[0])>, N>::type;

template <typename V, typename T>
inline V load(const T* p) {
  V v;
  std::memcpy(&v, p, sizeof v);
  return v;
}

template <typename V, typename T>
inline void store(T* p, V v) {
  std::memcpy(p, &v, sizeof v);
}

template <typename V, typename T>
inline V splat(T x) {
  return V{} + x;
}

template <typename To, typename From>
inline To convert(From v) {
  return __builtin_convertvector(v, To);
}

// A vector's bits as another vector type of the same size.
template <typename To, typename From>
inline To bits(From v) {
  static_assert(sizeof(To) == sizeof(From), "same size");
  return (To)v;
}

// Picks lanes of a and b (b's lanes numbered after a's) by the pattern P::at(lane, lanes), for
// each lane of the result; Length lanes long.
template <typename P, size_t Length, typename V, size_t... I>
inline auto shuffleBy(V a, V b, std::index_sequence<I...>) {
  return __builtin_shufflevector(a, b, P::at(I, lanesOf<V>())...);
}
template <typename P, size_t Length, typename V>
inline auto shuffle(V a, V b) {
  return shuffleBy<P, Length>(a, b, std::make_index_sequence<Length>());
}

struct LowHalfPattern {
  static constexpr int at(size_t i, size_t) { return static_cast<int>(i); }
};

// Halves are copied out rather than shuffled out: GCC then extracts a half in one instruction,
// where a narrowing shuffle becomes a full-width permute.
template <typename V>
inline auto lowHalf(V v) {
  WithLanes<V, lanesOf<V>() / 2> half;
  std::memcpy(&half, &v, sizeof half);
  return half;
}
template <typename V>
inline auto highHalf(V v) {
  WithLanes<V, lanesOf<V>() / 2> half;
  std::memcpy(&half, reinterpret_cast<const char*>(&v) + sizeof half, sizeof half);
  return half;
}
// The lanes of low, then those of high.
template <typename H>
inline auto concat(H low, H high) {
  return shuffle<LowHalfPattern, 2 * lanesOf<H>()>(low, high);
}

// The nearest floats to v's double lanes, in the low half of a float vector twice as wide (the
// high half is zero), and back from either half: the form in which x86 and WebAssembly convert 2
// lanes at a time.
// Spelled out on x86, where GCC would otherwise go through the 256-bit conversions, and in
// WebAssembly, where Clang would convert lane by lane.
template <typename D>
inline auto narrowToLow(D v) {
  using Half = Floats<lanesOf<D>()>;
  return concat(convert<Half>(v), Half{});
}
template <typename F>
inline auto widenLow(F v) {
  return convert<Doubles<lanesOf<F>() / 2>>(lowHalf(v));
}
template <typename F>
inline auto widenHigh(F v) {
  return convert<Doubles<lanesOf<F>() / 2>>(highHalf(v));
}
#if defined(__SSE2__)
template <>
inline auto narrowToLow(Doubles<2> v) {
  return Floats<4>(_mm_cvtpd_ps(v));
}
template <>
inline auto widenLow(Floats<4> v) {
  return Doubles<2>(_mm_cvtps_pd(v));
}
#endif
#if defined(__wasm_simd128__)
// In assembly: Clang 14 spells these two instructions as patterns of conversions and shuffles
// (wasm_simd128.h), which its optimizer breaks up into lane-by-lane conversions as soon as the
// result is shuffled further.
template <>
inline auto narrowToLow(Doubles<2> v) {
  Floats<4> low;
  __asm__("local.get %1\n\tf32x4.demote_zero_f64x2\n\tlocal.set %0" : "=r"(low) : "r"(v));
  return low;
}
template <>
inline auto widenLow(Floats<4> v) {
  Doubles<2> wide;
  __asm__("local.get %1\n\tf64x2.promote_low_f32x4\n\tlocal.set %0" : "=r"(wide) : "r"(v));
  return wide;
}
template <>
inline auto widenHigh(Floats<4> v) {
  return widenLow(Floats<4>(__builtin_shufflevector(v, v, 2, 3, 2, 3)));
}
#endif

// v's parts of Lanes lanes, first to last, in parts[] (copied out, as halves are).
template <size_t Lanes, typename V, typename P>
inline void splitInto(V v, P* parts) {
  static_assert(sizeof(P) * lanesOf<V>() == sizeof(V) * Lanes, "parts of Lanes lanes");
  for (size_t i = 0; i < lanesOf<V>() / Lanes; i++) {
    std::memcpy(&parts[i], reinterpret_cast<const char*>(&v) + i * sizeof(P), sizeof(P));
  }
}

struct LowHalvesPattern {
  static constexpr int at(size_t i, size_t w) { return static_cast<int>(i < w / 2 ? i : w + i - w / 2); }
};

// The low halves of parts[0 .. Count), first to last, in one vector (Count a power of two, at
// least 2).
template <size_t Count, typename V>
inline auto joinLows(const V* parts) {
  if constexpr (Count == 2) {
    return shuffle<LowHalvesPattern, lanesOf<V>()>(parts[0], parts[1]);
  } else {
    return concat(joinLows<Count / 2>(parts), joinLows<Count / 2>(parts + Count / 2));
  }
}

// The lanes of parts[0 .. Count), first to last, in one vector (Count a power of two).
template <size_t Count, typename V>
inline auto join(const V* parts) {
  if constexpr (Count == 1) {
    return parts[0];
  } else {
    return concat(join<Count / 2>(parts), join<Count / 2>(parts + Count / 2));
  }
}

// The patterns of a transpose. Within each 4-lane (128-bit) block: the pairs of a and b
// interleaved (low or high half of the block), and the low or high 2 lanes of a, then of b.
struct UnpackLow {
  static constexpr int at(size_t i, size_t w) {
    return static_cast<int>(i / 4 * 4 + i % 4 / 2 + (i % 2 ? w : 0));
  }
};
struct UnpackHigh {
  static constexpr int at(size_t i, size_t w) { return UnpackLow::at(i, w) + 2; }
};
struct PairsLow {
  static constexpr int at(size_t i, size_t w) {
    return static_cast<int>(i % 4 < 2 ? i : w + i - 2);
  }
};
struct PairsHigh {
  static constexpr int at(size_t i, size_t w) { return PairsLow::at(i, w) + 2; }
};
// Across blocks: in every chunk of 2 * Span lanes, a's low Span lanes then b's (SpanLow), or
// a's high Span lanes then b's (SpanHigh).
template <size_t Span>
struct SpanLow {
  static constexpr int at(size_t i, size_t w) {
    const size_t chunk = i / (2 * Span) * (2 * Span), position = i % (2 * Span);
    return static_cast<int>(position < Span ? chunk + position : w + chunk + position - Span);
  }
};
template <size_t Span>
struct SpanHigh {
  static constexpr int at(size_t i, size_t w) { return SpanLow<Span>::at(i, w) + static_cast<int>(Span); }
};

template <size_t Span, typename V>
inline void transposeBlocks(V* r) {
  if constexpr (Span >= 4) {
    constexpr size_t w = lanesOf<V>();
    for (size_t i = 0; i < w; i++) {
      if ((i & Span) != 0) continue;
      const V low = shuffle<SpanLow<Span>, w>(r[i], r[i + Span]);
      const V high = shuffle<SpanHigh<Span>, w>(r[i], r[i + Span]);
      r[i] = low;
      r[i + Span] = high;
    }
    transposeBlocks<Span / 2>(r);
  }
}

// Transposes the square matrix of r[0 .. lanes): first every 4 x 4 block in place, within
// 128-bit blocks (the cheapest shuffles everywhere), then the blocks themselves, halves first.
template <typename V>
inline void transpose(V* r) {
  constexpr size_t w = lanesOf<V>();
  for (size_t g = 0; g < w; g += 4) {
    const V t0 = shuffle<UnpackLow, w>(r[g], r[g + 1]);
    const V t1 = shuffle<UnpackHigh, w>(r[g], r[g + 1]);
    const V t2 = shuffle<UnpackLow, w>(r[g + 2], r[g + 3]);
    const V t3 = shuffle<UnpackHigh, w>(r[g + 2], r[g + 3]);
    r[g] = shuffle<PairsLow, w>(t0, t2);
    r[g + 1] = shuffle<PairsHigh, w>(t0, t2);
    r[g + 2] = shuffle<PairsLow, w>(t1, t3);
    r[g + 3] = shuffle<PairsHigh, w>(t1, t3);
  }
  transposeBlocks<w / 2>(r);
}

}  // namespace
}  // namespace meltysynth
