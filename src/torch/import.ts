/**
 * `descent import --torch CHECKPOINT`: weights trained in PyTorch back into a descent model. The
 * checkpoint is a safetensors file as the exported train.py writes it (its metadata carries the
 * model record), or any safetensors state_dict of the same layers with `like` naming a descent
 * model file that supplies the architecture and preprocessing.
 */
import { DataError, ShapeError } from "../errors.js";
import { layerSizes, parameterNames, type Model, type ModelSpec } from "../train/index.js";
import { modelFromRecord } from "./preprocessing.js";
import { readSafetensors } from "./safetensors.js";

/** torch.nn.Linear's [out, in] back to descent's [in, out]. */
function fromTorchLayout(w: ArrayLike<number>, out: number, inputs: number): number[] {
  const values = new Array<number>(w.length);
  for (let j = 0; j < out; j++) for (let i = 0; i < inputs; i++) values[i * out + j] = w[j * inputs + i]!;
  return values;
}

export function importTorch(path: string, like?: { record: unknown }): { model: Model; loss?: string } {
  const file = readSafetensors(path);
  let record: unknown = like?.record;
  if (record === undefined) {
    const text = file.metadata.descent;
    if (text === undefined) {
      throw new DataError(`${path} carries no descent model record (it was not written by an exported train.py); give --like MODEL.json for its architecture and preprocessing`);
    }
    try {
      record = JSON.parse(text);
    } catch {
      throw new DataError(`${path}: its descent model record is not valid JSON`);
    }
  }
  const spec = (record as { spec?: ModelSpec } | null)?.spec;
  if (!spec || !Array.isArray(spec.hidden)) throw new DataError(`${path}: the model record has no architecture (spec)`);
  const tensors = new Map(Object.entries(file.tensors).map(([name, t]) => [name.replace(/^module\./, ""), t]));
  const sizes = layerSizes(spec);
  const params: Record<string, number[]> = {};
  for (const [i, name] of parameterNames(spec).entries()) {
    const l = i >> 1;
    const expected = i % 2 === 0 ? [sizes[l + 1]!, sizes[l]!] : [sizes[l + 1]!];
    const t = tensors.get(name);
    if (!t) throw new ShapeError(`${path} has no tensor "${name}"; the model needs [${expected.join(", ")}]`);
    if (t.dtype !== "F32" && t.dtype !== "F64") throw new ShapeError(`${path}: "${name}" holds ${t.dtype}, expected floats`);
    if (t.shape.length !== expected.length || t.shape.some((v, k) => v !== expected[k])) {
      throw new ShapeError(`${path}: "${name}" has shape [${t.shape.join(", ")}], the model needs [${expected.join(", ")}]`);
    }
    params[name] = i % 2 === 0 ? fromTorchLayout(Float32Array.from(t.data as Float32Array), sizes[l + 1]!, sizes[l]!) : Array.from(Float32Array.from(t.data as Float32Array));
  }
  return modelFromRecord(record, params, path);
}
