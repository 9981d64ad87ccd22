/**
 * `--plot FILE.svg|png` for minimize and compare: picks the figure that fits the number of
 * variables (a curve, a contour map, or value per step) and writes it atomically.
 */
import { figure1D, figureContour, figureOptimizerPaths, figureValueOnly, figureValueVsStep, writeFigure } from "../plot/index.node.js";
import type { MinimizeResult } from "../minimize/index.js";
import type { FunctionArg } from "./function-arg.js";
import type { CliIO } from "./io.js";
import { resolve } from "node:path";

/** The contour domain: the function's own, widened to hold every finite iterate. */
export function domainFor(f: FunctionArg, runs: readonly MinimizeResult[]): { x: [number, number]; y: [number, number] } {
  const d = f.fn.domain;
  const x: [number, number] = [d[0]![0], d[0]![1]];
  const y: [number, number] = [d[1]![0], d[1]![1]];
  for (const r of runs) {
    for (const p of r.trajectory) {
      if (Math.abs(p[0]!) < 1e6 && Math.abs(p[1]!) < 1e6) {
        x[0] = Math.min(x[0], p[0]!);
        x[1] = Math.max(x[1], p[0]!);
        y[0] = Math.min(y[0], p[1]!);
        y[1] = Math.max(y[1], p[1]!);
      }
    }
  }
  const padX = 0.05 * (x[1] - x[0]);
  const padY = 0.05 * (y[1] - y[0]);
  return { x: [x[0] - padX, x[1] + padX], y: [y[0] - padY, y[1] + padY] };
}

/** The figure for one or more runs on one function. `compare` marks the runs by optimizer. */
export function runsFigure(f: FunctionArg, runs: readonly MinimizeResult[], compare = false): string {
  const n = f.fn.variables.length;
  const minima = f.fn.minima.map((m) => ({ point: m.point, label: m.kind }));
  if (n === 1) return figure1D((x) => f.value([x]), runs[0]!);
  if (n === 2) {
    const fn2 = (x: number, y: number) => f.value([x, y]);
    return compare ? figureOptimizerPaths(fn2, domainFor(f, runs), runs, minima) : figureContour(fn2, domainFor(f, runs), runs, minima);
  }
  return runs.length === 1 ? figureValueOnly(runs[0]!) : figureValueVsStep(runs);
}

export async function maybePlotRun(file: string, f: FunctionArg, runs: readonly MinimizeResult[], io: CliIO, compare = false): Promise<void> {
  const path = resolve(io.cwd, file);
  writeFigure(path, runsFigure(f, runs, compare));
  io.stderr.write(`wrote ${file}\n`);
}
