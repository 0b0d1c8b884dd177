/**
 * The transcendental functions of the per-block voice step and of the SoundFont unit
 * conversions, computed by this project's own code in double precision, in a fixed order of
 * operations: the TypeScript twin of native/portable_math.h, function for function, so the two
 * backends get the same bits on every platform, where the platforms' libm and V8's Math differ
 * in their last bit.
 *
 * exp, sin and cos are range reduction and a polynomial, each accurate to about one unit in the
 * last place of a double, so once rounded to float32 it agrees with a correctly rounded result.
 *
 * powf is x^y in float32, bit for bit as glibc's powf computes it (and so as MeltySynth's
 * MathF.Pow and rustysynth's f32::powf compute it on Linux). Math.fround(Math.pow(x, y)) is
 * correctly rounded, but glibc's powf is not always: about one input in a thousand rounds the
 * other way, and one such difference is enough to keep a render from matching its reference.
 * It is the algorithm of Arm's optimized-routines (MIT), which glibc and musl ship: log2(x) from
 * a 16-entry table and a polynomial, then 2^(y log2 x) from a 32-entry table and a polynomial,
 * all in double, rounded to float32 once at the end. The tables are its data.
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
  // Taylor to r^13 on |r| <= 0.35: the remainder is below 1e-17. Summed in pairs (Estrin's
  // scheme), four steps deep rather than thirteen: the voice step waits on it once per voice.
  const r2 = r * r;
  const r4 = r2 * r2;
  const r8 = r4 * r4;
  const low = 1 + r + r2 * (R2 + r * R3) + r4 * (R4 + r * R5 + r2 * (R6 + r * R7));
  const high = R8 + r * R9 + r2 * (R10 + r * R11) + r4 * (R12 + r * R13);
  const p = low + r8 * high;
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

const f32 = new Float32Array(1);
const f32Bits = new Uint32Array(f32.buffer);

/** 1/c and log2(c) for c near the middle of each of the 16 subintervals of [0x3f330000, 2x that). */
const inverseC = [
  1.398907162146528, 1.3403141896637998, 1.286432210124115, 1.2367150214269895,
  1.1906977166711752, 1.1479821020556429, 1.1082251448272158, 1.0711297413057381,
  1.036437278977283, 1.0, 0.9492859795739057, 0.8951049428609004, 0.8476821620351103,
  0.8050314851692001, 0.7664671008843108, 0.731428603316328,
];
const log2C = [
  -0.48430022186289673, -0.42257122959194704, -0.3633754347673556, -0.30651309567405577,
  -0.25180720160537634, -0.19910014943794563, -0.14825100623281615, -0.09913323807318392,
  -0.051632812977629436, 0.0, 0.07508531937943004, 0.15987125980713107, 0.2384046664317681,
  0.31288288605863257, 0.38370422656453185, 0.451211048935815,
];
/** log1p(r)/ln 2 ~ A0 r^5 + A1 r^4 + A2 r^3 + A3 r^2 + A4 r. */
const A = [
  0.288457581109214, -0.36092606229713164, 0.480898481472577, -0.7213474675006291,
  1.4426950408774342,
];

/** 2^(i/32), i = 0..31. */
const exp2Table = [
  1.0, 1.0218971486541166, 1.0442737824274138, 1.0671404006768237, 1.0905077326652577,
  1.1143867425958924, 1.1387886347566916, 1.1637248587775775, 1.189207115002721,
  1.215247359980469, 1.241857812073484, 1.2690509571917332, 1.2968395546510096,
  1.3252366431597413, 1.3542555469368927, 1.383909881963832, 1.4142135623730951,
  1.4451808069770467, 1.4768261459394993, 1.5091644275934228, 1.5422108254079407,
  1.5759808451078865, 1.6104903319492543, 1.645755478153965, 1.681792830507429,
  1.718619298122478, 1.7562521603732995, 1.7947090750031072, 1.8340080864093424,
  1.8741676341103, 1.9152065613971474, 1.9571441241754002,
];
/** 2^r ~ C0 r^3 + C1 r^2 + C2 r + 1. */
const C = [0.05550361559341535, 0.2402284522445722, 0.6931471806916203];

/** Adding this rounds a double of magnitude below 2^46 to a multiple of 1/32. */
const roundToThirtySeconds = 1.5 * 2 ** 47;

/** The largest y log2(x) whose result still rounds to a finite float32. */
const overflowBound = 127.99999995700433;

/**
 * x^y as glibc's powf computes it, for float32 `x` and `y` (other values are rounded to float32
 * first). Positive normal `x` and finite nonzero `y`, all a synthesizer needs, take glibc's
 * path; anything else falls back to Math.pow rounded to float32.
 */
export function portablePowf(x: number, y: number): number {
  f32[0] = x;
  const ix = f32Bits[0];
  const yf = Math.fround(y);
  if (ix < 0x00800000 || ix >= 0x7f800000 || !Number.isFinite(yf) || yf === 0) {
    return Math.fround(Math.pow(Math.fround(x), yf));
  }

  // x = 2^k z, with z in [0x3f330000, 2 * 0x3f330000) and c near z, from the table.
  const tmp = (ix - 0x3f330000) >>> 0;
  const i = (tmp >>> 19) & 15;
  const top = (tmp & 0xff800000) >>> 0;
  f32Bits[0] = (ix - top) >>> 0;
  const z = f32[0];
  const k = (top | 0) >> 23;

  // log2(x) = log1p(z/c - 1)/ln 2 + log2(c) + k, evaluated in glibc's order.
  const r = z * inverseC[i] - 1;
  const y0 = log2C[i] + k;
  const r2 = r * r;
  const a = A[0] * r + A[1];
  const p = A[2] * r + A[3];
  const r4 = r2 * r2;
  let q = A[4] * r + y0;
  q = p * r2 + q;
  const ylogx = yf * (a * r4 + q);

  if (Math.abs(ylogx) >= 126) {
    if (ylogx > overflowBound) return Infinity;
    if (ylogx <= -150) return 0;
  }

  // 2^ylogx = 2^(n/32) 2^t, with n/32 the nearest multiple of 1/32 and |t| <= 1/64.
  const n32 = ylogx + roundToThirtySeconds - roundToThirtySeconds;
  const n = n32 * 32;
  const t = ylogx - n32;
  const scale = exp2Table[n & 31] * 2 ** (n >> 5);
  const c = C[0] * t + C[1];
  const t2 = t * t;
  const e = C[2] * t + 1;
  return Math.fround((c * t2 + e) * scale);
}
