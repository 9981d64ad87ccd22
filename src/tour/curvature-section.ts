/**
 * The tour's answer to "which η?": the curvature (Hessian) of the article's functions, the largest
 * stable learning rate 2/L it gives, checked against the learning-rate sweep, and Newton's method,
 * which divides each direction by its own curvature. The paragraphs quote the computed numbers.
 */
import { curvatureAt, type Curvature } from "../curvature/index.js";
import { resolveFunction } from "../expr/index.js";
import { learningRateSweep, logSpace, minimize } from "../minimize/index.js";
import { tourFunction, type TourSection } from "./story.js";

const num = (v: number, digits = 4): string => String(+v.toPrecision(digits));

function curvatureOf(name: string, point: readonly number[]): Curvature {
  const fn = resolveFunction(name);
  return curvatureAt(fn.expr, fn.variables, point);
}

export function curvatureSection(): TourSection {
  const f1 = tourFunction("article-1d");
  const c1 = curvatureOf("article-1d", [1]);
  const edge = c1.maxStableLearningRate!;
  // The same sweep as the overshoot section's: where does divergence start?
  const lrs = [...logSpace(0.003, 0.3, 25), 0.98 * edge, 1.02 * edge].sort((a, b) => a - b);
  const sweep = learningRateSweep(f1.objective, [-0.9], lrs, { steps: 500, tol: 1e-6 });
  const firstBad = sweep.find((p) => p.status === "diverged");
  const lastGood = [...sweep].reverse().find((p) => p.status !== "diverged" && (firstBad === undefined || p.lr < firstBad.lr));
  const f2 = tourFunction("article-2d");
  const c2 = curvatureOf("article-2d", f2.minima[0]!.point);
  const [big, small] = c2.eigenvalues as [number, number];
  const newton = minimize(f2.objective, [-0.5, 2], { optimizer: { name: "newton" } });
  const gd = minimize(f2.objective, [-0.5, 2], { lr: 0.03, steps: 500, tol: 1e-6 });
  return {
    id: "curvature",
    heading: "Which learning rate? The curvature decides",
    paragraphs: [
      `The curvature of f(x) = 6x² − 12x + 3 is its second derivative, ${num(c1.L)}, the same at every x. A step multiplies the distance to the minimum by 1 − ${num(c1.L)}η, so it diverges once that factor passes −1: for η above 2/L = 2/${num(c1.L)} = ${num(edge)}.`,
      firstBad === undefined
        ? `The learning-rate sweep found no diverging η up to ${num(sweep[sweep.length - 1]!.lr)}.`
        : `That is exactly where the sweep found it: η = ${num(lastGood?.lr ?? 0)} still converges and η = ${num(firstBad.lr)} is the first to diverge.`,
      `In two dimensions the curvature is a matrix, the Hessian. For f(x, y) = 6x² + 9y² − 12x − 14y + 3 it is [[12, 0], [0, 18]]: curvature ${num(small)} along x and ${num(big)} along y (its eigenvalues, with the axes as eigenvectors). The steepest direction sets the limit, L = ${num(big)}, so gradient descent is stable only below 2/L = 2/${num(big)} = ${num(c2.maxStableLearningRate!)}; heavy-ball momentum β stretches that to 2(1+β)/L (${num(c2.heavyBall.maxStableLearningRate!)} for β = ${c2.heavyBall.momentum}).`,
      `The condition number L/μ = ${num(c2.conditionNumber!)} measures how unequal the directions are. With one η for both, the y coordinate closes a larger share of its gap each step than x does, so paths bend towards the line y = 7/9 before they reach the minimum. A condition number near 1 gives straight paths; a large one, like the Rosenbrock valley's, gives the slow zigzags of plain gradient descent.`,
      `Newton's method divides each direction by its own curvature (it steps by −H⁻¹∇f), so on a quadratic it lands on the minimum in ${newton.steps} step, where gradient descent with η = 0.03 took ${gd.steps}. Away from a quadratic it needs damping (a line search) to be safe: \`descent minimize rosenbrock --start x=-1.5,y=2 --optimizer newton\`.`,
    ],
    exhibits: [
      { kind: "curvature", fn: f1, points: [c1] },
      { kind: "sweep", fn: f1, points: sweep, stabilityEdge: edge },
      { kind: "curvature", fn: f2, points: [c2] },
    ],
  };
}
