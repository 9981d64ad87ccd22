/**
 * Models as data: a spec (architecture) plus named float32 parameter arrays ("dense0.weight",
 * "dense0.bias", …). Parameters are plain typed arrays so optimizers update them in place and
 * their state is keyed by the same names; the forward pass wraps them as tensors without copying.
 */
import { Tensor, fromData, relu, sigmoid, tanh } from "../autodiff/index.js";
import type { ColumnEncoding, Standardizer } from "../data/index.js";
import { OptionError } from "../errors.js";
import type { Rng } from "../random.js";
import { dense } from "./dense-op.js";
import { initWeights, type InitName } from "./init.js";
import type { TargetScale } from "./target-scale.js";

export type ModelKind = "linear" | "logistic" | "softmax" | "mlp" | "custom";
export type Activation = "relu" | "tanh" | "sigmoid" | "identity";
export const ACTIVATIONS: readonly Activation[] = ["relu", "tanh", "sigmoid", "identity"];
/** How outputs become predictions: values, P(class 1) from one logit, or a class from k logits. */
export type Head = "identity" | "sigmoid" | "softmax";

export interface ModelSpec {
  kind: ModelKind;
  inputs: number;
  /** Hidden layer widths (empty for the linear models). */
  hidden: number[];
  /** Activation between hidden layers. */
  activation: Activation;
  outputs: number;
  head: Head;
  /** A custom model's network (kind "custom"): its forward pass and parameter shapes. */
  network?: Network;
}

/** Any network as a function of a parameter record and a batch (see `defineModel`). */
export interface Network {
  /** The outputs before the head (logits for classifiers), [m × outputs], from x [m × inputs]. */
  forward(params: ParamTensors, x: Tensor): Tensor;
  /** Each parameter's shape, by name (the order optimizers and checkpoints see). */
  shapes: Record<string, number[]>;
}

export type Params = Record<string, Float32Array>;

/** A model with everything needed to predict from raw feature rows. */
export interface Model {
  spec: ModelSpec;
  params: Params;
  /** Applied to raw features before the first layer, when present. */
  standardizer?: Standardizer;
  /** Label names by class index, for classifiers. */
  classes?: string[];
  /** Names of the model inputs (after one-hot encoding: `city=Paris`). */
  featureNames?: string[];
  targetName?: string;
  /** How file columns become the inputs (data/preprocess.ts); absent: the inputs are the columns. */
  columns?: ColumnEncoding[];
  /** Regression on a standardized target: predictions are output × scale + mean. */
  targetScaling?: TargetScale;
}

/** A parsed `--model` value before the data fixes input and output sizes. */
export interface ArchitectureChoice {
  kind: ModelKind;
  hidden: number[];
  activation: Activation;
}

/** Parses `linear`, `logistic`, `softmax`, `mlp:64,32` or `mlp:64,32:tanh`. */
export function parseArchitecture(raw: string): ArchitectureChoice {
  const [kind, layers, act, ...rest] = raw.split(":").map((s) => s.trim());
  if (kind === "linear" || kind === "logistic" || kind === "softmax") {
    if (layers !== undefined) throw new OptionError(`invalid --model "${raw}": ${kind} takes no layers (did you mean mlp:${layers}?)`);
    return { kind, hidden: [], activation: "identity" };
  }
  if (kind !== "mlp") throw new OptionError(`unknown model "${raw}" (valid: linear, logistic, softmax, mlp:UNITS[,UNITS…][:ACTIVATION])`);
  if (layers === undefined || layers === "" || rest.length > 0) {
    throw new OptionError(`invalid --model "${raw}": expected mlp:UNITS[,UNITS…][:ACTIVATION], e.g. mlp:64,32:relu`);
  }
  const hidden = layers.split(",").map((u) => {
    const v = Number(u.trim());
    if (!Number.isInteger(v) || v < 1 || u.trim() === "") {
      throw new OptionError(`invalid --model "${raw}": layer width "${u}" must be a whole number >= 1`);
    }
    return v;
  });
  const activation = (act ?? "relu") as Activation;
  if (!ACTIVATIONS.includes(activation)) {
    throw new OptionError(`invalid --model "${raw}": unknown activation "${act}" (valid: ${ACTIVATIONS.join(", ")})`);
  }
  return { kind: "mlp", hidden, activation };
}

