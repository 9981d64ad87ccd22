/**
 * When a run has diverged. Divergence is a result, not a crash: a value or gradient that is not
 * finite, a value that has grown (or fallen: unbounded below) past `growthBound` times the start's scale, or a point whose
 * coordinates have left any sane region (so a function unbounded below, like x² − y², stops too).
 */
export interface DivergenceRule {
  /** Diverged once |f(x) − f(x₀)| > growthBound · max(1, |f(x₀)|) (a fall that large: unbounded below). Default 1e8. */
  growthBound: number;
  /** Diverged once some |xᵢ| > pointBound. Default 1e100. */
  pointBound: number;
}

export const DEFAULT_DIVERGENCE: DivergenceRule = Object.freeze({ growthBound: 1e8, pointBound: 1e100 });

/** Returns why the state is divergent, or null when it is fine. */
export function divergenceReason(
  value: number,
  grad: Float64Array,
  point: Float64Array,
  startValue: number,
  rule: DivergenceRule,
): string | null {
  if (!Number.isFinite(value)) return `the value became ${value}`;
  for (let i = 0; i < grad.length; i++) {
    if (!Number.isFinite(grad[i]!)) return `the gradient became ${grad[i]}`;
  }
  for (let i = 0; i < point.length; i++) {
    if (!(Math.abs(point[i]!) <= rule.pointBound)) return `a coordinate passed ${rule.pointBound}`;
  }
  const bound = rule.growthBound * Math.max(1, Math.abs(startValue));
  if (value - startValue > bound) {
    return `the value grew from ${fmt(startValue)} to ${fmt(value)}, more than ${rule.growthBound} times the start's scale`;
  }
  // A value that keeps falling has no minimum to reach (x² − y² from off the x axis).
  if (startValue - value > bound) {
    return `unbounded below: the value fell from ${fmt(startValue)} to ${fmt(value)}, more than ${rule.growthBound} times the start's scale`;
  }
  return null;
}

function fmt(v: number): string {
  return Math.abs(v) >= 1e6 || (v !== 0 && Math.abs(v) < 1e-4) ? v.toExponential(3) : String(+v.toPrecision(6));
}
