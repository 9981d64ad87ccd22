/** The function a view descends: resolved (built-in or typed), checked for its variable count, compiled once. */
import { OptionError } from "../../../src/index.js";
import { compile, resolveFunction, type CompiledFunction, type ResolvedFunction } from "../../../src/expr/index.js";

export interface Problem {
  fn: ResolvedFunction;
  compiled: CompiledFunction;
  /** The name for a built-in, else the expression as typed. */
  label: string;
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
