/*
 * One blocked float32 GEMM, instantiated per instruction set by gemm.c (which defines SUFFIX,
 * TARGET_ATTR, VLEN, MR and NRV before each include; this file undefines them at its end). Blocking after BLIS: B is packed into NR-column panels KC deep,
 * A into MR-row panels, and an MR×NR register tile of accumulators runs down the shared depth.
 * Edge tiles are computed whole on zero-padded panels and only their valid part is added to C.
 */
#define CAT_(a, b) a##_##b
#define CAT(a, b) CAT_(a, b)
#define NR (NRV * VLEN)
#define VEC CAT(vec, SUFFIX)

/* VEC (float × VLEN, unaligned) is defined by gemm.c beside LOAD_PART. */
typedef int CAT(lanes, SUFFIX) __attribute__((vector_size(VLEN * 4)));

/* Lane o of a transpose-and-add step at block size B: two vectors each hold VLEN/B rows' partial
 * sums, B lanes per row; the result holds all 2·VLEN/B rows with B/2 lanes each, in row order.
 * FIRST(B, o) is the source lane of its first addend (index ≥ VLEN: the second vector). */
#define TREE_FIRST(B, o) ((((o) / ((B) / 2)) < VLEN / (B) ? 0 : VLEN) + (((o) / ((B) / 2)) % (VLEN / (B))) * (B) + (o) % ((B) / 2))
#define TREE_MASK(B, o) TREE_FIRST(B, o)
#define TREE_MASK2(B, o) (TREE_FIRST(B, o) + (B) / 2)
#if VLEN == 16
#define TREE_LANES(M, B) {M(B, 0), M(B, 1), M(B, 2), M(B, 3), M(B, 4), M(B, 5), M(B, 6), M(B, 7), M(B, 8), M(B, 9), M(B, 10), M(B, 11), M(B, 12), M(B, 13), M(B, 14), M(B, 15)}
#elif VLEN == 8
#define TREE_LANES(M, B) {M(B, 0), M(B, 1), M(B, 2), M(B, 3), M(B, 4), M(B, 5), M(B, 6), M(B, 7)}
#else
#define TREE_LANES(M, B) {M(B, 0), M(B, 1), M(B, 2), M(B, 3)}
#endif
#define TREE_STEP(B, count)                                                                                   \
  for (int j = 0; j < (count) / 2; j++) {                                                                    \
    const CAT(lanes, SUFFIX) first = TREE_LANES(TREE_MASK, B), second = TREE_LANES(TREE_MASK2, B);            \
    v[j] = __builtin_shuffle(v[2 * j], v[2 * j + 1], first) + __builtin_shuffle(v[2 * j], v[2 * j + 1], second); \
  }

/* VLEN vectors of partial sums, one row each, into one vector of the VLEN rows' totals:
 * log2(VLEN) steps of two shuffles and an add per pair, instead of a horizontal sum per row. */
TARGET_ATTR static inline VEC CAT(row_totals, SUFFIX)(VEC *v) {
#if VLEN == 16
  TREE_STEP(16, 16) TREE_STEP(8, 8) TREE_STEP(4, 4) TREE_STEP(2, 2)
#elif VLEN == 8
  TREE_STEP(8, 8) TREE_STEP(4, 4) TREE_STEP(2, 2)
#else
  TREE_STEP(4, 4) TREE_STEP(2, 2)
#endif
  return v[0];
}

/* C tile (row pitch ldc) += packed A panel (kc × MR) · packed B panel (kc × NR). */
TARGET_ATTR static void CAT(micro, SUFFIX)(ptrdiff_t kc, const float *pa, const float *pb, float *c, ptrdiff_t ldc, ptrdiff_t rows, ptrdiff_t cols) {
  VEC acc[MR][NRV];
  for (int r = 0; r < MR; r++)
    for (int v = 0; v < NRV; v++) acc[r][v] = (VEC){0};
  for (ptrdiff_t p = 0; p < kc; p++) {
    VEC bv[NRV];
    for (int v = 0; v < NRV; v++) bv[v] = *(const VEC *)(pb + v * VLEN);
#pragma GCC unroll 16
    for (int r = 0; r < MR; r++) {
      const float av = pa[r];
      for (int v = 0; v < NRV; v++) acc[r][v] += av * bv[v];
    }
    pa += MR;
    pb += NR;
  }
  if (rows == MR && cols == NR) {
    for (int r = 0; r < MR; r++)
      for (int v = 0; v < NRV; v++) {
        VEC *cv = (VEC *)(c + r * ldc + v * VLEN);
        *cv += acc[r][v];
      }
    return;
  }
  float tile[MR * NR];
  for (int r = 0; r < MR; r++)
    for (int v = 0; v < NRV; v++) *(VEC *)(tile + r * NR + v * VLEN) = acc[r][v];
  for (ptrdiff_t r = 0; r < rows; r++)
    for (ptrdiff_t j = 0; j < cols; j++) c[r * ldc + j] += tile[r * NR + j];
}

