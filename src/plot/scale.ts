/**
 * Linear and log10 scales: map data to pixels, choose readable ticks, format tick labels.
 * Tick positions come from d3-array's `ticks` (1-2-5 steps), so they are deterministic.
 */
import { nice, ticks as d3ticks } from "d3-array";

export interface Scale {
  readonly kind: "linear" | "log";
  /** The (niced) data interval shown. */
  readonly domain: readonly [number, number];
  /** Pixel interval; range[0] corresponds to domain[0]. */
  readonly range: readonly [number, number];
  /** Data value → pixel. Log scales map values ≤ 0 to NaN. */
  map(value: number): number;
  /** Tick values inside the domain. */
  ticks(count?: number): number[];
}

/** A linear scale; `niceDomain` widens the domain to round tick values (default true). */
export function linearScale(domain: readonly [number, number], range: readonly [number, number], niceDomain = true): Scale {
  let [d0, d1] = safeInterval(domain[0], domain[1]);
  if (niceDomain) [d0, d1] = nice(d0, d1, 6) as [number, number];
  const [r0, r1] = range;
  const k = (r1 - r0) / (d1 - d0);
  return {
    kind: "linear",
    domain: [d0, d1],
    range: [r0, r1],
    map: (v) => r0 + (v - d0) * k,
    ticks: (count = 6) => d3ticks(d0, d1, count),
  };
}

/**
 * A log10 scale. The domain widens to whole powers of ten so every axis carries at least two
 * labelled ticks, and the ticks are exactly the powers of ten (every k-th decade when there are many).
 */
export function logScale(domain: readonly [number, number], range: readonly [number, number]): Scale {
  const lo = Math.max(Math.min(domain[0], domain[1]), Number.MIN_VALUE);
  const hi = Math.max(domain[0], domain[1], lo);
  let e0 = Math.floor(Math.log10(lo) + 1e-9);
  let e1 = Math.ceil(Math.log10(hi) - 1e-9);
  if (e1 <= e0) e1 = e0 + 1;
  e0 = Math.max(e0, -320);
  const [r0, r1] = range;
  const k = (r1 - r0) / (e1 - e0);
  return {
    kind: "log",
    domain: [10 ** e0, 10 ** e1],
    range: [r0, r1],
    map: (v) => (v > 0 ? r0 + (Math.log10(v) - e0) * k : NaN),
    ticks: (count = 6) => {
      const decades = e1 - e0;
      const step = Math.max(1, Math.ceil(decades / Math.max(1, count)));
      const out: number[] = [];
      for (let e = e1; e >= e0; e -= step) out.push(powerOfTen(e));
      return out.reverse();
    },
  };
}

/** 10^e written so that it round-trips exactly (10 ** -3 is 0.0010000000000000002 otherwise). */
function powerOfTen(e: number): number {
  return Number(`1e${e}`);
}

/** A non-degenerate finite interval around [a, b]. */
function safeInterval(a: number, b: number): [number, number] {
  let lo = Math.min(a, b);
  let hi = Math.max(a, b);
  if (!Number.isFinite(lo) || !Number.isFinite(hi)) return [0, 1];
  if (hi - lo <= Math.abs(hi) * 1e-12) {
    const pad = lo === 0 ? 1 : Math.abs(lo) * 0.1;
    lo -= pad;
    hi += pad;
  }
  return [lo, hi];
}

/**
 * A tick label that reads well: 0, 0.25, 0.001, 1e-6, 2.5e-5, 1500, 10k, 2.5M, 1e12.
 * Small magnitudes switch to exponent form below 0.001; large ones use k/M/B suffixes.
 */
export function formatTick(value: number): string {
  if (value === 0 || Object.is(value, -0)) return "0";
  if (!Number.isFinite(value)) return String(value);
  const abs = Math.abs(value);
  const sign = value < 0 ? "-" : "";
  if (abs < 1e-3) return sign + expForm(abs);
  if (abs >= 1e12) return sign + expForm(abs);
  if (abs >= 1e9) return sign + short(abs / 1e9) + "B";
  if (abs >= 1e6) return sign + short(abs / 1e6) + "M";
  if (abs >= 1e4) return sign + short(abs / 1e3) + "k";
  return sign + short(abs);
}

function short(v: number): string {
  return String(Number(v.toPrecision(6)));
}

function expForm(abs: number): string {
  const [mantissa, exponent] = abs.toExponential(5).split("e") as [string, string];
  const m = String(Number(mantissa));
  const e = String(Number(exponent));
  return `${m}e${e}`;
}

/** The extent [min, max] of the finite values (and, for log scales, the positive ones). */
export function finiteExtent(values: Iterable<number>, positiveOnly = false): [number, number] | null {
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of values) {
    if (!Number.isFinite(v) || (positiveOnly && v <= 0)) continue;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  return lo <= hi ? [lo, hi] : null;
}
