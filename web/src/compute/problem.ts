/** The function a view descends: resolved (built-in or typed), checked for its variable count, compiled once. */
import { OptionError } from "../../../src/index.js";
import { compile, resolveFunction, type CompiledFunction, type ResolvedFunction } from "../../../src/expr/index.js";
import type { CurvatureFunction } from "../../../src/curvature/index.js";

export interface Problem {
  fn: ResolvedFunction;
  compiled: CompiledFunction;
  /** The name for a built-in, else the expression as typed. */
  label: string;
  /** Its Hessian, derived symbolically the first time it is asked for (edge.ts), then kept with the problem. */
  curvature?: CurvatureFunction;
}

/** Resolves a function, or returns the one resolved before for the same source and arity. */
export type ProblemSource = (source: string, arity: 1 | 2) => Problem;

/**
 * A `resolveProblem` that keeps the last few problems it resolved, so a function picked again (or
 * resolved by a control and then by its view) is parsed, compiled and its Hessian derived once.
 */
export function problemMemo(keep = 8): ProblemSource {
  const kept = new Map<string, Problem>();
  return (source, arity) => {
    const key = `${arity} ${source}`;
    const problem = kept.get(key) ?? resolveProblem(source, arity);
    kept.delete(key);
    kept.set(key, problem);
    if (kept.size > keep) kept.delete(kept.keys().next().value!);
    return problem;
  };
}

/**
 * Resolves `source` as a function of exactly `arity` variables. Typed expressions are read with
 * the variables x (and y), so "x^2" is still a 2-D function in the 2-D view.
 */
export function resolveProblem(source: string, arity: 1 | 2): Problem {
  const variables = arity === 1 ? ["x"] : ["x", "y"];
  const fn = resolveFunction(source, { variables });
  if (fn.variables.length !== arity) {
    throw new OptionError(`"${fn.name ?? source}" is a function of ${fn.variables.join(", ")}: this view needs ${variables.join(" and ")}`);
  }
  return { fn, compiled: compile(fn.expr, [...fn.variables]), label: fn.name ?? source };
}