/* y[i] += Σ_p M(i,p)·x(p) with M(i,p) = a[i·rs + p·cs], x(p) = x[p·xs]: matrix-vector products
 * (n = 1 or m = 1), where a register tile would waste most of its lanes. `omp simd reduction`
 * (built with -fopenmp-simd, no OpenMP runtime) lets the compiler vectorize the dot products. */
TARGET_ATTR static void CAT(gemv, SUFFIX)(const float *a, ptrdiff_t rs, ptrdiff_t cs, const float *x, ptrdiff_t xs, float *restrict y, ptrdiff_t rows, ptrdiff_t k) {
  if (cs == 1 && xs == 1) {
    /* Rows are contiguous: dot products. VLEN rows at a time, each summed lane-wise along the row
     * (the last part of a row loaded with zeros after it), then a transpose-and-add tree gives
     * their VLEN totals in one vector: short rows (a 30-feature logistic regression) no longer
     * pay a horizontal sum and a scalar tail per row. */
    ptrdiff_t i = 0;
    const ptrdiff_t whole = k - k % VLEN;
    for (; i + VLEN <= rows; i += VLEN) {
      VEC acc[VLEN];
      for (int r = 0; r < VLEN; r++) acc[r] = (VEC){0};
      for (ptrdiff_t p = 0; p < whole; p += VLEN) {
        const VEC xv = *(const VEC *)(x + p);
        for (int r = 0; r < VLEN; r++) acc[r] += *(const VEC *)(a + (i + r) * rs + p) * xv;
      }
      if (whole < k) {
        const VEC xv = LOAD_PART(x + whole, k - whole);
        for (int r = 0; r < VLEN; r++) acc[r] += LOAD_PART(a + (i + r) * rs + whole, k - whole) * xv;
      }
      *(VEC *)(y + i) += CAT(row_totals, SUFFIX)(acc);
    }
    for (; i + 4 <= rows; i += 4) {
      const float *r0 = a + i * rs, *r1 = r0 + rs, *r2 = r1 + rs, *r3 = r2 + rs;
      float s0 = 0, s1 = 0, s2 = 0, s3 = 0;
#pragma omp simd reduction(+ : s0, s1, s2, s3)
      for (ptrdiff_t p = 0; p < k; p++) {
        const float xp = x[p];
        s0 += r0[p] * xp;
        s1 += r1[p] * xp;
        s2 += r2[p] * xp;
        s3 += r3[p] * xp;
      }
      y[i] += s0, y[i + 1] += s1, y[i + 2] += s2, y[i + 3] += s3;
    }
    for (; i < rows; i++) {
      const float *row = a + i * rs;
      float s = 0;
#pragma omp simd reduction(+ : s)
      for (ptrdiff_t p = 0; p < k; p++) s += row[p] * x[p];
      y[i] += s;
    }
  } else if (rs == 1 && rows <= 4 * VLEN) {
    /* Columns are contiguous and short (the weight gradient of a narrow layer, Xᵀ·g): y stays in
     * registers while every column is added, four columns at a time into four accumulators so
     * that the additions do not wait on each other. */
    const ptrdiff_t nv = (rows + VLEN - 1) / VLEN, last = rows - (nv - 1) * VLEN;
    VEC acc[4][4];
    for (int u = 0; u < 4; u++)
      for (int v = 0; v < 4; v++) acc[u][v] = (VEC){0};
    ptrdiff_t p = 0;
    for (; p + 4 <= k; p += 4)
      for (int u = 0; u < 4; u++) {
        const float *col = a + (p + u) * cs;
        const float xp = x[(p + u) * xs];
        for (ptrdiff_t v = 0; v + 1 < nv; v++) acc[u][v] += xp * *(const VEC *)(col + v * VLEN);
        acc[u][nv - 1] += xp * LOAD_PART(col + (nv - 1) * VLEN, last);
      }
    for (; p < k; p++) {
      const float *col = a + p * cs;
      const float xp = x[p * xs];
      for (ptrdiff_t v = 0; v + 1 < nv; v++) acc[0][v] += xp * *(const VEC *)(col + v * VLEN);
      acc[0][nv - 1] += xp * LOAD_PART(col + (nv - 1) * VLEN, last);
    }
    for (ptrdiff_t v = 0; v < nv; v++) {
      float total[VLEN];
      const VEC sum = (acc[0][v] + acc[1][v]) + (acc[2][v] + acc[3][v]);
      memcpy(total, &sum, sizeof total);
      const ptrdiff_t lanes = v + 1 < nv ? VLEN : last;
      for (ptrdiff_t l = 0; l < lanes; l++) y[v * VLEN + l] += total[l];
    }
  } else if (rs == 1) {
    /* Columns are contiguous: y += column p · x(p), four columns per pass over y so that y is
     * loaded and stored a quarter as often. */
    ptrdiff_t p = 0;
    for (; p + 4 <= k; p += 4) {
      const float *c0 = a + p * cs, *c1 = c0 + cs, *c2 = c1 + cs, *c3 = c2 + cs;
      const float x0 = x[p * xs], x1 = x[(p + 1) * xs], x2 = x[(p + 2) * xs], x3 = x[(p + 3) * xs];
#pragma omp simd
      for (ptrdiff_t i = 0; i < rows; i++) y[i] += (x0 * c0[i] + x1 * c1[i]) + (x2 * c2[i] + x3 * c3[i]);
    }
    for (; p < k; p++) {
      const float *col = a + p * cs;
      const float xp = x[p * xs];
#pragma omp simd
      for (ptrdiff_t i = 0; i < rows; i++) y[i] += xp * col[i];
    }
  } else {
    for (ptrdiff_t i = 0; i < rows; i++) {
      float s = 0;
      for (ptrdiff_t p = 0; p < k; p++) s += a[i * rs + p * cs] * x[p * xs];
      y[i] += s;
    }
  }
}

