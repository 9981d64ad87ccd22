/**
 * Controls shared by the views. Each returns its element and a `sync(state)` that shows the state
 * (without disturbing a field the user is typing in); every input calls `ctx.update` at once.
 */
import { NAMED_FUNCTIONS } from "../../../src/expr/index.js";
import { stabilityEdge } from "../compute/edge.js";
import { resolveProblem, type ProblemSource } from "../compute/problem.js";
import { LIMITS, type PlaygroundState } from "../state.js";
import { field, h, markField, syncValue } from "../ui/dom.js";
import { inputNumber } from "../ui/format.js";
import type { ViewContext } from "./context.js";

/**
 * Applies a field's change when the state accepts it; otherwise the field turns red with the
 * state's own message (the banner shows the same words) and the view's figures grey out.
 */
export function submit(ctx: ViewContext, input: HTMLElement, patch: Partial<PlaygroundState>): void {
  const problems = ctx.check(patch);
  markField(input, problems.length > 0 ? problems.join(" ") : null);
  ctx.update(patch);
}

/** 1/L at the built-in's first known minimum (half the divergence edge), to 2 digits; null if none. */
export function sensibleLearningRate(name: string, arity: 1 | 2, resolve: ProblemSource = resolveProblem): number | null {
  try {
    const problem = resolve(name, arity);
    const first = problem.fn.minima[0];
    const edge = first ? stabilityEdge(problem, first.point) : null;
    if (!edge || edge.edge === null) return null;
    return Math.min(LIMITS.lr[1], Math.max(LIMITS.lr[0], Number((edge.edge / 2).toPrecision(2))));
  } catch {
    return null;
  }
}

export interface Control {
  element: HTMLElement;
  sync(state: PlaygroundState): void;
}

const CUSTOM = "(typed expression)";

/** Built-in picker plus an expression field; picking a built-in fills the field with its name. */
export function functionControl(ctx: ViewContext, arity: 1 | 2, idPrefix: string): Control {
  const names = NAMED_FUNCTIONS.filter((f) => f.variables.length === arity).map((f) => f.name);
  const select = h("select", { id: `${idPrefix}-fn-select` }, [...names, CUSTOM].map((n) => h("option", { value: n }, [n])));
  const input = h("input", { id: `${idPrefix}-fn`, type: "text", spellcheck: "false", autocomplete: "off", maxlength: LIMITS.maxFunctionLength });
  select.addEventListener("change", () => {
    if (select.value === CUSTOM) return input.focus();
    // A built-in comes with a learning rate that suits it: half the edge 2/L at its minimum.
    const lr = sensibleLearningRate(select.value, arity, ctx.problem);
    ctx.update(lr === null ? { f: select.value } : { f: select.value, lr });
  });
  const formula = h("p", { class: "formula", id: `${idPrefix}-formula`, "aria-live": "polite" });
  input.addEventListener("input", () => submit(ctx, input, { f: input.value }));
  const element = h("div", { class: "control-group" }, [
    field("Built-in function", select),
    formula,
    field(arity === 1 ? "f(x) =" : "f(x, y) =", input, "a built-in name or an expression, e.g. 6x^2 - 12x + 3"),
  ]);
  return {
    element,
    sync(state) {
      syncValue(input, state.f);
      syncValue(select, names.includes(state.f) ? state.f : CUSTOM);
      const named = NAMED_FUNCTIONS.find((f) => f.name === state.f);
      formula.textContent = named ? `${named.name}: f = ${named.formula}` : "";
    },
  };
}

export interface LearningRateControl extends Control {
  /** Marks the stability edge 2/L on the slider (null hides the mark), with a one-line note. */
  setEdge(edge: number | null, note: string): void;
}

