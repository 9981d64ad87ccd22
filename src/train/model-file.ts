/**
 * Model files: one JSON object with the architecture, the weights, the whole preprocessing (column
 * roles, categories, imputation values, scaling, target classes or scaling) and (optionally) the
 * optimizer state, versioned so that a damaged file or one from a newer descent is refused with
 * one line instead of producing wrong predictions. Version 1 files (no column encodings) still load.
 * The format is documented in ARCHITECTURE.md ("Model file").
 */
import {
  encodedNames, encodedWidth, standardizerFromJSON, standardizerToJSON, type ColumnEncoding, type StandardizerJSON, type TargetEncoding,
} from "../data/index.js";
import { DataError, OptionError } from "../errors.js";
import { deserializeState, serializeState, type OptimizerState } from "../optim/index.js";
import { ACTIVATIONS, layerSizes, parameterNames, type Model, type ModelSpec, type Params } from "./model.js";
import { count } from "../util/plural.js";

export const MODEL_FORMAT = "descent-model";
export const MODEL_VERSION = 2;
/** Versions this descent reads: 1 (features as columns, no encodings) and 2. */
const READABLE_VERSIONS = [1, 2];

/** How file columns become the model's inputs, and what its outputs mean (version 2). */
export interface PreprocessingJSON {
  /** Feature columns in the order their encoded values enter the model; null when unnamed. */
  columns: ColumnEncoding[] | null;
  /** Applied to the encoded inputs: (x − mean) / std, one entry per model input. */
  scaling: StandardizerJSON | null;
  target: TargetEncoding;
}

export interface ModelFileJSON {
  format: typeof MODEL_FORMAT;
  version: number;
  spec: ModelSpec;
  /** Row-major values per parameter ([in, out] for weights). */
  params: Record<string, number[]>;
  preprocessing: PreprocessingJSON;
  loss?: string;
  /** The optimizer's spec string and its state, so training can continue from the file. */
  optimizer?: { spec: string; state: unknown };
}

/** Version 1's fields, read when loading older files. */
interface ModelFileV1 {
  standardizer?: StandardizerJSON | null;
  classes?: string[] | null;
  featureNames?: string[] | null;
  targetName?: string | null;
}

export interface SaveExtras {
  loss?: string;
  optimizer?: { spec: string; state: OptimizerState };
}

/** The model as plain JSON (float32 weights are written as the doubles they are, so they reload bit-exactly). */
export function modelToJSON(model: Model, extras: SaveExtras = {}): ModelFileJSON {
  if (model.spec.network) throw new OptionError("a custom model (defineModel) cannot be written to a model file: its network is a function; save its params yourself");
  const params: Record<string, number[]> = {};
  for (const name of parameterNames(model.spec)) params[name] = Array.from(model.params[name]!);
  return {
    format: MODEL_FORMAT,
    version: MODEL_VERSION,
    spec: model.spec,
    params,
    preprocessing: preprocessingOf(model),
    ...(extras.loss !== undefined ? { loss: extras.loss } : {}),
    ...(extras.optimizer ? { optimizer: { spec: extras.optimizer.spec, state: serializeState(extras.optimizer.state) } } : {}),
  };
}

