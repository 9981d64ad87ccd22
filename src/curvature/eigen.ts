/**
 * Eigenvalues and eigenvectors of a small symmetric matrix by cyclic Jacobi rotations: each
 * rotation zeroes one off-diagonal pair; sweeps repeat until the off-diagonal mass is negligible.
 * Accurate to rounding for the few variables of a function (not meant for large matrices).
 */
export interface SymmetricEigen {
  /** Largest first. */
  values: number[];
  /** vectors[k] is the unit eigenvector of values[k] (sign fixed: largest-magnitude entry positive). */
  vectors: number[][];
}

export function symmetricEigen(matrix: readonly (readonly number[])[]): SymmetricEigen {
  const n = matrix.length;
  const a = matrix.map((row) => [...row]);
  const v: number[][] = a.map((_, i) => a.map((__, j) => (i === j ? 1 : 0)));
  for (let sweep = 0; sweep < 100; sweep++) {
    let off = 0;
    let total = 0;
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) {
      total += a[i]![j]! ** 2;
      if (i !== j) off += a[i]![j]! ** 2;
    }
    if (off <= 1e-30 * total || off === 0) break;
    for (let p = 0; p < n; p++) {
      for (let q = p + 1; q < n; q++) {
        const apq = a[p]![q]!;
        if (apq === 0) continue;
        // The rotation angle that zeroes a[p][q] (Golub & Van Loan's stable form).
        const theta = (a[q]![q]! - a[p]![p]!) / (2 * apq);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        for (let k = 0; k < n; k++) {
          const akp = a[k]![p]!;
          const akq = a[k]![q]!;
          a[k]![p] = c * akp - s * akq;
          a[k]![q] = s * akp + c * akq;
        }
        for (let k = 0; k < n; k++) {
          const apk = a[p]![k]!;
          const aqk = a[q]![k]!;
          a[p]![k] = c * apk - s * aqk;
          a[q]![k] = s * apk + c * aqk;
        }
        for (let k = 0; k < n; k++) {
          const vkp = v[k]![p]!;
          const vkq = v[k]![q]!;
          v[k]![p] = c * vkp - s * vkq;
          v[k]![q] = s * vkp + c * vkq;
        }
      }
    }
  }
  const order = a.map((_, i) => i).sort((i, j) => a[j]![j]! - a[i]![i]!);
  return {
    values: order.map((i) => a[i]![i]!),
    vectors: order.map((i) => {
      const vec = v.map((row) => row[i]!);
      const big = vec.reduce((best, x) => (Math.abs(x) > Math.abs(best) ? x : best), 0);
      return big < 0 ? vec.map((x) => (x === 0 ? 0 : -x)) : vec;
    }),
  };
}
