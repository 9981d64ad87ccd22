import { OptionError } from "../errors.js";
import type { OptionDefs, Resolved } from "./options.js";
import { closedUnit, nonNegative, nonNegativeInteger, positive, positiveInteger, resolveOptions } from "./options.js";
import { makePlateau, PLATEAU_OPTIONS } from "./plateau.js";
import type { PlateauSchedule } from "./plateau.js";
import { describeOptions } from "./registry.js";
import type { OptionInfo } from "./registry.js";
import type { Options } from "./types.js";

/**
 * A learning rate as a pure function of the step: `lr(k)` is the rate for the update after k
 * updates, the value PyTorch's scheduler holds after k calls of `scheduler.step()`.
 */
export interface StepSchedule {
  readonly kind: "step";
  readonly name: string;
  readonly options: Readonly<Resolved>;
  readonly baseLr: number;
  lr(step: number): number;
}

export type Schedule = StepSchedule | PlateauSchedule;

interface ScheduleDef {
  readonly name: string;
  readonly rule: string;
  readonly options: OptionDefs;
  make(o: Resolved, base: number): (step: number) => number;
}

const n = (o: Resolved, k: string) => o[k] as number;

/** Cosine annealing from `from` to `to` as `pct` goes 0 → 1. */
function cosineAnneal(from: number, to: number, pct: number): number {
  return to + ((from - to) / 2.0) * (Math.cos(Math.PI * pct) + 1);
}

/** OneCycleLR's lr at a step, walking its phases as PyTorch does. */
function oneCycle(o: Resolved, base: number): (step: number) => number {
  const maxLr = o.max_lr === 0 ? base : n(o, "max_lr");
  const total = n(o, "total_steps");
  const pct = n(o, "pct_start");
  const initial = maxLr / n(o, "div_factor");
  const min = initial / n(o, "final_div_factor");
  const anneal = o.anneal_strategy === "cos" ? cosineAnneal : (a: number, b: number, p: number) => (b - a) * p + a;
  const phases: [number, number, number][] = o.three_phase
    ? [
        [pct * total - 1, initial, maxLr],
        [2 * pct * total - 2, maxLr, initial],
        [total - 1, initial, min],
      ]
    : [
        [pct * total - 1, initial, maxLr],
        [total - 1, maxLr, min],
      ];
  return (step) => {
    let start = 0;
    for (let i = 0; i < phases.length; i++) {
      const [end, from, to] = phases[i]!;
      if (step <= end || i === phases.length - 1) return anneal(from, to, (step - start) / (end - start));
      start = end;
    }
    return min;
  };
}

/** CosineAnnealingWarmRestarts: position inside the current cycle, found by integer arithmetic. */
function warmRestarts(o: Resolved, base: number): (step: number) => number {
  const t0 = n(o, "t_0");
  const mult = n(o, "t_mult");
  const etaMin = n(o, "eta_min");
  return (step) => {
    let cur = step;
    let len = t0;
    if (mult === 1) cur = step % t0;
    else
      while (cur >= len) {
        cur -= len;
        len *= mult;
      }
    return etaMin + ((base - etaMin) * (1 + Math.cos((Math.PI * cur) / len))) / 2;
  };
}

