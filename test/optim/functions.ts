// Test objectives with hand-written gradients (float64), shared by the optimizer tests.
export interface TestFunction {
  value(x: Float64Array): number;
  grad(x: Float64Array, g: Float64Array): void;
}

export const FUNCTIONS: Record<string, TestFunction> = {
  "article-2d": {
    value: ([x, y]) => 6 * x! ** 2 + 9 * y! ** 2 - 12 * x! - 14 * y! + 3,
    grad([x, y], g) {
      g[0] = 12 * x! - 12;
      g[1] = 18 * y! - 14;
    },
  },
  rosenbrock: {
    value: ([x, y]) => (1 - x!) ** 2 + 100 * (y! - x! ** 2) ** 2,
    grad([x, y], g) {
      const r = y! - x! * x!;
      g[0] = -2 * (1 - x!) - 400 * x! * r;
      g[1] = 200 * r;
    },
  },
  himmelblau: {
    value: ([x, y]) => (x! ** 2 + y! - 11) ** 2 + (x! + y! ** 2 - 7) ** 2,
    grad([x, y], g) {
      const a = x! * x! + y! - 11;
      const b = x! + y! * y! - 7;
      g[0] = 4 * x! * a + 2 * b;
      g[1] = 2 * a + 4 * y! * b;
    },
  },
  // An ill-conditioned quadratic in 3 variables: 0.5·Σ cᵢ(xᵢ − 1)².
  quadratic3: {
    value: (x) => 0.5 * (1 * (x[0]! - 1) ** 2 + 10 * (x[1]! - 1) ** 2 + 0.1 * (x[2]! - 1) ** 2),
    grad(x, g) {
      g[0] = 1 * (x[0]! - 1);
      g[1] = 10 * (x[1]! - 1);
      g[2] = 0.1 * (x[2]! - 1);
    },
  },
};
