import { OptionError } from "../errors.js";
import type { OptionDefs, Resolved, ResolvedOf } from "./options.js";
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

/** A step schedule: its option table and the lr at each step, given its resolved options (a
 * method, so a definition typed with its own options is a `ScheduleDef`). */
interface ScheduleDef<O extends Resolved = Resolved> {
  readonly name: string;
  readonly rule: string;
  readonly options: OptionDefs;
  make(o: O, base: number): (step: number) => number;
}

/** A schedule whose `make` reads its options typed from its table. */
function schedule<const D extends OptionDefs>(def: { name: string; rule: string; options: D; make(o: ResolvedOf<D>, base: number): (step: number) => number }): ScheduleDef<ResolvedOf<D>> {
  return def;
}

/** Cosine annealing from `from` to `to` as `pct` goes 0 → 1. */
function cosineAnneal(from: number, to: number, pct: number): number {
  return to + ((from - to) / 2.0) * (Math.cos(Math.PI * pct) + 1);
}

/** OneCycleLR's lr at a step, walking its phases as PyTorch does. */
const oneCycleOptions = {
  max_lr: { kind: "number", default: 0, rule: nonNegative, doc: "peak learning rate (0: the base lr)" },
  total_steps: { kind: "number", rule: positiveInteger, doc: "length of the cycle in steps" },
  pct_start: { kind: "number", default: 0.3, rule: { text: "must be in (0, 1)", test: (v: number) => v > 0 && v < 1 }, doc: "fraction spent increasing" },
  anneal_strategy: { kind: "enum", values: ["cos", "linear"], default: "cos", doc: "annealing shape" },
  div_factor: { kind: "number", default: 25, rule: positive, doc: "initial lr = max_lr/div_factor" },
  final_div_factor: { kind: "number", default: 1e4, rule: positive, doc: "min lr = initial lr/final_div_factor" },
  three_phase: { kind: "boolean", default: false, doc: "come back down to the initial lr before annealing" },
} as const;