const DEFS: readonly ScheduleDef[] = [
  {
    name: "constant",
    rule: "lr·factor for step < total_iters, then lr (ConstantLR; the defaults keep lr constant)",
    options: {
      factor: { kind: "number", default: 1, rule: closedUnit, doc: "multiplier before total_iters" },
      total_iters: { kind: "number", default: 0, rule: nonNegativeInteger, doc: "steps that use the factor" },
    },
    make: (o, base) => (step) => (step < n(o, "total_iters") ? base * n(o, "factor") : base),
  },
  {
    name: "step",
    rule: "lr·γ^⌊step/step_size⌋ (StepLR)",
    options: {
      step_size: { kind: "number", rule: positiveInteger, doc: "steps between decays" },
      gamma: { kind: "number", default: 0.1, rule: positive, doc: "decay factor" },
    },
    make: (o, base) => (step) => base * n(o, "gamma") ** Math.floor(step / n(o, "step_size")),
  },
  {
    name: "multistep",
    rule: "lr·γ^(number of milestones ≤ step) (MultiStepLR; milestones written 30/80)",
    options: {
      milestones: { kind: "list", rule: nonNegativeInteger, doc: "steps at which to decay, e.g. 30/80" },
      gamma: { kind: "number", default: 0.1, rule: positive, doc: "decay factor" },
    },
    make(o, base) {
      const milestones = o.milestones as number[];
      return (step) => base * n(o, "gamma") ** milestones.filter((m) => m <= step).length;
    },
  },
  {
    name: "exponential",
    rule: "lr·γ^step (ExponentialLR)",
    options: { gamma: { kind: "number", rule: positive, doc: "decay factor per step" } },
    make: (o, base) => (step) => base * n(o, "gamma") ** step,
  },
  {
    name: "cosine",
    rule: "η_min + (lr − η_min)(1 + cos(π·step/t_max))/2 (CosineAnnealingLR)",
    options: {
      t_max: { kind: "number", rule: positiveInteger, doc: "half period in steps" },
      eta_min: { kind: "number", default: 0, rule: nonNegative, doc: "minimum learning rate" },
    },
    make: (o, base) => (step) => n(o, "eta_min") + ((base - n(o, "eta_min")) * (1 + Math.cos((Math.PI * step) / n(o, "t_max")))) / 2,
  },
  {
    name: "cosine_restarts",
    rule: "cosine annealing restarted every t_0·t_multⁱ steps (CosineAnnealingWarmRestarts)",
    options: {
      t_0: { kind: "number", rule: positiveInteger, doc: "length of the first cycle" },
      t_mult: { kind: "number", default: 1, rule: positiveInteger, doc: "cycle length multiplier" },
      eta_min: { kind: "number", default: 0, rule: nonNegative, doc: "minimum learning rate" },
    },
    make: warmRestarts,
  },
  {
    name: "warmup",
    rule: "lr·(start_factor + (end_factor − start_factor)·min(step, total_iters)/total_iters) (LinearLR)",
    options: {
      start_factor: { kind: "number", default: 1 / 3, rule: { text: "must be in (0, 1]", test: (v) => v > 0 && v <= 1 }, doc: "factor at step 0" },
      end_factor: { kind: "number", default: 1, rule: closedUnit, doc: "factor from total_iters on" },
      total_iters: { kind: "number", default: 5, rule: positiveInteger, doc: "warm-up length in steps" },
    },
    make: (o, base) => (step) =>
      base * (n(o, "start_factor") + ((n(o, "end_factor") - n(o, "start_factor")) * Math.min(n(o, "total_iters"), step)) / n(o, "total_iters")),
  },
  {
    name: "polynomial",
    rule: "lr·(1 − min(step, total_iters)/total_iters)^power (PolynomialLR)",
    options: {
      total_iters: { kind: "number", default: 5, rule: positiveInteger, doc: "steps until the rate reaches 0" },
      power: { kind: "number", default: 1, rule: positive, doc: "polynomial power" },
    },
    make: (o, base) => (step) => base * (1.0 - Math.min(n(o, "total_iters"), step) / n(o, "total_iters")) ** n(o, "power"),
  },
  {
    name: "onecycle",
    rule: "max_lr/div_factor → max_lr over pct_start of total_steps, then → max_lr/(div_factor·final_div_factor) (OneCycleLR, lr only)",
    options: {
      max_lr: { kind: "number", default: 0, rule: nonNegative, doc: "peak learning rate (0: the base lr)" },
      total_steps: { kind: "number", rule: positiveInteger, doc: "length of the cycle in steps" },
      pct_start: { kind: "number", default: 0.3, rule: { text: "must be in (0, 1)", test: (v) => v > 0 && v < 1 }, doc: "fraction spent increasing" },
      anneal_strategy: { kind: "enum", values: ["cos", "linear"], default: "cos", doc: "annealing shape" },
      div_factor: { kind: "number", default: 25, rule: positive, doc: "initial lr = max_lr/div_factor" },
      final_div_factor: { kind: "number", default: 1e4, rule: positive, doc: "min lr = initial lr/final_div_factor" },
      three_phase: { kind: "boolean", default: false, doc: "come back down to the initial lr before annealing" },
    },
    make: oneCycle,
  },
];

const PLATEAU_DEF = {
  name: "plateau",
  rule: "lr·factor when the metric has not improved by threshold for patience observations (ReduceLROnPlateau)",
  options: PLATEAU_OPTIONS,
};

/** Every schedule name `makeSchedule` accepts. */
export const SCHEDULE_NAMES: readonly string[] = [...DEFS.map((d) => d.name), PLATEAU_DEF.name];

/** The definition (name, rule, options) of a schedule; an unknown name lists the valid ones. */
export function scheduleDef(name: string): { name: string; rule: string; options: OptionDefs } {
  const def = name === PLATEAU_DEF.name ? PLATEAU_DEF : DEFS.find((d) => d.name === name);
  if (!def) throw new OptionError(`unknown schedule "${name}" (valid: ${SCHEDULE_NAMES.join(", ")})`);
  return def;
}

/**
 * Builds a learning-rate schedule with PyTorch's lr_scheduler semantics, starting from `baseLr`
 * (the optimizer's lr). Step schedules are pure functions of the step; "plateau" is a small state
 * machine driven by a metric.
 */
export function makeSchedule(name: string, options: Options, baseLr: number): Schedule {
  const def = scheduleDef(name);
  if (!(baseLr >= 0 && Number.isFinite(baseLr))) throw new OptionError(`invalid base lr ${baseLr} for ${name} schedule: must be >= 0`);
  const o = resolveOptions(`${name} schedule`, def.options, options);
  if (name === PLATEAU_DEF.name) return makePlateau(o, baseLr);
  const at = (def as ScheduleDef).make(o, baseLr);
  return {
    kind: "step",
    name,
    options: o,
    baseLr,
    lr(step: number): number {
      if (!(Number.isInteger(step) && step >= 0)) throw new OptionError(`invalid step ${step} for ${name} schedule: must be an integer >= 0`);
      return at(step);
    },
  };
}

/** Every schedule with its options, defaults and one-line rule. */
export function listSchedules(): { name: string; rule: string; options: OptionInfo[] }[] {
  return [...DEFS, PLATEAU_DEF].map((d) => ({ name: d.name, rule: d.rule, options: describeOptions(d.options) }));
}
