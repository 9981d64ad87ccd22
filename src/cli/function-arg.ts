/** The EXPR|NAME argument of a command: a named function or an expression, compiled once. */
import { resolveFunction } from "../expr/index.js";
import { compiledObjective, type Objective } from "../minimize/index.js";

export type ResolvedFunction = ReturnType<typeof resolveFunction>;

export interface FunctionArg {
  fn: ResolvedFunction;
  objective: Objective;
  /** f at a point, for plots and tables. */
  value(p: readonly number[]): number;
  /** The name when it is a built-in, else the expression as typed. */
  label: string;
}

export function functionArg(source: string): FunctionArg {
  const fn = resolveFunction(source);
  const compiled = compiledObjective(fn.expr, fn.variables);
  return {
    fn,
    objective: compiled,
    value: (p) => compiled.value(p),
    label: fn.name ?? source,
  };
}
