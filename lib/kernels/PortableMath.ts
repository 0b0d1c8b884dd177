/**
 * The transcendental functions of the per-block voice step, computed by this project's own code
 * in double precision: range reduction and a polynomial, in a fixed order of operations. The
 * native step (native/portable_math.h) does the same operations in the same order, so the two
 * backends get the same bits on every platform, where the platforms' libm and V8's Math differ
 * in their last bit. Each is accurate to about one unit in the last place of a double, so once
 * rounded to float32 it agrees with a correctly rounded result.
 */

// ln 2 split in two: the high part has its low 32 bits clear, so k * LN2_HI is exact.
const LN2_HI = 6.93147180369123816490e-1;
const LN2_LO = 1.90821492927058770002e-10;
const INV_LN2 = 1.44269504088896338700;
// pi/2 split the same way; k * PIO2_HI is exact for the small k these functions see.
const PIO2_HI = 1.57079632673412561417;
const PIO2_LO = 6.07710050650619224932e-11;
const TWO_OVER_PI = 6.36619772367581382433e-1;

// 1/n!, each a correctly rounded quotient of two exact integers (as in the C++ twin).
const R2 = 1 / 2;
const R3 = 1 / 6;
const R4 = 1 / 24;
const R5 = 1 / 120;
const R6 = 1 / 720;
const R7 = 1 / 5040;
const R8 = 1 / 40320;
const R9 = 1 / 362880;
const R10 = 1 / 3628800;
const R11 = 1 / 39916800;
const R12 = 1 / 479001600;
const R13 = 1 / 6227020800;
const R14 = 1 / 87178291200;
const R15 = 1 / 1307674368000;
const R16 = 1 / 20922789888000;
const R17 = 1 / 355687428096000;

/** e^x. */
export function portableExp(x: number): number {
  if (x !== x) return x;
  if (x > 709.7) return Infinity;
  if (x < -745.2) return 0;
  const k = Math.floor(x * INV_LN2 + 0.5);
  const r = x - k * LN2_HI - k * LN2_LO;
  // Taylor to r^13 on |r| <= 0.35: the remainder is below 1e-17.
  const p =
    1 + r * (1 + r * (R2 + r * (R3 + r * (R4 + r * (R5 + r * (R6 + r * (R7 + r * (R8 + r * (R9 + r * (R10 +
      r * (R11 + r * (R12 + r * R13))))))))))));
  // Two exact scalings where 2^k alone would be subnormal.
  if (k < -1000) return p * 2 ** (k + 200) * 2 ** -200;
  if (k > 1023) return p * 2 ** (k - 1) * 2;
  return p * 2 ** k;
}

/** sin(x), for the angles of panning and filter design (|x| up to a few pi). */
export function portableSin(x: number): number {
  if (!Number.isFinite(x)) return Number.NaN;
  const k = Math.floor(x * TWO_OVER_PI + 0.5);
  const r = x - k * PIO2_HI - k * PIO2_LO;
  switch (quadrant(k)) {
    case 0: return sinPolynomial(r);
    case 1: return cosPolynomial(r);
    case 2: return -sinPolynomial(r);
    default: return -cosPolynomial(r);
  }
}

/** cos(x), for the same angles. */
export function portableCos(x: number): number {
  if (!Number.isFinite(x)) return Number.NaN;
  const k = Math.floor(x * TWO_OVER_PI + 0.5);
  const r = x - k * PIO2_HI - k * PIO2_LO;
  switch (quadrant(k)) {
    case 0: return cosPolynomial(r);
    case 1: return -sinPolynomial(r);
    case 2: return -cosPolynomial(r);
    default: return sinPolynomial(r);
  }
}

function quadrant(k: number): number {
  return ((k % 4) + 4) % 4;
}

// Taylor series on |r| <= pi/4, to r^17 and r^16: the remainders are below 1e-17.
function sinPolynomial(r: number): number {
  const z = r * r;
  return r + r * z * (-R3 + z * (R5 + z * (-R7 + z * (R9 + z * (-R11 + z * (R13 + z * (-R15 + z * R17)))))));
}

function cosPolynomial(r: number): number {
  const z = r * r;
  return 1 + z * (-R2 + z * (R4 + z * (-R6 + z * (R8 + z * (-R10 + z * (R12 + z * (-R14 + z * R16)))))));
}
