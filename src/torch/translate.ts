/**
 * descent's run pieces in PyTorch's words: the optimizer as a torch.optim class with its option
 * names, the schedule as a torch.optim.lr_scheduler class, the loss as a torch.nn loss, and the
 * model as Linear layers and activations. Anything PyTorch 1.13 cannot express with the same
 * numbers is refused here, with the reason, before a file is written.
 */
import { OptionError } from "../errors.js";
import type { Spec } from "../optim/index.js";
import { resolveOptions } from "../optim/options.js";
import { optimizerDef } from "../optim/registry.js";
import { scheduleDef } from "../optim/schedules.js";
import type { LossName, ModelSpec } from "../train/index.js";

export interface TorchClass {
  /** The class name in torch.optim (or torch.optim.lr_scheduler, torch.nn). */
  class: string;
  /** Keyword arguments, PyTorch's names; `betas` as a two-item list. */
  options: Record<string, unknown>;
  /** Where the numbers depend on the PyTorch version, said once at export. */
  note?: string;
}

const refuse = (what: string, why: string) => new OptionError(`cannot export to PyTorch: ${what} ${why}`);

/** torch.optim classes by descent name, with the options each accepts in PyTorch 1.13 and 2.x. */
const OPTIMIZERS: Record<string, { class: string; options: readonly string[] }> = {
  sgd: { class: "SGD", options: ["lr", "momentum", "dampening", "weight_decay", "nesterov", "maximize"] },
  momentum: { class: "SGD", options: ["lr", "momentum", "dampening", "weight_decay", "nesterov", "maximize"] },
  nesterov: { class: "SGD", options: ["lr", "momentum", "dampening", "weight_decay", "nesterov", "maximize"] },
  adam: { class: "Adam", options: ["lr", "betas", "eps", "weight_decay", "amsgrad", "maximize"] },
  adamw: { class: "AdamW", options: ["lr", "betas", "eps", "weight_decay", "amsgrad", "maximize"] },
  adamax: { class: "Adamax", options: ["lr", "betas", "eps", "weight_decay", "maximize"] },
  // NAdam and RAdam gained `maximize` only after 1.13.
  nadam: { class: "NAdam", options: ["lr", "betas", "eps", "weight_decay", "momentum_decay"] },
  radam: { class: "RAdam", options: ["lr", "betas", "eps", "weight_decay"] },
  adagrad: { class: "Adagrad", options: ["lr", "lr_decay", "weight_decay", "initial_accumulator_value", "eps", "maximize"] },
  rmsprop: { class: "RMSprop", options: ["lr", "alpha", "eps", "weight_decay", "momentum", "centered", "maximize"] },
  adadelta: { class: "Adadelta", options: ["lr", "rho", "eps", "weight_decay", "maximize"] },
};

/** The names export can carry, for messages and docs. */
export const TORCH_OPTIMIZERS: readonly string[] = Object.keys(OPTIMIZERS);

/** The torch.optim class and keyword arguments for a descent optimizer spec (every option resolved). */
export function torchOptimizer(spec: Spec): TorchClass {
  const entry = OPTIMIZERS[spec.name];
  if (!entry) {
    optimizerDef(spec.name); // an unknown name is the usual one-line "unknown optimizer" error
    throw refuse(`optimizer ${spec.name}`, `has no torch.optim class in PyTorch 1.13 (exportable: ${TORCH_OPTIMIZERS.join(", ")})`);
  }
  const def = optimizerDef(spec.name);
  const o = resolveOptions(def.name, def.options, spec.options);
  const options: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(o)) {
    if (key === "beta1" || key === "beta2") continue;
    if (!entry.options.includes(key)) {
      // An option left at a value that changes nothing can be dropped; anything else has no PyTorch name.
      if (value === false || value === def.options[key]!.default) continue;
      throw refuse(`optimizer ${spec.name} with ${key}=${String(value)}`, `has no equivalent: torch.optim.${entry.class} in PyTorch 1.13 has no ${key} option`);
    }
    options[key] = value;
  }
  if ("beta1" in o) options.betas = [o.beta1, o.beta2];
  if (spec.name === "nadam") {
    // Measured: 1.1e-3 relative apart after 6 epochs of an MLP on wine under 1.13.
    return { class: entry.class, options, note: "NAdam gives descent's numbers in PyTorch 2.x; PyTorch 1.13's NAdam predates the fix of pytorch/pytorch#92699 that descent follows, so its steps differ slightly" };
  }
  return { class: entry.class, options };
}

