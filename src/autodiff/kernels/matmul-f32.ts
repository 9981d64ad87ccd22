/**
 * Float32 matrix-product kernels over row-major typed arrays, in the three layouts reverse mode
 * needs, none of which materialises a transpose. Each ADDS into `out` (fresh outputs are zero),
 * starting at the given offsets so batched products can reuse them without subarray views.
 * Kept as a separate copy of matmul-f64.ts on purpose: one element type per function keeps V8's
 * inline caches monomorphic in the inner loops.
 */

/** out[m×n] += A[m×k] · B[k×n]; i-k-j order streams rows of B and out. */
export function matmulNN32(
  a: Float32Array, b: Float32Array, out: Float32Array, m: number, k: number, n: number, aOff = 0, bOff = 0, oOff = 0,
): void {
  for (let i = 0; i < m; i++) {
    const oRow = oOff + i * n;
    const aRow = aOff + i * k;
    for (let p = 0; p < k; p++) {
      const aip = a[aRow + p]!;
      if (aip === 0) continue;
      const bRow = bOff + p * n;
      for (let j = 0; j < n; j++) out[oRow + j] += aip * b[bRow + j]!;
    }
  }
}

/** out[m×n] += Aᵀ · B with A stored [k×m] and B [k×n]; k-i-j order keeps every access a row scan. */
export function matmulTN32(
  a: Float32Array, b: Float32Array, out: Float32Array, m: number, k: number, n: number, aOff = 0, bOff = 0, oOff = 0,
): void {
  for (let p = 0; p < k; p++) {
    const aRow = aOff + p * m;
    const bRow = bOff + p * n;
    for (let i = 0; i < m; i++) {
      const api = a[aRow + i]!;
      if (api === 0) continue;
      const oRow = oOff + i * n;
      for (let j = 0; j < n; j++) out[oRow + j] += api * b[bRow + j]!;
    }
  }
}

/** out[m×n] += A · Bᵀ with A stored [m×k] and B [n×k]; each entry is a dot product of two rows. */
export function matmulNT32(
  a: Float32Array, b: Float32Array, out: Float32Array, m: number, k: number, n: number, aOff = 0, bOff = 0, oOff = 0,
): void {
  for (let i = 0; i < m; i++) {
    const aRow = aOff + i * k;
    const oRow = oOff + i * n;
    for (let j = 0; j < n; j++) {
      const bRow = bOff + j * k;
      let s = 0;
      for (let p = 0; p < k; p++) s += a[aRow + p]! * b[bRow + p]!;
      out[oRow + j] += s;
    }
  }
}
