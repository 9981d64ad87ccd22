/**
 * A register-blocked float32 matrix product for the dense layer's forward pass and weight
 * gradient, the two products that dominate training time (over 80 % of a Fashion-MNIST epoch).
 * Four output rows and four inner indices per pass mean each row of B is read once for four rows
 * of the output, and each output element is read and written a quarter as often as in the plain
 * i-k-j loop (measured about 3× faster than that loop here). A is addressed through strides, so
 * the same loop serves A (rowStride k, colStride 1) and Aᵀ (rowStride 1, colStride m) without
 * materialising a transpose. A 4×4 block of zeros in A (blank pixels, dead relus) is skipped.
 */

/**
 * out[i·n + j] += Σ_p A(i, p) · b[p·n + j] for i < m, j < n, p < k, where
 * A(i, p) = a[i·rowStride + p·colStride].
 */
export function gemmF32(
  a: Float32Array, rowStride: number, colStride: number, b: Float32Array, out: Float32Array, m: number, k: number, n: number,
): void {
  let i = 0;
  for (; i + 3 < m; i += 4) {
    const o0 = i * n, o1 = o0 + n, o2 = o1 + n, o3 = o2 + n;
    const r0 = i * rowStride, r1 = r0 + rowStride, r2 = r1 + rowStride, r3 = r2 + rowStride;
    let p = 0;
    for (; p + 3 < k; p += 4) {
      const c0 = p * colStride, c1 = c0 + colStride, c2 = c1 + colStride, c3 = c2 + colStride;
      const x00 = a[r0 + c0]!, x01 = a[r0 + c1]!, x02 = a[r0 + c2]!, x03 = a[r0 + c3]!;
      const x10 = a[r1 + c0]!, x11 = a[r1 + c1]!, x12 = a[r1 + c2]!, x13 = a[r1 + c3]!;
      const x20 = a[r2 + c0]!, x21 = a[r2 + c1]!, x22 = a[r2 + c2]!, x23 = a[r2 + c3]!;
      const x30 = a[r3 + c0]!, x31 = a[r3 + c1]!, x32 = a[r3 + c2]!, x33 = a[r3 + c3]!;
      if (
        x00 === 0 && x01 === 0 && x02 === 0 && x03 === 0 && x10 === 0 && x11 === 0 && x12 === 0 && x13 === 0 &&
        x20 === 0 && x21 === 0 && x22 === 0 && x23 === 0 && x30 === 0 && x31 === 0 && x32 === 0 && x33 === 0
      ) continue;
      const b0 = p * n, b1 = b0 + n, b2 = b1 + n, b3 = b2 + n;
      for (let j = 0; j < n; j++) {
        const u = b[b0 + j]!, v = b[b1 + j]!, w = b[b2 + j]!, z = b[b3 + j]!;
        out[o0 + j] += x00 * u + x01 * v + x02 * w + x03 * z;
        out[o1 + j] += x10 * u + x11 * v + x12 * w + x13 * z;
        out[o2 + j] += x20 * u + x21 * v + x22 * w + x23 * z;
        out[o3 + j] += x30 * u + x31 * v + x32 * w + x33 * z;
      }
    }
    for (; p < k; p++) {
      const c = p * colStride;
      const x0 = a[r0 + c]!, x1 = a[r1 + c]!, x2 = a[r2 + c]!, x3 = a[r3 + c]!;
      const b0 = p * n;
      for (let j = 0; j < n; j++) {
        const u = b[b0 + j]!;
        out[o0 + j] += x0 * u;
        out[o1 + j] += x1 * u;
        out[o2 + j] += x2 * u;
        out[o3 + j] += x3 * u;
      }
    }
  }
  for (; i < m; i++) {
    const o = i * n;
    const r = i * rowStride;
    for (let p = 0; p < k; p++) {
      const x = a[r + p * colStride]!;
      if (x === 0) continue;
      const b0 = p * n;
      for (let j = 0; j < n; j++) out[o + j] += x * b[b0 + j]!;
    }
  }
}