/**
 * Fixes an architecture to the data: inputs from the features, outputs and head from the task.
 * A logistic regression needs exactly two classes; an MLP classifies with a softmax head.
 */
export function specFor(choice: ArchitectureChoice, inputs: number, task: "classification" | "regression", classCount: number): ModelSpec {
  const base = { kind: choice.kind, inputs, hidden: choice.hidden, activation: choice.activation };
  if (task === "regression") {
    if (choice.kind === "logistic" || choice.kind === "softmax") {
      throw new OptionError(`model ${choice.kind} classifies, but the target is numeric (use linear or mlp)`);
    }
    return { ...base, outputs: 1, head: "identity" };
  }
  if (choice.kind === "linear") throw new OptionError(`model linear is for numeric targets; this target has classes (use logistic, softmax or mlp)`);
  if (choice.kind === "logistic") {
    if (classCount !== 2) throw new OptionError(`model logistic needs 2 classes, the target has ${classCount} (use softmax)`);
    return { ...base, outputs: 1, head: "sigmoid" };
  }
  return { ...base, outputs: classCount, head: "softmax" };
}

/** Layer widths from input to output. */
export function layerSizes(spec: ModelSpec): number[] {
  return [spec.inputs, ...spec.hidden, spec.outputs];
}

/** Parameter names in layer order: dense0.weight, dense0.bias, dense1.weight, … (a custom model's own names). */
export function parameterNames(spec: ModelSpec): string[] {
  if (spec.network) return Object.keys(spec.network.shapes);
  return layerSizes(spec).slice(1).flatMap((_, i) => [`dense${i}.weight`, `dense${i}.bias`]);
}

/** Each parameter's row-major shape: a dense weight [inputs, outputs], a bias [outputs] (muon reads the weights as matrices). */
export function parameterShapes(spec: ModelSpec): Record<string, number[]> {
  if (spec.network) return Object.fromEntries(Object.entries(spec.network.shapes).map(([k, v]) => [k, [...v]]));
  const sizes = layerSizes(spec);
  const shapes: Record<string, number[]> = {};
  for (let l = 0; l + 1 < sizes.length; l++) {
    shapes[`dense${l}.weight`] = [sizes[l]!, sizes[l + 1]!];
    shapes[`dense${l}.bias`] = [sizes[l + 1]!];
  }
  return shapes;
}

/**
 * A fresh model: weights drawn with `init` (fanIn×fanOut, stored row-major [in, out]) and zero
 * biases. Layers are initialised in order, so the same seed gives the same weights.
 */
export function createModel(spec: ModelSpec, init: InitName, rng: Rng): Model {
  checkCreateArguments(spec, rng);
  const sizes = layerSizes(spec);
  for (const [i, units] of sizes.entries()) {
    if (!Number.isInteger(units) || units < 1) {
      throw new OptionError(`layer ${i} of the model has ${units} units; every layer needs at least 1`);
    }
  }
  const params: Params = {};
  for (let l = 0; l + 1 < sizes.length; l++) {
    const fanIn = sizes[l]!;
    const fanOut = sizes[l + 1]!;
    params[`dense${l}.weight`] = initWeights(new Float32Array(fanIn * fanOut), fanIn, fanOut, init, rng);
    params[`dense${l}.bias`] = new Float32Array(fanOut);
  }
  return { spec, params };
}

/** A name or a dataset where a spec belongs (`createModel("softmax", ds)`) is a typed error saying what to pass. */
function checkCreateArguments(spec: unknown, rng: unknown): void {
  const s = spec as Partial<ModelSpec> | null;
  if (typeof s !== "object" || s === null || typeof s.kind !== "string" || !Array.isArray(s.hidden) || typeof s.inputs !== "number" || typeof s.outputs !== "number") {
    const got = typeof spec === "string" ? `"${spec}"` : s === null ? "null" : typeof spec;
    throw new OptionError(
      `createModel(spec, init, rng) needs a ModelSpec, not ${got}: build one with specFor(parseArchitecture("softmax"), ds.d, ds.task, ds.classes?.length ?? 0), ` +
        "then createModel(spec, \"glorot-uniform\", new Rng(1))",
    );
  }
  if (typeof (rng as Rng | null)?.next !== "function") throw new OptionError("createModel(spec, init, rng) needs a random generator as its third argument, e.g. new Rng(1)");
}

