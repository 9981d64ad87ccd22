/**
 * Model files: one JSON object with the architecture, the weights, the standardization, label
 * names and (optionally) the optimizer state, versioned so that a file from another version or a
 * damaged file is refused with one line instead of producing wrong predictions.
 */
import { standardizerFromJSON, standardizerToJSON, type StandardizerJSON } from "../data/index.js";
import { DataError, OptionError } from "../errors.js";
import { deserializeState, serializeState, type OptimizerState } from "../optim/index.js";
import { ACTIVATIONS, layerSizes, parameterNames, type Model, type ModelSpec, type Params } from "./model.js";

export const MODEL_FORMAT = "descent-model";
export const MODEL_VERSION = 1;

export interface ModelFileJSON {
  format: typeof MODEL_FORMAT;
  version: number;
  spec: ModelSpec;
  /** Row-major values per parameter ([in, out] for weights). */
  params: Record<string, number[]>;
  standardizer: StandardizerJSON | null;
  classes: string[] | null;
  featureNames: string[] | null;
  targetName: string | null;
  loss?: string;
  /** The optimizer's spec string and its state, so training can continue from the file. */
  optimizer?: { spec: string; state: unknown };
}

export interface SaveExtras {
  loss?: string;
  optimizer?: { spec: string; state: OptimizerState };
}

/** The model as plain JSON (float32 weights are written as the doubles they are, so they reload bit-exactly). */
export function modelToJSON(model: Model, extras: SaveExtras = {}): ModelFileJSON {
  const params: Record<string, number[]> = {};
  for (const name of parameterNames(model.spec)) params[name] = Array.from(model.params[name]!);
  return {
    format: MODEL_FORMAT,
    version: MODEL_VERSION,
    spec: model.spec,
    params,
    standardizer: model.standardizer ? standardizerToJSON(model.standardizer) : null,
    classes: model.classes ?? null,
    featureNames: model.featureNames ?? null,
    targetName: model.targetName ?? null,
    ...(extras.loss !== undefined ? { loss: extras.loss } : {}),
    ...(extras.optimizer ? { optimizer: { spec: extras.optimizer.spec, state: serializeState(extras.optimizer.state) } } : {}),
  };
}

function bad(source: string, why: string): DataError {
  return new DataError(`${source} is not a usable model file: ${why}`);
}

function checkSpec(spec: unknown, source: string): ModelSpec {
  const s = spec as Partial<ModelSpec> | null;
  const positive = (v: unknown) => Number.isInteger(v) && (v as number) >= 1;
  if (
    !s || !["linear", "logistic", "softmax", "mlp"].includes(s.kind as string) || !positive(s.inputs) || !positive(s.outputs) ||
    !Array.isArray(s.hidden) || !s.hidden.every(positive) || !ACTIVATIONS.includes(s.activation!) ||
    !["identity", "sigmoid", "softmax"].includes(s.head as string)
  ) {
    throw bad(source, "its architecture (spec) is missing or invalid");
  }
  return { kind: s.kind!, inputs: s.inputs!, hidden: [...s.hidden], activation: s.activation!, outputs: s.outputs!, head: s.head! };
}

/** Rebuilds a model from parsed JSON, checking the version and every parameter's size. */
export function modelFromJSON(json: unknown, source = "model"): { model: Model; loss?: string; optimizer?: { spec: string; state: OptimizerState } } {
  const o = json as Partial<ModelFileJSON> | null;
  if (!o || typeof o !== "object" || o.format !== MODEL_FORMAT) throw bad(source, `expected "format": "${MODEL_FORMAT}"`);
  if (o.version !== MODEL_VERSION) {
    throw new DataError(`${source} is a version ${String(o.version)} model file; this descent reads version ${MODEL_VERSION}`);
  }
  const spec = checkSpec(o.spec, source);
  const sizes = layerSizes(spec);
  const params: Params = {};
  for (const [i, name] of parameterNames(spec).entries()) {
    const l = i >> 1;
    const expected = i % 2 === 0 ? sizes[l]! * sizes[l + 1]! : sizes[l + 1]!;
    const values = o.params?.[name];
    if (!Array.isArray(values) || values.length !== expected || !values.every((v) => typeof v === "number" && Number.isFinite(v))) {
      throw bad(source, `parameter "${name}" should be ${expected} finite numbers`);
    }
    params[name] = Float32Array.from(values);
  }
  const model: Model = { spec, params };
  if (o.standardizer) {
    try {
      model.standardizer = standardizerFromJSON(o.standardizer);
    } catch {
      throw bad(source, "its standardizer is invalid");
    }
    if (model.standardizer.mean.length !== spec.inputs) throw bad(source, `its standardizer has ${model.standardizer.mean.length} features, the model ${spec.inputs}`);
  }
  const strings = (v: unknown): v is string[] => Array.isArray(v) && v.every((s) => typeof s === "string");
  if (o.classes != null) {
    if (!strings(o.classes)) throw bad(source, "its class names are invalid");
    model.classes = o.classes;
  }
  if (o.featureNames != null && strings(o.featureNames)) model.featureNames = o.featureNames;
  if (typeof o.targetName === "string") model.targetName = o.targetName;
  const optimizer = o.optimizer && typeof o.optimizer.spec === "string"
    ? { spec: o.optimizer.spec, state: deserializeState<OptimizerState>(o.optimizer.state) }
    : undefined;
  return { model, ...(typeof o.loss === "string" ? { loss: o.loss } : {}), ...(optimizer ? { optimizer } : {}) };
}
