/**
 * What `minimize` descends: a function of a point that writes its gradient into `g` and returns
 * its value. A compiled expression is one; `tensorObjective` adapts an autodiff function.
 */
export interface Objective {
  /** Names of the coordinates, in order. */
  variables: string[];
  /** Writes ∇f(x) into g and returns f(x). Non-finite numbers are returned, never thrown. */
  valueAndGrad(x: Float64Array, g: Float64Array): number;
}

/** An objective from plain functions (for tests and library users). */
export function objectiveFromFunctions(
  variables: string[],
  value: (x: Float64Array) => number,
  gradient: (x: Float64Array, g: Float64Array) => void,
): Objective {
  return {
    variables,
    valueAndGrad(x, g) {
      gradient(x, g);
      return value(x);
    },
  };
}