/** The tensors a forward pass reads: one per parameter, sharing the arrays. */
export type ParamTensors = Record<string, Tensor>;

export function paramTensors(spec: ModelSpec, params: Params): ParamTensors {
  const out: ParamTensors = {};
  const shapes = spec.network?.shapes;
  if (shapes) {
    for (const name of Object.keys(shapes)) out[name] = fromData(params[name]!, shapes[name]!);
    return out;
  }
  const sizes = layerSizes(spec);
  for (let l = 0; l + 1 < sizes.length; l++) {
    out[`dense${l}.weight`] = fromData(params[`dense${l}.weight`]!, [sizes[l]!, sizes[l + 1]!]);
    out[`dense${l}.bias`] = fromData(params[`dense${l}.bias`]!, [sizes[l + 1]!]);
  }
  return out;
}

/** What `defineModel` takes: the network as a function, its first parameters, and the task's sizes. */
export interface ModelDefinition {
  /** The initial parameters by name (float32; copied). */
  params: Record<string, Tensor>;
  /** The outputs before the head, [m × outputs], from the parameter record and a batch x [m × inputs]. */
  forward(params: ParamTensors, x: Tensor): Tensor;
  inputs: number;
  outputs: number;
  /** How outputs become predictions (default: identity for 1 output, softmax for more). */
  head?: Head;
}

/**
 * A model from any function of a parameter record and a batch, for `train()`: its batch gradient
 * is the same compiled `jit(valueAndGrad(...))` step as the built-in models'. It trains, scores
 * and predicts like them; it cannot be saved to a model file or exported.
 */
export function defineModel(d: ModelDefinition): Model {
  if (typeof d?.forward !== "function") throw new OptionError("defineModel needs forward(params, x), a function of the parameter record and a batch");
  for (const key of ["inputs", "outputs"] as const) {
    if (!Number.isInteger(d[key]) || d[key] < 1) throw new OptionError(`defineModel: ${key} must be a whole number >= 1, got ${d[key]}`);
  }
  const params: Params = {};
  const shapes: Record<string, number[]> = {};
  for (const [name, t] of Object.entries(d.params ?? {})) {
    if (!(t instanceof Tensor) || t.dtype !== "float32") throw new OptionError(`defineModel: parameter "${name}" must be a float32 tensor`);
    params[name] = Float32Array.from(t.data);
    shapes[name] = [...t.shape];
  }
  if (Object.keys(params).length === 0) throw new OptionError("defineModel needs at least one parameter");
  const head = d.head ?? (d.outputs === 1 ? "identity" : "softmax");
  return { spec: { kind: "custom", inputs: d.inputs, hidden: [], activation: "identity", outputs: d.outputs, head, network: { forward: d.forward, shapes } }, params };
}

function activate(x: Tensor, activation: Activation): Tensor {
  switch (activation) {
    case "relu": return relu(x);
    case "tanh": return tanh(x);
    case "sigmoid": return sigmoid(x);
    case "identity": return x;
  }
}

/**
 * The network's outputs before the head (logits for classifiers), [m × outputs]. Backpropagation
 * through this is the chain rule layer by layer, done by the autodiff engine.
 */
export function forward(spec: ModelSpec, p: ParamTensors, x: Tensor): Tensor {
  if (spec.network) return spec.network.forward(p, x);
  const layers = spec.hidden.length + 1;
  let h = x;
  for (let l = 0; l < layers; l++) {
    h = dense(h, p[`dense${l}.weight`]!, p[`dense${l}.bias`]!);
    if (l + 1 < layers) h = activate(h, spec.activation);
  }
  return h;
}
