import type { Resolved, ResolvedOf } from "./options.js";
import { defineOptions, nonNegative, nonNegativeInteger, openUnit } from "./options.js";

export const PLATEAU_OPTIONS = defineOptions({
  mode: { kind: "enum", values: ["min", "max"], default: "min", doc: "whether the metric should go down or up" },
  factor: { kind: "number", default: 0.1, rule: openUnit, doc: "new lr = lr·factor" },
  patience: { kind: "number", default: 10, rule: nonNegativeInteger, doc: "observations without improvement before reducing" },
  threshold: { kind: "number", default: 1e-4, rule: nonNegative, doc: "minimum significant change" },
  threshold_mode: { kind: "enum", values: ["rel", "abs"], default: "rel", doc: "threshold relative to the best or absolute" },
  cooldown: { kind: "number", default: 0, rule: nonNegativeInteger, doc: "observations to wait after a reduction" },
  min_lr: { kind: "number", default: 0, rule: nonNegative, doc: "lower bound on the lr" },
  eps: { kind: "number", default: 1e-8, rule: nonNegative, doc: "reductions smaller than this are ignored" },
});

export type PlateauOptions = ResolvedOf<typeof PLATEAU_OPTIONS>;

/** Reduce-on-plateau's whole state: plain numbers, so it serializes with the optimizer's. */
export interface PlateauState {
  lr: number;
  best: number;
  badEpochs: number;
  cooldownCounter: number;
  observations: number;
}

/** ReduceLROnPlateau as a pure state machine: `observe` returns the next state, `lr` reads it. */
export interface PlateauSchedule {
  readonly kind: "metric";
  readonly name: "plateau";
  readonly options: Readonly<Resolved>;
  readonly baseLr: number;
  init(): PlateauState;
  observe(state: PlateauState, metric: number): PlateauState;
  lr(state: PlateauState): number;
}

export function makePlateau(o: PlateauOptions, baseLr: number): PlateauSchedule {
  const minimize = o.mode === "min";
  const relative = o.threshold_mode === "rel";
  const { threshold, patience } = o;

  // PyTorch's is_better for the four mode/threshold_mode combinations.
  function isBetter(a: number, best: number): boolean {
    if (minimize) return relative ? a < best * (1 - threshold) : a < best - threshold;
    return relative ? a > best * (threshold + 1) : a > best + threshold;
  }

  return {
    kind: "metric",
    name: "plateau",
    options: o,
    baseLr,
    init: () => ({ lr: baseLr, best: minimize ? Infinity : -Infinity, badEpochs: 0, cooldownCounter: 0, observations: 0 }),
    observe(state, metric) {
      const s = { ...state, observations: state.observations + 1 };
      if (isBetter(metric, s.best)) {
        s.best = metric;
        s.badEpochs = 0;
      } else {
        s.badEpochs += 1;
      }
      if (s.cooldownCounter > 0) {
        s.cooldownCounter -= 1;
        s.badEpochs = 0;
      }
      if (s.badEpochs > patience) {
        const reduced = Math.max(s.lr * o.factor, o.min_lr);
        if (s.lr - reduced > o.eps) s.lr = reduced;
        s.cooldownCounter = o.cooldown;
        s.badEpochs = 0;
      }
      return s;
    },
    lr: (state) => state.lr,
  };
}
