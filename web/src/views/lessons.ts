/**
 * The short lesson beside each view's figure: the update rule, what to notice, and where the
 * learning rate matters (the ▲ on the η slider marks 2/L).
 */
import { h } from "../ui/dom.js";

const LESSONS: Record<"1d" | "2d" | "sgd" | "race", string[]> = {
  "1d": [
    "Rule: x ← x − η·f′(x). The step is the slope times the learning rate, so it shrinks by itself as the slope flattens near the minimum.",
    "What to notice: press Step (or N) and watch each iterate slide down the curve; the table lists x, f(x) and f′(x) after every step, and the note under the chart says whether the steps overshoot.",
    "Where η matters: on 6x² − 12x + 3 the curvature f″ is 12 everywhere. Below 1/f″ every step lands on the same side of the minimum; between 1/f″ and 2/f″ (the ▲ on the η slider) the steps overshoot but still close in; above 2/f″ they grow and diverge.",
  ],
  "2d": [
    "Rule: (x, y) ← (x, y) − η·∇f(x, y). Each step goes straight downhill, across the contour lines at right angles.",
    "What to notice: the two default starts lie close together yet end in different minima, the start decides where descent ends (shade the basins to see which start goes where). Click the map to add starts.",
    "Where η matters: above 2/L (the ▲ on the η slider; L is the largest curvature at the minimum) the steps overshoot across the steepest direction and grow instead of settling.",
  ],
  sgd: [
    "Rule: w ← w − η·∇L_B(w), where L_B is the average loss over a minibatch B of examples (logistic regression's cross-entropy here).",
    "What to notice: with the same number of epochs the full batch takes one smooth update per epoch, single examples take one update per example and jitter, and a minibatch sits between: more, noisier updates usually reach a low loss in fewer epochs.",
    "Where η matters: the noise of small batches does not shrink as training goes on, so a large η keeps the loss bouncing; a smaller η (or a decaying schedule) lets it settle.",
  ],
  race: [
    "Rules: SGD w ← w − η∇f; momentum keeps a velocity v ← βv + ∇f and steps w ← w − ηv; RMSprop and Adam divide each coordinate's step by a running root-mean-square of its gradient, so their steps are about η whatever the gradient's size.",
    "What to notice: on Rosenbrock's curved valley plain gradient descent crawls along the flat floor; momentum builds up speed along it and Adam's normalised steps keep moving.",
    "One η does not suit all: plain SGD needs η below 2/L of the steep walls, while Adam, RMSprop and Adagrad take steps of about η per coordinate and want a larger one (0.01–0.1 here). Give each its own, e.g. adam:lr=0.05.",
  ],
};

export function lesson(view: keyof typeof LESSONS): HTMLElement {
  return h("div", { class: "lesson notes", id: `lesson-${view}` }, [h("h2", {}, ["What you are watching"]), ...LESSONS[view].map((t) => h("p", {}, [t]))]);
}