enum { CAT(KC, SUFFIX) = 256, CAT(MC, SUFFIX) = MR * 16 };

TARGET_ATTR void CAT(sgemm, SUFFIX)(const float *a, ptrdiff_t ars, ptrdiff_t acs, const float *b, ptrdiff_t brs, ptrdiff_t bcs,
                                    float *c, ptrdiff_t ldc, ptrdiff_t m, ptrdiff_t k, ptrdiff_t n) {
  if (m == 0 || n == 0 || k == 0) return;
  if (n == 1 && ldc == 1) { CAT(gemv, SUFFIX)(a, ars, acs, b, brs, c, m, k); return; }
  if (m == 1) { CAT(gemv, SUFFIX)(b, bcs, brs, a, acs, c, n, k); return; }
  const ptrdiff_t kcMax = CAT(KC, SUFFIX), mcMax = CAT(MC, SUFFIX);
  const ptrdiff_t panels = (n + NR - 1) / NR;
  float *pb = aligned_alloc(64, (size_t)(panels * NR * kcMax) * sizeof(float));
  float *pa = aligned_alloc(64, (size_t)(mcMax * kcMax) * sizeof(float));
  if (pb == NULL || pa == NULL) { free(pb); free(pa); return; }
  for (ptrdiff_t p0 = 0; p0 < k; p0 += kcMax) {
    const ptrdiff_t kc = k - p0 < kcMax ? k - p0 : kcMax;
    /* Pack B[p0:p0+kc, :] into NR-wide panels, zero-padded past n. */
    for (ptrdiff_t jp = 0; jp < panels; jp++) {
      float *dst = pb + jp * NR * kc;
      const ptrdiff_t j0 = jp * NR, cols = n - j0 < NR ? n - j0 : NR;
      for (ptrdiff_t p = 0; p < kc; p++) {
        const float *src = b + (p0 + p) * brs + j0 * bcs;
        ptrdiff_t j = 0;
        if (bcs == 1) for (; j < cols; j++) dst[p * NR + j] = src[j];
        else for (; j < cols; j++) dst[p * NR + j] = src[j * bcs];
        for (; j < NR; j++) dst[p * NR + j] = 0;
      }
    }
    for (ptrdiff_t i0 = 0; i0 < m; i0 += mcMax) {
      const ptrdiff_t mc = m - i0 < mcMax ? m - i0 : mcMax;
      /* Pack A[i0:i0+mc, p0:p0+kc] into MR-row panels, zero-padded past m. */
      for (ptrdiff_t ip = 0; ip * MR < mc; ip++) {
        float *dst = pa + ip * MR * kc;
        const ptrdiff_t r0 = i0 + ip * MR, rows = m - r0 < MR ? m - r0 : MR;
        for (ptrdiff_t p = 0; p < kc; p++) {
          const float *src = a + r0 * ars + (p0 + p) * acs;
          ptrdiff_t r = 0;
          for (; r < rows; r++) dst[p * MR + r] = src[r * ars];
          for (; r < MR; r++) dst[p * MR + r] = 0;
        }
      }
      for (ptrdiff_t jp = 0; jp < panels; jp++) {
        const ptrdiff_t j0 = jp * NR, cols = n - j0 < NR ? n - j0 : NR;
        for (ptrdiff_t ip = 0; ip * MR < mc; ip++) {
          const ptrdiff_t r0 = i0 + ip * MR, rows = m - r0 < MR ? m - r0 : MR;
          CAT(micro, SUFFIX)(kc, pa + ip * MR * kc, pb + jp * NR * kc, c + r0 * ldc + j0, ldc, rows, cols);
        }
      }
    }
  }
  free(pa);
  free(pb);
}

#undef NR
#undef VEC
#undef LOAD_PART
#undef TREE_FIRST
#undef TREE_MASK
#undef TREE_MASK2
#undef TREE_LANES
#undef TREE_STEP
/* The parameters were for this instantiation only: the next one defines its own. */
#undef SUFFIX
#undef TARGET_ATTR
#undef VLEN
#undef MR
#undef NRV
