/**
 * What the ONNX export supports, checked before any graph is built so an unsupported model fails
 * with one line naming the part that cannot be exported.
 */
import { encodedWidth } from "../data/index.js";
import { DescentError } from "../errors.js";
import { ACTIVATIONS, layerSizes, parameterNames, type Model } from "../train/index.js";
import { count } from "../util/plural.js";

const KINDS = ["linear", "logistic", "softmax", "mlp"];
const HEADS = ["identity", "sigmoid", "softmax"];

/** The error every unsupported model gets; `code` lets callers branch on it. */
export function unsupported(what: string): DescentError {
  return new DescentError(`cannot export this model to ONNX: ${what}`, "ONNX_UNSUPPORTED");
}

function positiveWhole(v: unknown): boolean {
  return Number.isInteger(v) && (v as number) >= 1;
}

/** Throws unless every part of `model` has an ONNX counterpart in the exporter. */
export function checkExportable(model: Model): void {
  const { spec } = model;
  if (!KINDS.includes(spec.kind)) throw unsupported(`model kind "${spec.kind}" is not supported (supported: ${KINDS.join(", ")})`);
  if (!HEADS.includes(spec.head)) throw unsupported(`output head "${spec.head}" is not supported (supported: ${HEADS.join(", ")})`);
  if (spec.hidden.length > 0 && !ACTIVATIONS.includes(spec.activation)) {
    throw unsupported(`activation "${spec.activation}" is not supported (supported: ${ACTIVATIONS.join(", ")})`);
  }
  if (!positiveWhole(spec.inputs) || !positiveWhole(spec.outputs) || !spec.hidden.every(positiveWhole)) {
    throw unsupported(`layer sizes [${layerSizes(spec).join(", ")}] must all be whole numbers >= 1`);
  }
  if (spec.head === "sigmoid" && spec.outputs !== 1) throw unsupported(`a sigmoid head needs 1 output, this model has ${spec.outputs}`);
  if (spec.head === "softmax" && spec.outputs < 2) throw unsupported(`a softmax head needs at least 2 outputs, this model has ${spec.outputs}`);
  const sizes = layerSizes(spec);
  for (const [i, name] of parameterNames(spec).entries()) {
    const l = i >> 1;
    const expected = i % 2 === 0 ? sizes[l]! * sizes[l + 1]! : sizes[l + 1]!;
    const values = model.params[name];
    if (!(values instanceof Float32Array) || values.length !== expected) {
      throw unsupported(`parameter "${name}" should be a Float32Array of ${expected} values`);
    }
    if (!values.every(Number.isFinite)) throw unsupported(`parameter "${name}" has non-finite values`);
  }
  const extra = Object.keys(model.params).filter((k) => !parameterNames(spec).includes(k));
  if (extra.length > 0) throw unsupported(`parameter "${extra[0]}" is not part of a ${spec.kind} model's layers`);
  if (model.columns && encodedWidth(model.columns) !== spec.inputs) {
    throw unsupported(`the model's columns encode to ${encodedWidth(model.columns)} inputs, its first layer takes ${spec.inputs}`);
  }
  const s = model.standardizer;
  if (s !== undefined) {
    if (s.mean.length !== spec.inputs || s.std.length !== spec.inputs) {
      throw unsupported(`the standardizer has ${count(s.mean.length, "feature")}, the model ${spec.inputs}`);
    }
    if (!s.mean.every(Number.isFinite) || !s.std.every((v) => Number.isFinite(v) && v > 0)) {
      throw unsupported("the standardizer needs finite means and positive finite standard deviations");
    }
  }
}
