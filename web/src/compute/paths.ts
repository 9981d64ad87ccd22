/**
 * Trajectories on a 2-D function: every start × every optimizer, each a `MinimizeResult`, plus the
 * sampled grid the contour map is drawn from. Shared by the 2-D and race views.
 */
import { minimize, type MinimizeResult } from "../../../src/minimize/index.js";
import { sampleGrid, type Domain2D, type Grid } from "../../../src/plot/index.js";
import type { PlaygroundState } from "../state.js";
import { optimizerChoices } from "./optimizers.js";
import type { Problem } from "./problem.js";

export interface NamedRun {
  name: string;
  /** Which optimizer (index into the state's list) and which start produced it. */
  optimizer: number;
  start: number;
  run: MinimizeResult;
}

/** Stop once |∇f| is this small: far below anything the figures can show. */
const TOLERANCE = 1e-8;

/** The function's plotting domain as the charts take it. */
export function domainOf(problem: Problem): Domain2D {
  const [x, y] = problem.fn.domain;
  return { x: x ?? [-3, 3], y: y ?? [-3, 3] };
}

/** f sampled on an n×n grid over its domain (non-finite values are shaded darkest by the chart). */
export function sampleProblem(problem: Problem, n = 90): Grid {
  const p = [0, 0];
  return sampleGrid((x, y) => ((p[0] = x), (p[1] = y), problem.compiled.value(p)), domainOf(problem), n);
}

/** A start as the legend shows it. */
export function startName(p: readonly number[]): string {
  return `(${p.map((v) => Number(v.toPrecision(3))).join(", ")})`;
}

/** Runs every optimizer from every start. Names say only what differs between runs. */
export function computePaths(problem: Problem, starts: readonly (readonly [number, number])[], state: PlaygroundState): NamedRun[] {
  const choices = optimizerChoices(state.optimizers, state.lr);
  const out: NamedRun[] = [];
  starts.forEach((start, s) => {
    choices.forEach((c, o) => {
      const run = minimize(problem.compiled, [start[0], start[1]], { steps: state.steps, tol: TOLERANCE, optimizer: c.choice });
      const name = choices.length === 1 ? `from ${startName(start)}` : starts.length === 1 ? c.label : `${c.label} from ${startName(start)}`;
      out.push({ name, optimizer: o, start: s, run: { ...run, optimizer: c.label } });
    });
  });
  return out;
}
