/**
 * The curvature of a function at a point, from its symbolic Hessian: what the point is (minimum,
 * maximum, saddle, flat), the eigen-directions, L (largest eigenvalue) and the learning rates
 * gradient descent can take there: 2/L for plain steps, 2(1+β)/L for heavy-ball momentum β.
 * A record for every view (CLI, tour, playground); it owns the maths, they only draw it.
 */
import { DomainError } from "../errors.js";
import { compile, format, hessianOf, type Expr } from "../expr/index.js";
import { symmetricEigen } from "./eigen.js";

/** What a point is, from the signs of the Hessian's eigenvalues. At a point whose gradient is not
 * zero this describes the shape only (`stationary` says which). */
export type PointKind = "minimum" | "maximum" | "saddle" | "flat";

export interface Curvature {
  variables: string[];
  point: number[];
  value: number;
  gradient: number[];
  /** |∇f| small enough (1e-6·max(1, |f|)) for the point to count as stationary. */
  stationary: boolean;
  hessian: number[][];
  /** Largest first, with unit eigenvectors aligned. */
  eigenvalues: number[];
  eigenvectors: number[][];
  /** The largest eigenvalue: the gradient's Lipschitz constant near the point. */
  L: number;
  /** The smallest eigenvalue. */
  mu: number;
  /** L/μ when both are positive (a bowl), else null. */
  conditionNumber: number | null;
  /** 2/L: plain gradient descent diverges along the steepest direction for η above it (null when L ≤ 0). */
  maxStableLearningRate: number | null;
  /** The heavy-ball edge 2(1+β)/L for momentum β. */
  heavyBall: { momentum: number; maxStableLearningRate: number | null };
  kind: PointKind;
}

/** A compiled symbolic Hessian, reusable at many points (the playground evaluates it on clicks). */
export interface CurvatureFunction {
  variables: readonly string[];
  /** Hessian entries as expressions the parser accepts. */
  entries: string[][];
  at(point: readonly number[], options?: { momentum?: number }): Curvature;
}

/** Eigenvalues within this fraction of the largest |λ| (and of 1) count as zero. */
const ZERO_EIGENVALUE = 1e-9;

export function curvatureFunction(expr: Expr, variables: readonly string[]): CurvatureFunction {
  const f = compile(expr, variables);
  const h = hessianOf(expr, variables);
  const entries = h.map((row) => row.map((e) => compile(e, variables)));
  return {
    variables,
    entries: h.map((row) => row.map((e) => format(e))),
    at(point, options = {}) {
      const names = variables.map((v, i) => `${v}=${point[i]}`).join(", ");
      if (point.length !== variables.length || point.some((p) => !Number.isFinite(p))) {
        throw new DomainError(`curvature: need a finite value for each of ${variables.join(", ")}, got (${point.join(", ")})`);
      }
      const g = new Float64Array(variables.length);
      const value = f.valueAndGrad(Float64Array.from(point), g);
      if (!Number.isFinite(value)) {
        throw new DomainError(`curvature: f is not defined at ${names} (its value is ${value}); pick a point inside its domain`);
      }
      const hessian = entries.map((row) => row.map((e) => e.value(point)));
      hessian.forEach((row, i) => row.forEach((x, j) => {
        if (!Number.isFinite(x)) {
          throw new DomainError(
            `curvature: the Hessian at ${names} is not finite (∂²f/∂${variables[i]}∂${variables[j]} = ${x}); f is not twice differentiable there, pick another point`,
          );
        }
      }));
      return describe([...variables], [...point], value, Array.from(g), hessian, options.momentum ?? 0.9);
    },
  };
}

/** The curvature record from a Hessian (and the value and gradient it was taken with). */
export function describe(
  variables: string[], point: number[], value: number, gradient: number[], hessian: number[][], momentum = 0.9, zeroTolerance = ZERO_EIGENVALUE,
): Curvature {
  const { values, vectors } = symmetricEigen(hessian);
  const L = values[0] ?? 0;
  const mu = values[values.length - 1] ?? 0;
  const scale = Math.max(1, ...values.map(Math.abs));
  const zero = (l: number): boolean => Math.abs(l) <= zeroTolerance * scale;
  const pos = values.some((l) => l > 0 && !zero(l));
  const neg = values.some((l) => l < 0 && !zero(l));
  const kind: PointKind = pos && neg ? "saddle" : values.some(zero) ? "flat" : pos ? "minimum" : "maximum";
  const gradNorm = Math.hypot(...gradient);
  const edge = L > 0 && !zero(L) ? 2 / L : null;
  return {
    variables,
    point,
    value,
    gradient,
    stationary: gradNorm <= 1e-6 * Math.max(1, Math.abs(value)),
    hessian,
    eigenvalues: values,
    eigenvectors: vectors,
    L,
    mu,
    conditionNumber: kind === "minimum" ? L / mu : null,
    maxStableLearningRate: edge,
    heavyBall: { momentum, maxStableLearningRate: edge === null ? null : edge * (1 + momentum) },
    kind,
  };
}

/** Curvature of `expr` at one point (compiles the Hessian each call; use curvatureFunction for many points). */
export function curvatureAt(expr: Expr, variables: readonly string[], point: readonly number[], options: { momentum?: number } = {}): Curvature {
  return curvatureFunction(expr, variables).at(point, options);
}