/**
 * descent's full-batch L-BFGS (train/lbfgs-run.ts, a port of torch.optim.LBFGS) as torch.optim.LBFGS
 * stepped once an epoch on every row (max_iter 1; PyTorch keeps the correction pairs between
 * steps), with PyTorch's tolerances, which are descent's. What PyTorch has no option for travels in
 * `full_batch` for train.py: descent's budget of loss evaluations over the run (25 per epoch), its
 * stopping checks after each iteration, and scikit-learn's L2 penalty (added to the loss). Not bit
 * for bit: descent keeps the iterate and the correction pairs in float64, PyTorch in the
 * parameters' float32 (measured: 1e-6 relative after 20 iterations of logistic regression, 1e-7
 * after 10 of a small MLP, 1.5e-4 after 20 of it).
 */
export function torchLbfgs(options: Record<string, unknown>, epochs: number): TorchClass & { fullBatch: { max_evaluations: number; l2: number } } {
  return {
    class: "LBFGS",
    options: {
      lr: options.lr, max_iter: 1, history_size: options.history_size,
      line_search_fn: options.line_search === "strong_wolfe" ? "strong_wolfe" : null,
      tolerance_grad: LBFGS_TOLERANCE_GRAD, tolerance_change: LBFGS_TOLERANCE_CHANGE,
    },
    fullBatch: { max_evaluations: 25 * epochs, l2: options.l2 as number },
    note: "lbfgs: PyTorch keeps L-BFGS's iterate and correction pairs in float32 where descent keeps them in float64, so runs agree to about 1e-6 over the first iterations and drift apart slowly after",
  };
}

/** torch.optim.LBFGS's defaults, which descent's lbfgs uses too (optim/lbfgs.ts). */
const LBFGS_TOLERANCE_GRAD = 1e-7;
const LBFGS_TOLERANCE_CHANGE = 1e-9;

/** lr_scheduler classes by descent name; option names are already PyTorch's, lower-cased. */
const SCHEDULES: Record<string, { class: string; rename?: Record<string, string> }> = {
  constant: { class: "ConstantLR" },
  step: { class: "StepLR" },
  multistep: { class: "MultiStepLR" },
  exponential: { class: "ExponentialLR" },
  cosine: { class: "CosineAnnealingLR", rename: { t_max: "T_max" } },
  cosine_restarts: { class: "CosineAnnealingWarmRestarts", rename: { t_0: "T_0", t_mult: "T_mult" } },
  warmup: { class: "LinearLR" },
  polynomial: { class: "PolynomialLR" },
  onecycle: { class: "OneCycleLR" },
  plateau: { class: "ReduceLROnPlateau" },
};

/**
 * The lr_scheduler class and arguments for a schedule spec on an optimizer whose lr is `baseLr`.
 * Every class but ReduceLROnPlateau is stepped after each update, as descent does; OneCycleLR
 * leaves the momentum alone (descent's schedule moves the lr only) and max_lr 0 means the base lr.
 */
export function torchSchedule(spec: Spec, baseLr: number): TorchClass {
  const entry = SCHEDULES[spec.name];
  const def = scheduleDef(spec.name);
  if (!entry) throw refuse(`schedule ${spec.name}`, "has no torch.optim.lr_scheduler class in PyTorch 1.13");
  const o = resolveOptions(`${def.name} schedule`, def.options, spec.options);
  const options: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(o)) options[entry.rename?.[key] ?? key] = value;
  if (spec.name === "onecycle") {
    if (options.max_lr === 0) options.max_lr = baseLr;
    options.cycle_momentum = false;
  }
  return { class: entry.class, options };
}

/** torch.nn loss classes; the script feeds logits, and column 0 of one-output models. */
export function torchLoss(loss: LossName): string {
  const classes: Record<LossName, string> = { mse: "MSELoss", mae: "L1Loss", bce: "BCEWithLogitsLoss", "cross-entropy": "CrossEntropyLoss" };
  const name = classes[loss];
  if (!name) throw refuse(`loss ${String(loss)}`, "has no torch.nn class that computes it the same way");
  return name;
}

const ACTIVATION_MODULES: Record<string, string> = { relu: "ReLU", tanh: "Tanh", sigmoid: "Sigmoid", identity: "Identity" };

/** Checks that the model is a stack of dense layers train.py can build; throws naming what is not. */
export function checkTorchModel(spec: ModelSpec): void {
  if (!["linear", "logistic", "softmax", "mlp"].includes(spec.kind)) {
    throw refuse(`model ${spec.kind}`, "is not a stack of dense layers, the only architecture train.py builds");
  }
  if (!(spec.activation in ACTIVATION_MODULES)) {
    throw refuse(`activation ${spec.activation}`, `has no torch.nn module with the same formula (exportable: ${Object.keys(ACTIVATION_MODULES).join(", ")})`);
  }
}
