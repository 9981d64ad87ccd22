/**
 * `minimize`: gradient descent on an objective, recording every iterate. Plain gradient descent
 * (x ← x − η·∇f(x)) is the `sgd` optimizer; any named optimizer plugs in through `optimizer`.
 */
import { OptionError } from "../errors.js";
import { armijoStep, isLearningRateFree, lbfgs, makeOptimizer, type Optimizer, type Options, type Schedule } from "../optim/index.js";
import { optimizerDef } from "../optim/registry.js";
import { Rng } from "../random.js";
import { DEFAULT_DIVERGENCE, type DivergenceRule, divergenceReason } from "./divergence.js";
import { expressionObjective, type Objective } from "./objective.js";
import type { MinimizeResult, MinimizeStatus } from "./types.js";
import { stopBeforeStep } from "./stopping.js";
import { hessianMatrix, minimizeNewton } from "./newton.js";
import { describe } from "../curvature/curvature.js";

import { isOptimizer, readOptimizerOption, type OptimizerChoice } from "./optimizer-choice.js";

export { isOptimizer, type OptimizerChoice };

/** Information passed to `onStep` after every update. Return false to stop the run. */
export interface StepInfo {
  step: number;
  point: Float64Array;
  value: number;
  gradient: Float64Array;
  gradNorm: number;
}

export interface MinimizeOptions {
  /** Learning rate η (default 0.01); overrides the optimizer's own lr when given. */
  lr?: number;
  /** Maximum number of updates (default 1000). */
  steps?: number;
  /** Stop once |∇f| < tol (default 1e-6); 0 disables. */
  tol?: number;
  /** A spec string (`"adam:lr=0.05"`, `"lbfgs"`), `{ name, options }` or an optimizer from
   * `makeOptimizer`. Default plain gradient descent (`sgd`). */
  optimizer?: string | OptimizerChoice | Optimizer;
  /** Learning rate at each step (0-based), or a schedule from `makeSchedule` (reduce-on-plateau
   * watches the value); overrides lr step by step. */
  schedule?: ((step: number) => number) | Schedule;
  /** "armijo": backtracking from lr until f decreases enough (plain gradient descent only). */
  lineSearch?: "none" | "armijo";
  /** Standard deviation of Gaussian noise added to every gradient (a stochastic gradient). */
  noise?: number;
  /** Seed for the noise (default 1). */
  seed?: number;
  divergence?: Partial<DivergenceRule>;
  /** Keep the trajectory (default true). Off, only the start and the end are kept. */
  record?: boolean;
  onStep?: (info: StepInfo) => void | boolean;
}

/** Builds the optimizer a run uses; `lr` (when given) wins over the spec's own. */
export function resolveOptimizer(option: MinimizeOptions["optimizer"], lr: number | undefined): Optimizer {
  const choice = readOptimizerOption(option);
  if (choice !== undefined && isOptimizer(choice)) return choice;
  if (choice !== undefined && ["lbfgs", "newton", "newton-cg"].includes(choice.name)) {
    throw new OptionError(`${choice.name} is a whole-run method, not an update rule: use it with minimize, not here`);
  }
  const name = choice?.name ?? "sgd";
  const options: Options = { ...(choice?.options ?? {}) };
  if (lr !== undefined) options.lr = lr;
  else if (options.lr === undefined && !isLearningRateFree(name)) options.lr = 0.01;
  return makeOptimizer(name, options);
}

/** A spec string like `adam:lr=0.05,amsgrad=true`: lr and every option that differs from its default. */
export function describeOptimizer(opt: Optimizer): string {
  const defaults = optimizerDef(opt.name).options;
  const given = Object.entries(opt.options)
    .filter(([k, v]) => v !== undefined && (k === "lr" || String(v) !== String(defaults[k]?.default)))
    .map(([k, v]) => `${k}=${v}`);
  return given.length === 0 ? opt.name : `${opt.name}:${given.join(",")}`;
}

/** The checks every run's numeric options pass (OptionError naming the option otherwise). */
export function checkRunOptions(options: MinimizeOptions): void {
  checkNumber("lr", options.lr, (v) => v > 0, "a number > 0");
  checkNumber("steps", options.steps, (v) => Number.isInteger(v) && v >= 0, "a whole number >= 0");
  checkNumber("tol", options.tol, (v) => v >= 0, "a number >= 0");
  checkNumber("noise", options.noise, (v) => v >= 0, "a number >= 0");
}

