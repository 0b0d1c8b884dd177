// The SoundFont unit conversions that compiled code needs, the twins of those in
// lib/kernels/SoundFontMath.ts: float32 arithmetic rounded where MeltySynth rounds it.
#pragma once

#include <cmath>

#include "portable_math.h"

namespace meltysynth {

// Math.max: NaN wins, and +0 is larger than -0.
inline double jsMax(double a, double b) {
  if (a != a || b != b) return NAN;
  if (a == 0 && b == 0) return std::signbit(a) ? b : a;
  return a > b ? a : b;
}

inline double clamp(double value, double min, double max) { return value < min ? min : value > max ? max : value; }

inline double tenths(double x) { return fround(fround(0.1) * x); }

inline double timecentsToSeconds(double x) { return portablePowf(2, fround(fround(1.0 / 1200) * x)); }

inline double centsToHertz(double x) { return fround(fround(8.176) * portablePowf(2, fround(fround(1.0 / 1200) * x))); }

inline double centsToMultiplyingFactor(double x) { return portablePowf(2, fround(fround(1.0 / 1200) * x)); }

inline double decibelsToLinear(double x) { return portablePowf(10, fround(fround(0.05) * x)); }

inline double keyNumberToMultiplyingFactor(double cents, double key) { return timecentsToSeconds(cents * (60 - key)); }

}  // namespace meltysynth
