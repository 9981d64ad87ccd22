/**
 * The one place that translates descent's preprocessing record for PyTorch. The export stores the
 * model file's own record (spec and preprocessing: column encodings, imputation, scaling, target
 * classes or scaling; whatever `modelToJSON` writes, without the weights) in preprocessing.json and in every checkpoint's
 * metadata; train.py applies the values it finds there (never refits them), and import rebuilds a
 * model file from the record plus the trained weights, so both follow the model file's format.
 */
import { DataError } from "../errors.js";
import { modelFromJSON, modelToJSON, type Model, type ModelFileJSON } from "../train/index.js";

/** A model file without its weights (and without optimizer state). */
export type ModelRecord = Omit<ModelFileJSON, "params" | "optimizer">;

export function modelRecord(model: Model, loss: string): ModelRecord {
  const { params: _params, optimizer: _optimizer, ...record } = modelToJSON(model, { loss });
  return record;
}

/** What train.py reads to prepare features and targets: the values, named for Python. */
export interface TorchPreprocessing {
  /** (x − mean) / std per model input, in float64 then rounded to float32, as descent does. */
  standardize: { mean: number[]; std: number[] } | null;
  /** Regression on a standardized target: trained on (y − mean) / scale, predictions × scale + mean. */
  target_scaling: { mean: number; scale: number } | null;
  classes: string[] | null;
  /** How file columns became the inputs (categories, imputation values), for reference: the rows in
   * data.safetensors are already encoded this way. */
  columns: unknown;
  featureNames: string[] | null;
  targetName: string | null;
}

export function torchPreprocessing(record: ModelRecord): TorchPreprocessing {
  const pre = record.preprocessing;
  const target = pre.target;
  const scaled = target.mean !== undefined && target.scale !== undefined;
  return {
    standardize: pre.scaling,
    target_scaling: scaled ? { mean: target.mean!, scale: target.scale! } : null,
    classes: target.classes ?? null,
    columns: pre.columns,
    featureNames: pre.columns ? pre.columns.map((c) => c.name) : null,
    targetName: target.name,
  };
}

/**
 * A descent model from a record and row-major descent-layout parameters; the model file's own
 * checks (version, sizes, finite values) apply.
 */
export function modelFromRecord(record: unknown, params: Record<string, number[]>, source: string): { model: Model; loss?: string } {
  if (!record || typeof record !== "object") throw new DataError(`${source} carries no descent model record`);
  return modelFromJSON({ ...(record as object), params }, source);
}