function checkNumber(name: string, v: number | undefined, rule: (v: number) => boolean, says: string): void {
  if (v !== undefined && !(Number.isFinite(v) && rule(v))) throw new OptionError(`invalid ${name} ${v}: must be ${says}`);
}

export function norm(g: Float64Array): number {
  let s = 0;
  for (let i = 0; i < g.length; i++) s += g[i]! * g[i]!;
  return Math.sqrt(s);
}

/**
 * Runs gradient descent from `start` on an objective or an expression such as "6x^2 - 12x + 3" (coordinates in the objective's variable order, or a record by
 * name). Never throws on divergence: the result says `diverged`, at which step and why, and every
 * number in it is finite.
 */
export function minimize(objectiveOrExpression: Objective | string, start: number[] | Record<string, number>, options: MinimizeOptions = {}): MinimizeResult {
  const objective = readObjective(objectiveOrExpression);
  const x0 = startPoint(objective.variables, start);
  checkRunOptions(options);
  const choice = readOptimizerOption(options.optimizer);
  const name = choice !== undefined && !isOptimizer(choice) ? choice.name : undefined;
  const result =
    name === "lbfgs" ? minimizeLbfgs(objective, x0, choice!.options ?? {}, options)
    : name === "newton" || name === "newton-cg" ? minimizeNewton(objective, x0, name, options)
    : descend(objective, x0, options);
  return result.status === "converged" ? withKind(objective, result) : result;
}

/**
 * What a converged run reached, from the Hessian's eigenvalues there: a small gradient at a
 * saddle or a maximum is not a minimum. Exact second derivatives when the objective has them,
 * else differences of the gradient (hence the looser test for a zero eigenvalue).
 */
function withKind(objective: Objective, result: MinimizeResult): MinimizeResult {
  const x = Float64Array.from(result.point);
  const g = new Float64Array(x.length);
  objective.valueAndGrad(x, g);
  const h = hessianMatrix(objective, x);
  if (!h.every((row) => row.every(Number.isFinite))) return result;
  const { kind } = describe(result.variables, result.point, result.value, Array.from(g), h, 0, objective.hvp ? 1e-9 : 1e-6);
  return { ...result, kind };
}