/** The model's preprocessing record; a model without encodings has one numeric column per input. */
function preprocessingOf(model: Model): PreprocessingJSON {
  const columns = model.columns ?? model.featureNames?.map((name): ColumnEncoding => ({ name, kind: "numeric" })) ?? null;
  const classification = model.spec.head !== "identity";
  const target: TargetEncoding = { name: model.targetName ?? "target", task: classification ? "classification" : "regression" };
  if (classification && model.classes) target.classes = model.classes;
  if (!classification && model.targetScaling) {
    target.mean = model.targetScaling.mean;
    target.scale = model.targetScaling.scale;
  }
  return { columns, scaling: model.standardizer ? standardizerToJSON(model.standardizer) : null, target };
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
  const o = json as (Partial<ModelFileJSON> & ModelFileV1) | null;
  if (!o || typeof o !== "object" || o.format !== MODEL_FORMAT) throw bad(source, `expected "format": "${MODEL_FORMAT}"`);
  if (!READABLE_VERSIONS.includes(o.version as number)) {
    throw new DataError(`${source} is a version ${String(o.version)} model file; this descent reads versions ${READABLE_VERSIONS.join(" and ")}`);
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
  const pre: Partial<PreprocessingJSON> = o.version === 1 ? fromVersion1(o) : (o.preprocessing ?? {});
  if (pre === null || typeof pre !== "object") throw bad(source, "its preprocessing is missing");
  if (pre.scaling) {
    try {
      model.standardizer = standardizerFromJSON(pre.scaling);
    } catch {
      throw bad(source, "its scaling is invalid");
    }
    if (model.standardizer.mean.length !== spec.inputs) throw bad(source, `its scaling has ${count(model.standardizer.mean.length, "feature")}, the model ${spec.inputs}`);
  }
  const strings = (v: unknown): v is string[] => Array.isArray(v) && v.every((s) => typeof s === "string");
  if (pre.columns != null) {
    const columns = checkColumns(pre.columns, source);
    if (encodedWidth(columns) !== spec.inputs) throw bad(source, `its columns encode to ${encodedWidth(columns)} inputs, the model has ${spec.inputs}`);
    model.featureNames = encodedNames(columns);
    // Version 1 files name their inputs only: they stay without encodings (inputs are the columns).
    if (o.version !== 1) model.columns = columns;
  }
  const target = pre.target;
  if (target && typeof target === "object") {
    if (typeof target.name === "string") model.targetName = target.name;
    if (target.classes != null) {
      if (!strings(target.classes)) throw bad(source, "its class names are invalid");
      model.classes = target.classes;
    }
    if (target.mean !== undefined || target.scale !== undefined) {
      if (!Number.isFinite(target.mean) || !(Number.isFinite(target.scale) && target.scale! > 0)) throw bad(source, "its target scaling is invalid");
      model.targetScaling = { mean: target.mean!, scale: target.scale! };
    }
  }
  const optimizer = o.optimizer && typeof o.optimizer.spec === "string"
    ? { spec: o.optimizer.spec, state: deserializeState<OptimizerState>(o.optimizer.state) }
    : undefined;
  return { model, ...(typeof o.loss === "string" ? { loss: o.loss } : {}), ...(optimizer ? { optimizer } : {}) };
}

/** A version 1 file's fields as a version 2 preprocessing record. */
function fromVersion1(o: ModelFileV1): Partial<PreprocessingJSON> {
  const names = Array.isArray(o.featureNames) ? o.featureNames : null;
  return {
    columns: names ? names.map((name) => ({ name: String(name), kind: "numeric" as const })) : null,
    scaling: o.standardizer ?? null,
    target: {
      name: typeof o.targetName === "string" ? o.targetName : "target",
      task: o.classes ? "classification" : "regression",
      ...(o.classes ? { classes: o.classes } : {}),
    },
  };
}

function checkColumns(columns: unknown, source: string): ColumnEncoding[] {
  if (!Array.isArray(columns)) throw bad(source, "its columns are invalid");
  return columns.map((c: Partial<ColumnEncoding> & { categories?: unknown; impute?: unknown }, j): ColumnEncoding => {
    if (!c || typeof c.name !== "string") throw bad(source, `column ${j + 1} has no name`);
    if (c.kind === "numeric") {
      if (c.impute !== undefined && !Number.isFinite(c.impute)) throw bad(source, `column "${c.name}" has an invalid imputation value`);
      return { name: c.name, kind: "numeric", ...(c.impute !== undefined ? { impute: c.impute as number } : {}) };
    }
    if (c.kind === "categorical" && Array.isArray(c.categories) && c.categories.every((k) => typeof k === "string")) {
      if (c.impute !== undefined && typeof c.impute !== "string") throw bad(source, `column "${c.name}" has an invalid imputation value`);
      return { name: c.name, kind: "categorical", categories: c.categories as string[], ...(c.impute !== undefined ? { impute: c.impute as string } : {}) };
    }
    throw bad(source, `column "${c.name}" has an invalid encoding`);
  });
}
