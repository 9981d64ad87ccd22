/** The records that `minimize` produces and every view (CLI table, plot, web page) renders. */

export type MinimizeStatus = "converged" | "max-steps" | "diverged";

export interface MinimizeResult {
  status: MinimizeStatus;
  /** Variable names, in the order of every point's coordinates. */
  variables: string[];
  /** The last finite point. */
  point: number[];
  value: number;
  gradNorm: number;
  /** Number of updates made. */
  steps: number;
  /** trajectory[k] is the point after k updates; trajectory[0] is the start. */
  trajectory: number[][];
  /** values[k] = f(trajectory[k]). */
  values: number[];
  /** gradNorms[k] = |∇f(trajectory[k])|. */
  gradNorms: number[];
  /** Why the run stopped, in words (for diverged: at which step and why). */
  reason: string;
  /** The optimizer, as written (e.g. "sgd:lr=0.03"). */
  optimizer: string;
  /** For a converged run: what the point is, from the Hessian's eigenvalues there. */
  kind?: "minimum" | "maximum" | "saddle" | "flat";
}
