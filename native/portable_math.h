// The transcendental functions of the per-block voice step, with the operations and their order
// of lib/kernels/PortableMath.ts, function for function, so both backends get the same bits
// on every platform (the build files forbid contraction into fused multiply-adds). Every
// function takes and returns doubles, as JavaScript numbers are.
#pragma once

#include <cmath>
#include <cstdint>
#include <cstring>

namespace meltysynth {

// Rounds to float32 and back, as Math.fround.
inline double fround(double x) { return static_cast<float>(x); }

// 2^n, exactly, for a normal result (-1022 <= n <= 1023): built from its bits, where ldexp
// would be a library call on the per-voice path.
inline double powerOfTwo(int n) {
  const uint64_t bits = static_cast<uint64_t>(n + 1023) << 52;
  double x;
  std::memcpy(&x, &bits, sizeof x);
  return x;
}

// x^y in float32 as glibc's powf computes it: the algorithm of Arm's optimized-routines (see
// lib/kernels/PortableMath.ts, which holds the same tables).
inline double portablePowf(double x, double y) {
  static const double kInverseC[16] = {
      1.398907162146528,  1.3403141896637998, 1.286432210124115,  1.2367150214269895,
      1.1906977166711752, 1.1479821020556429, 1.1082251448272158, 1.0711297413057381,
      1.036437278977283,  1.0,                0.9492859795739057, 0.8951049428609004,
      0.8476821620351103, 0.8050314851692001, 0.7664671008843108, 0.731428603316328};
  static const double kLog2C[16] = {
      -0.48430022186289673, -0.42257122959194704, -0.3633754347673556,  -0.30651309567405577,
      -0.25180720160537634, -0.19910014943794563, -0.14825100623281615, -0.09913323807318392,
      -0.051632812977629436, 0.0,                 0.07508531937943004,  0.15987125980713107,
      0.2384046664317681,   0.31288288605863257,  0.38370422656453185,  0.451211048935815};
  static const double kA[5] = {0.288457581109214, -0.36092606229713164, 0.480898481472577, -0.7213474675006291,
                               1.4426950408774342};
  static const double kExp2[32] = {
      1.0,                1.0218971486541166, 1.0442737824274138, 1.0671404006768237, 1.0905077326652577,
      1.1143867425958924, 1.1387886347566916, 1.1637248587775775, 1.189207115002721,  1.215247359980469,
      1.241857812073484,  1.2690509571917332, 1.2968395546510096, 1.3252366431597413, 1.3542555469368927,
      1.383909881963832,  1.4142135623730951, 1.4451808069770467, 1.4768261459394993, 1.5091644275934228,
      1.5422108254079407, 1.5759808451078865, 1.6104903319492543, 1.645755478153965,  1.681792830507429,
      1.718619298122478,  1.7562521603732995, 1.7947090750031072, 1.8340080864093424, 1.8741676341103,
      1.9152065613971474, 1.9571441241754002};
  static const double kC[3] = {0.05550361559341535, 0.2402284522445722, 0.6931471806916203};
  const double kRoundToThirtySeconds = 1.5 * 140737488355328.0;  // 1.5 * 2^47
  const double kOverflowBound = 127.99999995700433;

  const float xf = static_cast<float>(x);
  uint32_t ix;
  std::memcpy(&ix, &xf, sizeof ix);
  const double yf = static_cast<float>(y);
  if (ix < 0x00800000u || ix >= 0x7f800000u || !std::isfinite(yf) || yf == 0) {
    // Only powers of zero, infinity, NaN or subnormals, and 0, +-inf or NaN exponents come here:
    // every one is exact, so the platform's pow gives JavaScript's result.
    return fround(std::pow(static_cast<double>(xf), yf));
  }
  const uint32_t tmp = ix - 0x3f330000u;
  const uint32_t i = (tmp >> 19) & 15u;
  const uint32_t top = tmp & 0xff800000u;
  const uint32_t zBits = ix - top;
  float zf;
  std::memcpy(&zf, &zBits, sizeof zf);
  const double z = zf;
  const int32_t k = static_cast<int32_t>(top) >> 23;

  const double r = z * kInverseC[i] - 1;
  const double y0 = kLog2C[i] + k;
  const double r2 = r * r;
  const double a = kA[0] * r + kA[1];
  const double p = kA[2] * r + kA[3];
  const double r4 = r2 * r2;
  double q = kA[4] * r + y0;
  q = p * r2 + q;
  const double ylogx = yf * (a * r4 + q);
  if (std::fabs(ylogx) >= 126) {
    if (ylogx > kOverflowBound) return INFINITY;
    if (ylogx <= -150) return 0;
  }
  const double n32 = ylogx + kRoundToThirtySeconds - kRoundToThirtySeconds;
  const int32_t n = static_cast<int32_t>(n32 * 32);
  const double t = ylogx - n32;
  const double scale = kExp2[n & 31] * powerOfTwo(n >> 5);
  const double c = kC[0] * t + kC[1];
  const double t2 = t * t;
  const double e = kC[2] * t + 1;
  return fround((c * t2 + e) * scale);
}

namespace portable {
constexpr double kLn2Hi = 6.93147180369123816490e-1;
constexpr double kLn2Lo = 1.90821492927058770002e-10;
constexpr double kInvLn2 = 1.44269504088896338700;
constexpr double kPio2Hi = 1.57079632673412561417;
constexpr double kPio2Lo = 6.07710050650619224932e-11;
constexpr double kTwoOverPi = 6.36619772367581382433e-1;
constexpr double R2 = 1.0 / 2, R3 = 1.0 / 6, R4 = 1.0 / 24, R5 = 1.0 / 120, R6 = 1.0 / 720, R7 = 1.0 / 5040,
                 R8 = 1.0 / 40320, R9 = 1.0 / 362880, R10 = 1.0 / 3628800, R11 = 1.0 / 39916800,
                 R12 = 1.0 / 479001600, R13 = 1.0 / 6227020800.0, R14 = 1.0 / 87178291200.0,
                 R15 = 1.0 / 1307674368000.0, R16 = 1.0 / 20922789888000.0, R17 = 1.0 / 355687428096000.0;

inline double sinPolynomial(double r) {
  const double z = r * r;
  return r + r * z * (-R3 + z * (R5 + z * (-R7 + z * (R9 + z * (-R11 + z * (R13 + z * (-R15 + z * R17)))))));
}

inline double cosPolynomial(double r) {
  const double z = r * r;
  return 1 + z * (-R2 + z * (R4 + z * (-R6 + z * (R8 + z * (-R10 + z * (R12 + z * (-R14 + z * R16)))))));
}

inline int quadrant(double k) { return static_cast<int>(std::fmod(std::fmod(k, 4.0) + 4.0, 4.0)); }
}  // namespace portable

// e^x (lib/kernels/PortableMath.ts portableExp).
inline double portableExp(double x) {
  using namespace portable;
  if (x != x) return x;
  if (x > 709.7) return INFINITY;
  if (x < -745.2) return 0;
  const double k = std::floor(x * kInvLn2 + 0.5);
  const double r = x - k * kLn2Hi - k * kLn2Lo;
  // In pairs (Estrin's scheme), as PortableMath.ts sums it: four steps deep rather than thirteen.
  const double r2 = r * r;
  const double r4 = r2 * r2;
  const double r8 = r4 * r4;
  const double low = (1 + r) + r2 * (R2 + r * R3) + r4 * ((R4 + r * R5) + r2 * (R6 + r * R7));
  const double high = ((R8 + r * R9) + r2 * (R10 + r * R11)) + r4 * (R12 + r * R13);
  const double p = low + r8 * high;
  const int e = static_cast<int>(k);
  if (e < -1000) return p * powerOfTwo(e + 200) * powerOfTwo(-200);
  if (e > 1023) return p * powerOfTwo(e - 1) * 2;
  return p * powerOfTwo(e);
}

// sin(x) (portableSin).
inline double portableSin(double x) {
  using namespace portable;
  if (!std::isfinite(x)) return NAN;
  const double k = std::floor(x * kTwoOverPi + 0.5);
  const double r = x - k * kPio2Hi - k * kPio2Lo;
  switch (quadrant(k)) {
    case 0: return sinPolynomial(r);
    case 1: return cosPolynomial(r);
    case 2: return -sinPolynomial(r);
    default: return -cosPolynomial(r);
  }
}

// cos(x) (portableCos).
inline double portableCos(double x) {
  using namespace portable;
  if (!std::isfinite(x)) return NAN;
  const double k = std::floor(x * kTwoOverPi + 0.5);
  const double r = x - k * kPio2Hi - k * kPio2Lo;
  switch (quadrant(k)) {
    case 0: return cosPolynomial(r);
    case 1: return -sinPolynomial(r);
    case 2: return -cosPolynomial(r);
    default: return sinPolynomial(r);
  }
}

}  // namespace meltysynth
