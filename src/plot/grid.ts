/** Sampling a function of two variables on a regular grid, for drawing only (contours, basins). */
import { OptionError } from "../errors.js";

/** Values of f on a regular grid; `values[j * xs.length + i] = f(xs[i], ys[j])` (rows are ys). */
export interface Grid {
  xs: number[];
  ys: number[];
  values: Float64Array;
}

export interface Domain2D {
  x: readonly [number, number];
  y: readonly [number, number];
}

/** `n` evenly spaced values from a to b inclusive. */
export function linspace(a: number, b: number, n: number): number[] {
  if (n === 1) return [a];
  return Array.from({ length: n }, (_, i) => (i === n - 1 ? b : a + ((b - a) * i) / (n - 1)));
}

/** Sample f on an n×n (or nx×ny) grid over the domain. Pure: f is called once per grid point, in row order. */
export function sampleGrid(f: (x: number, y: number) => number, domain: Domain2D, n: number | readonly [number, number]): Grid {
  const [nx, ny] = typeof n === "number" ? [n, n] : n;
  for (const [name, v] of [["nx", nx], ["ny", ny]] as const) {
    if (!Number.isInteger(v) || v < 2 || v > 2000) throw new OptionError(`grid size ${name} must be an integer from 2 to 2000, got ${v}`);
  }
  for (const axis of ["x", "y"] as const) {
    const [a, b] = domain[axis];
    if (!(Number.isFinite(a) && Number.isFinite(b) && a < b)) throw new OptionError(`plot domain ${axis} must be finite with min < max, got [${a}, ${b}]`);
  }
  const xs = linspace(domain.x[0], domain.x[1], nx);
  const ys = linspace(domain.y[0], domain.y[1], ny);
  const values = new Float64Array(nx * ny);
  for (let j = 0; j < ny; j++) for (let i = 0; i < nx; i++) values[j * nx + i] = f(xs[i]!, ys[j]!);
  return { xs, ys, values };
}
