/**
 * Logistic regression's loss and gradient over a set of rows: mean binary cross-entropy of
 * σ(x·w + b). Written out directly (the gradient is Xᵀ(σ − y)/B) because the SGD view runs
 * thousands of one-example steps per change; test/web checks it against the autodiff engine.
 */

export interface LogisticParams {
  w: Float64Array;
  b: Float64Array;
}

/** log(1 + e^z) without overflow. */
function softplus(z: number): number {
  return z > 0 ? z + Math.log1p(Math.exp(-z)) : Math.log1p(Math.exp(z));
}

/**
 * Mean loss over `rows` (indices into x, all rows when omitted); when `grad` is given, writes
 * the gradient of that mean into it.
 */
export function logisticLoss(
  x: Float64Array,
  y: Float64Array,
  d: number,
  p: LogisticParams,
  rows: ArrayLike<number> | null,
  grad?: LogisticParams,
): number {
  const count = rows ? rows.length : y.length;
  if (grad) {
    grad.w.fill(0);
    grad.b[0] = 0;
  }
  let loss = 0;
  for (let r = 0; r < count; r++) {
    const i = rows ? rows[r]! : r;
    let z = p.b[0]!;
    for (let j = 0; j < d; j++) z += x[i * d + j]! * p.w[j]!;
    // −[y log σ(z) + (1 − y) log(1 − σ(z))] = softplus(z) − y z
    loss += softplus(z) - y[i]! * z;
    if (grad) {
      const e = 1 / (1 + Math.exp(-z)) - y[i]!;
      for (let j = 0; j < d; j++) grad.w[j] += e * x[i * d + j]!;
      grad.b[0] += e;
    }
  }
  if (grad) {
    for (let j = 0; j < d; j++) grad.w[j] /= count;
    grad.b[0] /= count;
  }
  return loss / count;
}

/** Fraction of rows classified correctly (σ ≥ 0.5 ⇒ class 1). */
export function logisticAccuracy(x: Float64Array, y: Float64Array, d: number, p: LogisticParams): number {
  let right = 0;
  for (let i = 0; i < y.length; i++) {
    let z = p.b[0]!;
    for (let j = 0; j < d; j++) z += x[i * d + j]! * p.w[j]!;
    if ((z >= 0 ? 1 : 0) === y[i]) right++;
  }
  return right / y.length;
}