/** Gradient descent with one of the transformations (plain, momentum, Adam, …). */
function descend(objective: Objective, x0: number[], options: MinimizeOptions): MinimizeResult {
  const vars = objective.variables;
  const steps = options.steps ?? 1000;
  const tol = options.tol ?? 1e-6;
  const record = options.record ?? true;
  const rule: DivergenceRule = { ...DEFAULT_DIVERGENCE, ...options.divergence };
  const choice = options.optimizer;
  const optimizer = resolveOptimizer(choice, options.lr);
  const lineSearch = options.lineSearch ?? "none";
  if (lineSearch === "armijo" && (optimizer.name !== "sgd" || Number(optimizer.options.momentum ?? 0) !== 0)) {
    throw new OptionError(`--line-search armijo works with plain gradient descent (sgd without momentum), not ${optimizer.name}`);
  }
  const lrAt = scheduleFunction(options.schedule);
  const baseLr = optimizer.options.lr;
  const noise = options.noise ?? 0;
  const rng = noise > 0 ? new Rng(options.seed ?? 1) : null;

  const n = vars.length;
  const x = Float64Array.from(x0);
  const g = new Float64Array(n);
  const noisy = new Float64Array(n);
  const params = { x };
  const grads = { x: noise > 0 ? noisy : g };
  const hyper: { lr?: number } = {};
  // For muon the point is one dense weight with n inputs and one output (torch's [1, n]).
  let state = optimizer.init(params, { x: [n, 1] });
  // Schedule-free optimizers take the gradient at y (x here) and report their average: the run
  // records the evaluation point, its value and its gradient.
  const at = optimizer.eval === undefined ? null : { x: new Float64Array(n), g: new Float64Array(n) };
  const reportedPoint = (): Float64Array => (at === null ? x : at.x);
  const reportedValue = (v: number): number => {
    if (at === null) return v;
    optimizer.eval!(at, state);
    return objective.valueAndGrad(at.x, at.g);
  };
  const reportedGrad = (): Float64Array => (at === null ? g : at.g);

  let value = objective.valueAndGrad(x, g);
  const startValue = value;
  let gradNorm = norm(g);
  const trajectory: number[][] = [Array.from(x)];
  const values: number[] = [value];
  const gradNorms: number[] = [gradNorm];
  let status: MinimizeStatus = "max-steps";
  let reason = "";
  let k = 0;

  const startProblem = divergenceReason(value, g, x, value, rule);
  if (startProblem !== null) {
    throw new OptionError(`cannot start at (${Array.from(x0).join(", ")}): ${startProblem}`);
  }
  for (;;) {
    const stop = stopBeforeStep(gradNorm, tol, k, steps);
    if (stop !== null) {
      ({ status, reason } = stop);
      break;
    }
    if (rng !== null) for (let i = 0; i < n; i++) noisy[i] = g[i]! + noise * rng.normal();
    const scheduled = lrAt !== null || lineSearch === "armijo";
    if (lrAt !== null) hyper.lr = lrAt(k, value);
    if (lineSearch === "armijo") {
      const fx = (p: Float64Array, out: Float64Array) => objective.valueAndGrad(p, out);
      hyper.lr = armijoStep(fx, x, grads.x, value, hyper.lr ?? baseLr).lr;
    }
    state = optimizer.step(params, grads, state, scheduled ? hyper : undefined);
    const v = objective.valueAndGrad(x, g);
    const why = divergenceReason(v, g, x, startValue, rule);
    k++;
    if (why !== null) {
      status = "diverged";
      reason = `diverged at step ${k}: ${why}`;
      // Keep the diverging point only when every number in it is finite.
      if (Number.isFinite(v) && x.every(Number.isFinite) && g.every(Number.isFinite)) {
        value = reportedValue(v);
        gradNorm = norm(reportedGrad());
        if (record) pushPoint(trajectory, values, gradNorms, reportedPoint(), value, gradNorm);
      } else {
        k--;
      }
      break;
    }
    value = reportedValue(v);
    gradNorm = norm(reportedGrad());
    if (record) pushPoint(trajectory, values, gradNorms, reportedPoint(), value, gradNorm);
    if (options.onStep?.({ step: k, point: reportedPoint(), value, gradient: reportedGrad(), gradNorm }) === false) {
      reason = `stopped by onStep after ${k} steps`;
      break;
    }
  }
  if (!record && k > 0) pushPoint(trajectory, values, gradNorms, reportedPoint().every(Number.isFinite) ? reportedPoint() : Float64Array.from(trajectory[0]!), value, gradNorm);
  const last = trajectory[trajectory.length - 1]!;
  return {
    status,
    variables: [...vars],
    point: [...last],
    value: values[values.length - 1]!,
    gradNorm: gradNorms[gradNorms.length - 1]!,
    steps: k,
    trajectory,
    values,
    gradNorms,
    reason,
    optimizer: describeOptimizer(optimizer),
  };
}

/** The objective from what the caller passed; anything else is an OptionError that says what to pass. */
function readObjective(value: unknown): Objective {
  if (typeof value === "string") return expressionObjective(value);
  const o = value as Partial<Objective> | null;
  if (typeof o === "object" && o !== null && Array.isArray(o.variables) && typeof o.valueAndGrad === "function") return o as Objective;
  const hint = 'pass an expression such as "x^2 + y^2" or a built-in name, tensorObjective(["x", "y"], (x, y) => …) for a function of tensors, or objectiveFromFunctions(variables, value, gradient)';
  if (typeof value === "function") throw new OptionError(`minimize cannot differentiate a plain JavaScript function: ${hint}`);
  throw new OptionError(`invalid objective for minimize (${value === null ? "null" : typeof value}): ${hint}`);
}

