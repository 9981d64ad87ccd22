/**
 * One fieldset per chosen optimizer with a field for each of its hyperparameters (from the
 * optimizer registry, defaults as placeholders). Editing a field rewrites that optimizer's spec
 * string, so the URL stays the single source of truth.
 */
import { listOptimizers } from "../../../src/optim/index.js";
import { formatSpec, parseOptimizerSpec } from "../../../src/optim/index.js";
import type { OptionValue, Options } from "../../../src/optim/index.js";
import type { PlaygroundState } from "../state.js";
import { h } from "../ui/dom.js";
import type { ViewContext } from "./context.js";
import type { Control } from "./controls.js";

/** Options a learner would not touch here. */
const HIDDEN = new Set(["maximize"]);

function optionField(id: string, name: string, kind: string, fallback: unknown, value: OptionValue | undefined, doc: string, onChange: (v: OptionValue | undefined) => void): HTMLElement {
  if (kind === "boolean") {
    const box = h("input", { id, type: "checkbox", checked: value === undefined ? fallback === true : value === true });
    box.addEventListener("change", () => onChange(box.checked));
    return h("label", { class: "field inline", title: doc }, [box, h("span", {}, [name])]);
  }
  const input = h("input", {
    id,
    type: kind === "number" ? "number" : "text",
    step: "any",
    value: value === undefined ? "" : String(value),
    placeholder: name === "lr" ? "η slider" : String(fallback),
    title: doc,
  });
  input.addEventListener("input", () => {
    if (input.value.trim() === "") return onChange(undefined);
    const v = kind === "number" ? Number(input.value) : input.value.trim();
    if (kind !== "number" || Number.isFinite(v)) onChange(v);
  });
  return h("label", { class: "field compact", title: doc }, [h("span", { class: "field-label" }, [name]), input]);
}

export function hyperparameterControl(ctx: ViewContext, idPrefix: string): Control {
  const element = h("div", { class: "hyper", id: `${idPrefix}-hyper` });
  let shown = "";
  const replace = (index: number, options: Options) => {
    const specs = [...ctx.state().optimizers];
    const name = parseOptimizerSpec(specs[index]!).name;
    try {
      const spec = formatSpec({ name, options });
      parseOptimizerSpec(spec); // refuse values the optimizer rejects (e.g. beta1 = 1)
      specs[index] = spec;
      shown = specs.join(";");
      ctx.update({ optimizers: specs });
    } catch {
      // Leave the URL as it was until the value is valid.
    }
  };
  const build = (state: PlaygroundState) => {
    const registry = listOptimizers();
    element.replaceChildren(
      ...state.optimizers.map((spec, index) => {
        const parsed = parseOptimizerSpec(spec);
        const info = registry.find((o) => o.name === parsed.name);
        const fields = (info?.options ?? [])
          .filter((o) => !HIDDEN.has(o.name))
          .map((o) =>
            optionField(`${idPrefix}-opt${index}-${o.name}`, o.name, o.kind, o.default, parsed.options[o.name], o.doc, (v) => {
              const options = { ...parseOptimizerSpec(ctx.state().optimizers[index]!).options };
              if (v === undefined || (o.name !== "lr" && String(v) === String(o.default))) delete options[o.name];
              else options[o.name] = v;
              replace(index, options);
            }),
          );
        return h("fieldset", {}, [h("legend", {}, [`${parsed.name} hyperparameters`]), ...fields]);
      }),
    );
  };
  return {
    element,
    sync(state) {
      const key = state.optimizers.join(";");
      // Rebuild only when the specs changed elsewhere, never under the user's caret.
      if (key === shown || element.contains(document.activeElement)) return;
      shown = key;
      build(state);
    },
  };
}