/** Learning rate on a log10 slider from 1e-4 to 10, with an exact number field beside it. */
export function learningRateControl(ctx: ViewContext, idPrefix: string, range: readonly [number, number] = [-4, 1]): LearningRateControl {
  const slider = h("input", { id: `${idPrefix}-lr-slider`, type: "range", min: range[0], max: range[1], step: 0.01 });
  const mark = h("span", { class: "edge-mark", id: `${idPrefix}-edge-mark`, "aria-hidden": "true", hidden: true });
  const note = h("small", { class: "hint edge-note", id: `${idPrefix}-edge-note` });
  const exact = h("input", { id: `${idPrefix}-lr`, type: "number", min: LIMITS.lr[0], max: LIMITS.lr[1], step: "any", inputmode: "decimal" });
  slider.addEventListener("input", () => ctx.update({ lr: Number((10 ** Number(slider.value)).toPrecision(3)) }));
  exact.addEventListener("input", () => submit(ctx, exact, { lr: exact.value.trim() === "" ? NaN : Number(exact.value) }));
  const element = h("div", { class: "control-group" }, [
    field("Learning rate η (log scale)", h("span", { class: "slider-with-mark" }, [slider, mark])),
    note,
    field("η =", exact),
  ]);
  slider.setAttribute("aria-describedby", note.id);
  return {
    element,
    setEdge(edge, text) {
      const at = edge === null ? NaN : (Math.log10(edge) - range[0]) / (range[1] - range[0]);
      mark.hidden = !(at >= 0 && at <= 1);
      // The thumb's centre travels from half a thumb in to half a thumb before the end (16 px thumb).
      if (!mark.hidden) mark.style.left = `calc(8px + (100% - 16px) * ${at.toFixed(4)})`;
      note.textContent = text;
    },
    sync(state) {
      syncValue(slider, String(Math.log10(state.lr)));
      slider.setAttribute("aria-valuetext", `η = ${state.lr}`);
      syncValue(exact, inputNumber(state.lr));
    },
  };
}

/** A whole-number field bound to one state key. */
export function integerControl(ctx: ViewContext, id: string, label: string, key: "steps" | "epochs" | "batch" | "seed", min: number, max: number, hint?: string): Control {
  const input = h("input", { id, type: "number", min, max, step: 1, inputmode: "numeric" });
  input.addEventListener("input", () => {
    const v = input.value.trim() === "" ? NaN : Number(input.value);
    // The view's own narrower range (e.g. the batch up to the data size) is checked here.
    if (Number.isInteger(v) && (v < min || v > max)) return markField(input, `${key}="${input.value}" must be between ${min} and ${max}; the previous value is kept`);
    submit(ctx, input, { [key]: v });
  });
  return { element: field(label, input, hint), sync: (state) => syncValue(input, String(state[key])) };
}

/** A number field bound to a coordinate key. */
export function coordinateControl(ctx: ViewContext, id: string, label: string, key: "x0" | "y0"): Control {
  const input = h("input", { id, type: "number", step: "any", inputmode: "decimal" });
  input.addEventListener("input", () => submit(ctx, input, { [key]: input.value.trim() === "" ? NaN : Number(input.value) }));
  return { element: field(label, input), sync: (state) => syncValue(input, inputNumber(state[key])) };
}

/** The optimizer spec list (`sgd; adam:lr=0.05`), hyperparameters included, with quick-add buttons. */
export function optimizerControl(ctx: ViewContext, id: string, many: boolean, choices: readonly string[]): Control {
  const input = h("input", { id, type: "text", spellcheck: "false", autocomplete: "off" });
  const message = h("small", { class: "hint", "aria-live": "polite", "data-testid": `${id}-message` });
  input.addEventListener("input", () => {
    const specs = input.value.split(";").map((s) => s.trim()).filter((s) => s !== "");
    if (specs.length > 0) ctx.update({ optimizers: many ? specs : specs.slice(0, 1) });
  });
  const quick = h("select", { id: `${id}-add` }, [h("option", { value: "" }, [many ? "add…" : "choose…"]), ...choices.map((c) => h("option", { value: c }, [c]))]);
  quick.addEventListener("change", () => {
    if (quick.value === "") return;
    const current = ctx.state().optimizers;
    const adding = quick.value;
    quick.value = "";
    // A full list refuses the new one and says so, rather than dropping the first in silence.
    if (many && !current.includes(adding) && current.length >= LIMITS.maxOptimizers) {
      message.textContent = `At most ${LIMITS.maxOptimizers} optimizers: remove one from the list before adding ${adding}.`;
      return;
    }
    message.textContent = "";
    ctx.update({ optimizers: many ? [...current.filter((s) => s !== adding), adding] : [adding] });
  });
  const element = h("div", { class: "control-group" }, [
    field(many ? "Optimizers (separate with ;)" : "Optimizer", input, "name:option=value, e.g. momentum:momentum=0.9 or adam:lr=0.05,beta1=0.8"),
    field(many ? "Add an optimizer" : "Pick an optimizer", quick),
    message,
  ]);
  return { element, sync: (state) => syncValue(input, state.optimizers.join("; ")) };
}
