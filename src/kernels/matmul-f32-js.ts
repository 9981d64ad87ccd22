/**
 * Float32 matrix-product kernels over row-major typed arrays, in the three layouts reverse mode
 * needs, none of which materialises a transpose. Each ADDS into `out` (fresh outputs are zero),
 * starting at the given offsets so batched products can reuse them without subarray views.
 * Four output rows (or columns, for NT) are computed together so every value loaded from B feeds
 * four multiply-adds: about twice the throughput of the plain loops in V8.
 * The portable fallback of the WebAssembly kernels (matmul-f32-dispatch.ts) and the fast path for
 * small products. Kept as a separate copy of matmul-f64.ts on purpose: one element type per function keeps V8's
 * inline caches monomorphic in the inner loops.
 */

/** out[m×n] += A[m×k] · B[k×n]; i-k-j order streams rows of B and out. */
export function matmulNN32Js(
  a: Float32Array, b: Float32Array, out: Float32Array, m: number, k: number, n: number, aOff = 0, bOff = 0, oOff = 0,
): void {
  let i = 0;
  for (; i + 4 <= m; i += 4) {
    const o0 = oOff + i * n, o1 = o0 + n, o2 = o1 + n, o3 = o2 + n;
    const r0 = aOff + i * k, r1 = r0 + k, r2 = r1 + k, r3 = r2 + k;
    for (let p = 0; p < k; p++) {
      const a0 = a[r0 + p]!, a1 = a[r1 + p]!, a2 = a[r2 + p]!, a3 = a[r3 + p]!;
      const bRow = bOff + p * n;
      for (let j = 0; j < n; j++) {
        const bv = b[bRow + j]!;
        out[o0 + j] += a0 * bv;
        out[o1 + j] += a1 * bv;
        out[o2 + j] += a2 * bv;
        out[o3 + j] += a3 * bv;
      }
    }
  }
  for (; i < m; i++) {
    const oRow = oOff + i * n;
    const aRow = aOff + i * k;
    for (let p = 0; p < k; p++) {
      const aip = a[aRow + p]!;
      const bRow = bOff + p * n;
      for (let j = 0; j < n; j++) out[oRow + j] += aip * b[bRow + j]!;
    }
  }
}

/** out[m×n] += Aᵀ · B with A stored [k×m] and B [k×n]; k-i-j order keeps every access a row scan. */
export function matmulTN32Js(
  a: Float32Array, b: Float32Array, out: Float32Array, m: number, k: number, n: number, aOff = 0, bOff = 0, oOff = 0,
): void {
  for (let p = 0; p < k; p++) {
    const aRow = aOff + p * m;
    const bRow = bOff + p * n;
    let i = 0;
    for (; i + 4 <= m; i += 4) {
      const a0 = a[aRow + i]!, a1 = a[aRow + i + 1]!, a2 = a[aRow + i + 2]!, a3 = a[aRow + i + 3]!;
      const o0 = oOff + i * n, o1 = o0 + n, o2 = o1 + n, o3 = o2 + n;
      for (let j = 0; j < n; j++) {
        const bv = b[bRow + j]!;
        out[o0 + j] += a0 * bv;
        out[o1 + j] += a1 * bv;
        out[o2 + j] += a2 * bv;
        out[o3 + j] += a3 * bv;
      }
    }
    for (; i < m; i++) {
      const api = a[aRow + i]!;
      const oRow = oOff + i * n;
      for (let j = 0; j < n; j++) out[oRow + j] += api * b[bRow + j]!;
    }
  }
}

/** out[m×n] += A · Bᵀ with A stored [m×k] and B [n×k]; each entry is a dot product of two rows. */
export function matmulNT32Js(
  a: Float32Array, b: Float32Array, out: Float32Array, m: number, k: number, n: number, aOff = 0, bOff = 0, oOff = 0,
): void {
  for (let i = 0; i < m; i++) {
    const aRow = aOff + i * k;
    const oRow = oOff + i * n;
    let j = 0;
    for (; j + 4 <= n; j += 4) {
      const b0 = bOff + j * k, b1 = b0 + k, b2 = b1 + k, b3 = b2 + k;
      let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
      for (let p = 0; p < k; p++) {
        const av = a[aRow + p]!;
        s0 += av * b[b0 + p]!;
        s1 += av * b[b1 + p]!;
        s2 += av * b[b2 + p]!;
        s3 += av * b[b3 + p]!;
      }
      out[oRow + j] += s0;
      out[oRow + j + 1] += s1;
      out[oRow + j + 2] += s2;
      out[oRow + j + 3] += s3;
    }
    for (; j < n; j++) {
      const bRow = bOff + j * k;
      let s = 0;
      for (let p = 0; p < k; p++) s += a[aRow + p]! * b[bRow + p]!;
      out[oRow + j] += s;
    }
  }
}