function oneCycle(o: ResolvedOf<typeof oneCycleOptions>, base: number): (step: number) => number {
  const maxLr = o.max_lr === 0 ? base : o.max_lr;
  const total = o.total_steps;
  const pct = o.pct_start;
  const initial = maxLr / o.div_factor;
  const min = initial / o.final_div_factor;
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
const warmRestartOptions = {
  t_0: { kind: "number", rule: positiveInteger, doc: "length of the first cycle" },
  t_mult: { kind: "number", default: 1, rule: positiveInteger, doc: "cycle length multiplier" },
  eta_min: { kind: "number", default: 0, rule: nonNegative, doc: "minimum learning rate" },
} as const;

function warmRestarts(o: ResolvedOf<typeof warmRestartOptions>, base: number): (step: number) => number {
  const { t_0: t0, t_mult: mult, eta_min: etaMin } = o;
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
  schedule({
    name: "constant",
    rule: "lr·factor for step < total_iters, then lr (ConstantLR; the defaults keep lr constant)",
    options: {
      factor: { kind: "number", default: 1, rule: closedUnit, doc: "multiplier before total_iters" },
      total_iters: { kind: "number", default: 0, rule: nonNegativeInteger, doc: "steps that use the factor" },
    },
    make: (o, base) => (step) => (step < o.total_iters ? base * o.factor : base),
  }),
  schedule({
    name: "step",
    rule: "lr·γ^⌊step/step_size⌋ (StepLR)",
    options: {
      step_size: { kind: "number", rule: positiveInteger, doc: "steps between decays" },
      gamma: { kind: "number", default: 0.1, rule: positive, doc: "decay factor" },
    },
    make: (o, base) => (step) => base * o.gamma ** Math.floor(step / o.step_size),
  }),
  schedule({
    name: "multistep",
    rule: "lr·γ^(number of milestones ≤ step) (MultiStepLR; milestones written 30/80)",
    options: {
      milestones: { kind: "list", rule: nonNegativeInteger, doc: "steps at which to decay, e.g. 30/80" },
      gamma: { kind: "number", default: 0.1, rule: positive, doc: "decay factor" },
    },
    make: (o, base) => (step) => base * o.gamma ** o.milestones.filter((m) => m <= step).length,
  }),
  schedule({
    name: "exponential",
    rule: "lr·γ^step (ExponentialLR)",
    options: { gamma: { kind: "number", rule: positive, doc: "decay factor per step" } },
    make: (o, base) => (step) => base * o.gamma ** step,
  }),
  schedule({
    name: "cosine",
    rule: "η_min + (lr − η_min)(1 + cos(π·step/t_max))/2 (CosineAnnealingLR)",
    options: {
      t_max: { kind: "number", rule: positiveInteger, doc: "half period in steps" },
      eta_min: { kind: "number", default: 0, rule: nonNegative, doc: "minimum learning rate" },
    },
    make: (o, base) => (step) => o.eta_min + ((base - o.eta_min) * (1 + Math.cos((Math.PI * step) / o.t_max))) / 2,
  }),
  schedule({
    name: "cosine_restarts",
    rule: "cosine annealing restarted every t_0·t_multⁱ steps (CosineAnnealingWarmRestarts)",
    options: warmRestartOptions,
    make: warmRestarts,
  }),
  schedule({
    name: "warmup",
    rule: "lr·(start_factor + (end_factor − start_factor)·min(step, total_iters)/total_iters) (LinearLR)",
    options: {
      start_factor: { kind: "number", default: 1 / 3, rule: { text: "must be in (0, 1]", test: (v) => v > 0 && v <= 1 }, doc: "factor at step 0" },
      end_factor: { kind: "number", default: 1, rule: closedUnit, doc: "factor from total_iters on" },
      total_iters: { kind: "number", default: 5, rule: positiveInteger, doc: "warm-up length in steps" },
    },
    make: (o, base) => (step) => base * (o.start_factor + ((o.end_factor - o.start_factor) * Math.min(o.total_iters, step)) / o.total_iters),
  }),
  schedule({
    name: "polynomial",
    rule: "lr·(1 − min(step, total_iters)/total_iters)^power (PolynomialLR)",
    options: {
      total_iters: { kind: "number", default: 5, rule: positiveInteger, doc: "steps until the rate reaches 0" },
      power: { kind: "number", default: 1, rule: positive, doc: "polynomial power" },
    },
    make: (o, base) => (step) => base * (1.0 - Math.min(o.total_iters, step) / o.total_iters) ** o.power,
  }),
  schedule({
    name: "onecycle",
    rule: "max_lr/div_factor → max_lr over pct_start of total_steps, then → max_lr/(div_factor·final_div_factor) (OneCycleLR, lr only)",
    options: oneCycleOptions,
    make: oneCycle,
  }),
];

/** Reduce-on-plateau: driven by a metric, not by the step (a method, like `ScheduleDef.make`). */
const PLATEAU_DEF: { name: string; rule: string; options: OptionDefs; make(o: Resolved, base: number): PlateauSchedule } = {
  name: "plateau",
  rule: "lr·factor when the metric has not improved by threshold for patience observations (ReduceLROnPlateau)",
  options: PLATEAU_OPTIONS,
  make: makePlateau,
};

/** Every schedule name `makeSchedule` accepts. */
export const SCHEDULE_NAMES: readonly string[] = [...DEFS.map((d) => d.name), PLATEAU_DEF.name];

function stepDef(name: string): ScheduleDef {
  const def = DEFS.find((d) => d.name === name);
  if (!def) throw new OptionError(`unknown schedule "${name}" (valid: ${SCHEDULE_NAMES.join(", ")})`);
  return def;
}

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
  if (name === PLATEAU_DEF.name) return PLATEAU_DEF.make(o, baseLr);
  const at = stepDef(name).make(o, baseLr);
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
