/**
 * The one place that translates descent's preprocessing record for PyTorch. The export stores the
 * model file's own record (spec, standardization, class names, feature and target names: whatever
 * `modelToJSON` writes, without the weights) in preprocessing.json and in every checkpoint's
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

/** What train.py reads to prepare features: the values, named for Python. */
export interface TorchPreprocessing {
  /** (x − mean) / std per feature, in float64 then rounded to float32, as descent does. */
  standardize: { mean: number[]; std: number[] } | null;
  classes: string[] | null;
  featureNames: string[] | null;
  targetName: string | null;
}

export function torchPreprocessing(record: ModelRecord): TorchPreprocessing {
  return {
    standardize: record.standardizer,
    classes: record.classes,
    featureNames: record.featureNames,
    targetName: record.targetName,
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