/** A schedule as a function of (step, current value); plateau schedules observe the value. */
export function scheduleFunction(schedule: MinimizeOptions["schedule"]): ((k: number, value: number) => number) | null {
  if (schedule === undefined) return null;
  if (typeof schedule === "function") return (k) => schedule(k);
  if (schedule.kind === "step") return (k) => schedule.lr(k);
  let state = schedule.init();
  return (k, value) => {
    if (k > 0) state = schedule.observe(state, value);
    return schedule.lr(state);
  };
}

/** L-BFGS (PyTorch's, strong-Wolfe line search) recorded as a trajectory of its iterations. */
function minimizeLbfgs(objective: Objective, x0: number[], lbfgsOptions: Options, options: MinimizeOptions): MinimizeResult {
  const steps = options.steps ?? 1000;
  const tol = options.tol ?? 1e-6;
  const g = new Float64Array(x0.length);
  const f0 = objective.valueAndGrad(Float64Array.from(x0), g);
  const trajectory: number[][] = [[...x0]];
  const values: number[] = [f0];
  const gradNorms: number[] = [norm(g)];
  const lr = options.lr ?? (typeof lbfgsOptions.lr === "number" ? lbfgsOptions.lr : 1);
  const historySize = typeof lbfgsOptions.history_size === "number" ? lbfgsOptions.history_size : 100;
  const fx = (p: Float64Array, out: Float64Array) => objective.valueAndGrad(p, out);
  const scratch = new Float64Array(x0.length);
  const result = lbfgs(fx, x0, {
    lr,
    historySize,
    maxIter: Math.max(1, steps),
    maxEval: Math.max(1, steps) * 25,
    tolGrad: tol > 0 ? tol : 0,
    tolChange: 1e-12,
    lineSearch: lbfgsOptions.line_search === "none" ? "none" : "strong_wolfe",
    onIteration(x, f) {
      const v = objective.valueAndGrad(x, scratch);
      trajectory.push(Array.from(x));
      values.push(Number.isFinite(v) ? v : f);
      gradNorms.push(norm(scratch));
    },
  });
  const k = trajectory.length - 1;
  const gradNorm = gradNorms[k]!;
  const converged = tol > 0 && gradNorm < tol;
  const status: MinimizeStatus = !Number.isFinite(result.f) ? "diverged" : converged || result.reason !== "max_iter" && result.reason !== "max_eval" ? "converged" : "max-steps";
  return {
    status,
    variables: [...objective.variables],
    point: [...trajectory[k]!],
    value: values[k]!,
    gradNorm,
    steps: k,
    trajectory,
    values,
    gradNorms,
    reason: `L-BFGS stopped (${result.reason}) after ${k} iterations and ${result.evaluations} evaluations`,
    optimizer: `lbfgs:lr=${lr},history_size=${historySize}`,
  };
}

function pushPoint(trajectory: number[][], values: number[], gradNorms: number[], x: Float64Array, value: number, gradNorm: number): void {
  // A plain loop: Array.from on a typed array goes through the iterator protocol and was a quarter
  // of the time of a 2-variable run.
  const p = new Array<number>(x.length);
  for (let i = 0; i < x.length; i++) p[i] = x[i]!;
  trajectory.push(p);
  values.push(value);
  gradNorms.push(gradNorm);
}

/** The start as coordinates in variable order; names every missing or non-numeric coordinate. */
export function startPoint(variables: string[], start: number[] | Record<string, number>): number[] {
  if (Array.isArray(start)) {
    if (start.length !== variables.length) {
      throw new OptionError(`start has ${start.length} coordinates, the function has ${variables.length} variables (${variables.join(", ")})`);
    }
    start.forEach((v, i) => {
      if (!Number.isFinite(v)) throw new OptionError(`start ${variables[i]}=${v} is not a finite number`);
    });
    return [...start];
  }
  const unknown = Object.keys(start).filter((k) => !variables.includes(k));
  if (unknown.length > 0) throw new OptionError(`start names ${unknown.map((u) => `"${u}"`).join(", ")}, which the function does not use (variables: ${variables.join(", ")})`);
  return variables.map((v) => {
    const value = start[v];
    if (value === undefined) throw new OptionError(`start misses variable "${v}" (give ${variables.map((w) => `${w}=…`).join(",")})`);
    if (!Number.isFinite(value)) throw new OptionError(`start ${v}=${value} is not a finite number`);
    return value;
  });
}
