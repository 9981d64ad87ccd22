/**
 * e^(−a) and log(1 + e) for the logistic loss, where V8's Math.exp and Math.log1p (≈ 40 ns each
 * on this project's machine) cost more than the rest of a small model's epoch. Both are accurate
 * to a few units in the last place of a double (tested against Math over their domains): range
 * reduction to a short interval, then a polynomial evaluated in Estrin's scheme, whose short
 * dependency chains let the CPU overlap its multiplications.
 */

const LN2_HI = 6.93147180369123816490e-1; // ln 2 with its low bits zero, so k·LN2_HI is exact
const LN2_LO = 1.90821492927058770002e-10;
const LOG2E = Math.LOG2E;
/** 1.5·2^52: adding and subtracting it rounds a double below 2^51 to the nearest integer (ties to even). */
const ROUND = 6755399441055744;

/** 2^k for k from −1022 to 0 (the normal range), looked up instead of computed. */
const POW2 = Float64Array.from({ length: 1023 }, (_, i) => 2 ** (i - 1022));
const TWO_M100 = 2 ** -100;

/** e^(−a) for a ≥ 0 (NaN gives NaN, +Infinity gives 0). */
export function expNeg(a: number): number {
  if (!(a < 745.2)) return a >= 745.2 ? 0 : NaN;
  const x = -a;
  const k = x * LOG2E + ROUND - ROUND; // faster than Math.round, and what the native loop does
  const r = x - k * LN2_HI - k * LN2_LO; // |r| ≤ ln2/2
  // e^r = Σ rⁱ/i! to r^12 (remainder < 2e-16 on |r| ≤ 0.347), in Estrin's scheme.
  const r2 = r * r;
  const r4 = r2 * r2;
  const r8 = r4 * r4;
  const p01 = 1 + r;
  const p23 = 1 / 2 + r * (1 / 6);
  const p45 = 1 / 24 + r * (1 / 120);
  const p67 = 1 / 720 + r * (1 / 5040);
  const p89 = 1 / 40320 + r * (1 / 362880);
  const p1011 = 1 / 3628800 + r * (1 / 39916800);
  const p = p01 + r2 * p23 + r4 * (p45 + r2 * p67) + r8 * (p89 + r2 * p1011 + r4 * (1 / 479001600));
  // Below 2^−1022 the result is subnormal: scale in two steps so that 2^k itself never underflows.
  return k >= -1022 ? p * POW2[k + 1022]! : p * POW2[k + 1122]! * TWO_M100;
}

/** log(1 + e) for 0 ≤ e ≤ 1, without the cancellation of Math.log(1 + e) for small e. */
export function log1pUnit(e: number): number {
  // Above √2 − 1, log(1 + e) = ln 2 + log(1 + (e − 1)/2), so the argument u stays in [−0.293, 0.415].
  const high = e > 0.41421356237309503;
  const u = high ? (e - 1) / 2 : e;
  // log(1 + u) = 2·atanh(s) with s = u / (2 + u), |s| ≤ 0.172: 2s·Σ s^2i/(2i + 1) to s^24, in Estrin's scheme.
  const s = u / (2 + u);
  const t = s * s;
  const t2 = t * t;
  const t4 = t2 * t2;
  const t8 = t4 * t4;
  const q01 = 1 + t * (1 / 3);
  const q23 = 1 / 5 + t * (1 / 7);
  const q45 = 1 / 9 + t * (1 / 11);
  const q67 = 1 / 13 + t * (1 / 15);
  const q89 = 1 / 17 + t * (1 / 19);
  const q1011 = 1 / 21 + t * (1 / 23);
  const series = q01 + t2 * q23 + t4 * (q45 + t2 * q67) + t8 * (q89 + t2 * q1011 + t4 * (1 / 25));
  const value = 2 * s * series;
  return high ? Math.LN2 + value : value;
}
