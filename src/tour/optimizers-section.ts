/**
 * The article's "further reading": momentum, RMSprop, Adagrad and Adam side by side, momentum
 * carrying a run past the shallow minimum, and gradient noise helping a run escape it.
 */
import { minimize, nearest } from "../minimize/index.js";
import { tourFunction, type LabelledRun, type TourSection } from "./story.js";

type Spec = { label: string; name: string; options: Record<string, number | boolean> };

const TWO_MINIMA_RACE: Spec[] = [
  { label: "gradient descent η=0.1", name: "sgd", options: { lr: 0.1 } },
  { label: "momentum 0.9, η=0.1", name: "sgd", options: { lr: 0.1, momentum: 0.9 } },
  { label: "RMSprop η=0.01", name: "rmsprop", options: { lr: 0.01 } },
  { label: "Adagrad η=0.5", name: "adagrad", options: { lr: 0.5 } },
  { label: "Adam η=0.05", name: "adam", options: { lr: 0.05 } },
];

const ROSENBROCK_RACE: Spec[] = [
  { label: "gradient descent η=0.001", name: "sgd", options: { lr: 0.001 } },
  { label: "momentum 0.9, η=0.001", name: "sgd", options: { lr: 0.001, momentum: 0.9 } },
  { label: "RMSprop η=0.01", name: "rmsprop", options: { lr: 0.01 } },
  { label: "Adagrad η=0.5", name: "adagrad", options: { lr: 0.5 } },
  { label: "Adam η=0.05", name: "adam", options: { lr: 0.05 } },
];

export function optimizersSection(): TourSection[] {
  const twoMinima = tourFunction("two-minima");
  const rosenbrock = tourFunction("rosenbrock");
  const race = (fn: typeof twoMinima, specs: Spec[], start: number[], steps: number): LabelledRun[] =>
    specs.map((s) => ({ label: s.label, run: minimize(fn.objective, start, { optimizer: { name: s.name, options: s.options }, steps, tol: 1e-6 }) }));
  const escapeStart = [1, -2.5];
  const twoMinimaRuns = race(twoMinima, TWO_MINIMA_RACE, escapeStart, 3000);
  const rosenbrockRuns = race(rosenbrock, ROSENBROCK_RACE, [-1.5, 2], 5000);

  // Noise: the same start, plain gradient descent with Gaussian noise on every gradient.
  const minima = twoMinima.minima.map((m) => [...m.point]);
  const globalIndex = twoMinima.minima.findIndex((m) => m.kind === "global");
  const noisy = (seed: number) => minimize(twoMinima.objective, escapeStart, { lr: 0.1, steps: 1500, tol: 0, noise: 1, seed });
  const seeds = Array.from({ length: 20 }, (_, i) => i + 1);
  const escaped = seeds.filter((seed) => {
    const end = noisy(seed).point;
    // Settle without noise from where the noisy run ended, then ask which minimum that is.
    const settled = minimize(twoMinima.objective, end, { lr: 0.1, steps: 3000, tol: 1e-8 }).point;
    return nearest(settled, minima, 0.05) === globalIndex;
  }).length;
  const plain = twoMinimaRuns[0]!;
  const noiseRuns: LabelledRun[] = [plain, ...[1, 2].map((seed) => ({ label: `with gradient noise σ=1 (seed ${seed})`, run: noisy(seed) }))];

  return [
    {
      id: "optimizers",
      heading: "Momentum, RMSprop, Adagrad and Adam",
      paragraphs: [
        "Momentum keeps a running sum of past gradients, so a run gathers speed downhill and can roll through a shallow dip. RMSprop and Adagrad divide each coordinate's step by a running size of its gradients, so steep and flat directions move at similar speeds. Adam does both.",
        `From (${escapeStart.join(", ")}) on the two-minima landscape, plain gradient descent settles in the shallow minimum; with momentum 0.9 the same learning rate carries the run past it into the deep one.`,
        "On the Rosenbrock valley, plain gradient descent crawls along the flat floor; momentum and Adam reach the minimum at (1, 1) in far fewer steps.",
      ],
      exhibits: [
        { kind: "runs", fn: twoMinima, runs: twoMinimaRuns, picture: "paths+values" },
        { kind: "runs", fn: rosenbrock, runs: rosenbrockRuns, picture: "paths+values" },
      ],
    },
    {
      id: "noise",
      heading: "Randomness helps escape shallow minima",
      paragraphs: [
        "The article says the randomness of stochastic gradient descent can help a model escape shallow local minima. Here the gradient itself is made noisy: Gaussian noise with σ = 1 is added to every gradient (what a minibatch does to the true gradient).",
        `From the start where plain gradient descent settles in the shallow minimum, ${escaped} of ${seeds.length} noisy runs (seeds 1–${seeds.length}, 1,500 steps each) end in the basin of the deep minimum.`,
      ],
      exhibits: [{ kind: "runs", fn: twoMinima, runs: noiseRuns, picture: "contour" }],
    },
  ];
}
