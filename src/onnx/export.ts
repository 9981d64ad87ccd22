/**
 * ONNX export: a descent model (its column encodings, standardization, dense layers, activations,
 * head and target unscaling) as an ONNX graph (opset 13, with ai.onnx.ml 2 for the encodings, IR
 * version 7) with a symbolic batch dimension, so any ONNX runtime (Python, Node, the browser)
 * computes from a file's columns the same predictions as `descent predict`.
 *
 * Graph contract:
 *  - inputs, `input: "columns"` (the default when the model records its columns): one per original
 *    feature column, named as the column, [batch, 1]: float32 for numbers (NaN for a missing cell),
 *    string for text categories (the cell as written), float32 for number-coded categories
 *    (src/onnx/columns.ts). `input: "encoded"`: one input `features` float32 [batch, inputs], the
 *    encoded vector (one-hot columns, imputed cells) before standardization.
 *  - regression:  `prediction`    float32 [batch] (or [batch, outputs] for several outputs)
 *  - classifiers: `probabilities` float32 [batch, classes] and `label` int64 [batch] (class index;
 *    the names are in the metadata entry `classes`). A logistic model gives [P(class 0), P(class 1)].
 */
import { ACTIVATIONS, layerSizes, type Activation, type Model } from "../train/index.js";
import { checkExportable, unsupported } from "./checks.js";
import { addColumnInputs, type ColumnInput } from "./columns.js";
import { GraphBuilder, ONNX_ML_DOMAIN } from "./graph-builder.js";
import { ONNX_FLOAT, ONNX_INT64, modelProtoType } from "./schema.js";

export const ONNX_OPSET = 13;
/** The ai.onnx.ml operator set the column encodings use (LabelEncoder's string keys need 2). */
export const ONNX_ML_OPSET = 2;
export const ONNX_IR_VERSION = 7;
/** Names of the encoded input and of the outputs (the contract above). */
export const ONNX_INPUT = "features";
export const ONNX_OUTPUTS = { prediction: "prediction", probabilities: "probabilities", label: "label" } as const;

/** The graph's inputs: one per original column, or the encoded vector. */
export type OnnxInputForm = "columns" | "encoded";

export interface ExportOnnxOptions {
  /**
   * "columns" (default when the model records its columns, as every model trained on a named
   * table does): one input per column, the encodings inside the graph. "encoded": one input
   * `features`, the encoded vector (the form of models without column records).
   */
  input?: OnnxInputForm;
  /** The graph's name. Default "descent-<kind>". */
  name?: string;
  /** Written as producer_version. Default "0.1.0". */
  producerVersion?: string;
}

const ACTIVATION_OPS: Record<Exclude<Activation, "identity">, string> = { relu: "Relu", tanh: "Tanh", sigmoid: "Sigmoid" };

/** The `--model` string that would build this architecture, for the metadata. */
function architectureName(model: Model): string {
  const { spec } = model;
  return spec.kind === "mlp" ? `mlp:${spec.hidden.join(",")}:${spec.activation}` : spec.kind;
}

/** Standardization, the dense layers and their activations; returns the last layer's outputs. */
function addNetwork(g: GraphBuilder, model: Model, encoded: string): string {
  const { spec, params, standardizer } = model;
  let h = encoded;
  if (standardizer) {
    const mean = g.floatConstant("standardizer.mean", [spec.inputs], standardizer.mean);
    const std = g.floatConstant("standardizer.std", [spec.inputs], standardizer.std);
    h = g.node("Div", [g.node("Sub", [h, mean], [], "centered"), std], [], "standardized");
  }
  const sizes = layerSizes(spec);
  const layers = sizes.length - 1;
  for (let l = 0; l < layers; l++) {
    const w = g.floatConstant(`dense${l}.weight`, [sizes[l]!, sizes[l + 1]!], params[`dense${l}.weight`]!);
    const b = g.floatConstant(`dense${l}.bias`, [sizes[l + 1]!], params[`dense${l}.bias`]!);
    h = g.node("Gemm", [h, w, b], [], l + 1 < layers ? `dense${l}` : "logits");
    if (l + 1 < layers && spec.activation !== "identity" && ACTIVATIONS.includes(spec.activation)) {
      h = g.node(ACTIVATION_OPS[spec.activation], [h], [], `dense${l}.${spec.activation}`);
    }
  }
  return h;
}

/** The head: values for regression, probabilities and a class index for classifiers. */
function addHead(g: GraphBuilder, model: Model, logits: string): void {
  const { spec } = model;
  const axis1 = (): string => g.int64Constant("axis_1", [1]);
  if (spec.head === "identity") {
    const t = model.targetScaling;
    if (t) {
      // Trained on a standardized target: back to the target's units, as descent's predict does.
      const scaled = g.node("Mul", [logits, g.floatConstant("target.scale", [], [t.scale])], [], "target_scaled");
      logits = g.node("Add", [scaled, g.floatConstant("target.mean", [], [t.mean])], [], "target_values");
    }
    if (spec.outputs === 1) {
      g.node("Squeeze", [logits, axis1()], [], ONNX_OUTPUTS.prediction);
      g.output(ONNX_OUTPUTS.prediction, ONNX_FLOAT, ["batch"], "predicted value per row");
    } else {
      g.node("Identity", [logits], [], ONNX_OUTPUTS.prediction);
      g.output(ONNX_OUTPUTS.prediction, ONNX_FLOAT, ["batch", spec.outputs], "predicted values per row");
    }
    return;
  }
  if (spec.head === "sigmoid") {
    // P(0) as sigmoid(−z) rather than 1 − P(1), so small probabilities keep their precision.
    const p1 = g.node("Sigmoid", [logits], [], "p_class1");
    const p0 = g.node("Sigmoid", [g.node("Neg", [logits], [], "neg_logits")], [], "p_class0");
    g.node("Concat", [p0, p1], [{ name: "axis", kind: "int", value: 1 }], ONNX_OUTPUTS.probabilities);
    // The label comes from the logit (z > 0 is class 1), as in descent, not from rounded probabilities.
    const zero = g.floatConstant("zero", [], [0]);
    const positive = g.node("Greater", [logits, zero], [], "logit_positive");
    const asInt = g.node("Cast", [positive], [{ name: "to", kind: "int", value: ONNX_INT64 }], "label_column");
    g.node("Squeeze", [asInt, axis1()], [], ONNX_OUTPUTS.label);
  } else {
    g.node("Softmax", [logits], [{ name: "axis", kind: "int", value: 1 }], ONNX_OUTPUTS.probabilities);
    // ArgMax picks the first of tied maxima, as descent does.
    g.node("ArgMax", [logits], [{ name: "axis", kind: "int", value: 1 }, { name: "keepdims", kind: "int", value: 0 }], ONNX_OUTPUTS.label);
  }
  const classes = spec.head === "sigmoid" ? 2 : spec.outputs;
  g.output(ONNX_OUTPUTS.probabilities, ONNX_FLOAT, ["batch", classes], "class probabilities per row (names in metadata \"classes\")");
  g.output(ONNX_OUTPUTS.label, ONNX_INT64, ["batch"], "predicted class index per row");
}

function metadata(model: Model, form: OnnxInputForm): { key: string; value: string }[] {
  const entries: { key: string; value: string }[] = [
    { key: "model_kind", value: model.spec.kind },
    { key: "architecture", value: architectureName(model) },
    { key: "standardized", value: model.standardizer ? "true" : "false" },
    { key: "input", value: form },
  ];
  if (model.classes) entries.push({ key: "classes", value: JSON.stringify(model.classes) });
  if (model.featureNames) entries.push({ key: "feature_names", value: JSON.stringify(model.featureNames) });
  if (model.columns) entries.push({ key: "columns", value: JSON.stringify(model.columns) });
  if (model.targetName !== undefined) entries.push({ key: "target_name", value: model.targetName });
  return entries;
}

/** The input form an export uses: the one asked for, else columns when the model records them. */
export function onnxInputForm(model: Model, asked?: OnnxInputForm): OnnxInputForm {
  if (asked !== undefined && asked !== "columns" && asked !== "encoded") throw unsupported(`input form "${String(asked)}" is not one of columns, encoded`);
  if (asked === "columns" && !model.columns) {
    throw unsupported("the model records no feature columns (a model file of version 1, or trained on arrays), so its graph can only take the encoded vector: use input \"encoded\"");
  }
  return asked ?? (model.columns ? "columns" : "encoded");
}

/** The graph's inputs as `exportOnnx` writes them, for summaries. */
export interface OnnxExport {
  bytes: Uint8Array;
  form: OnnxInputForm;
  /** Each input's name and element type ("features" alone for the encoded form). */
  inputs: ColumnInput[] | [{ name: typeof ONNX_INPUT; type: "float32"; width: number }];
}

/**
 * The model as ONNX bytes (a serialized ModelProto). Throws a DescentError (code
 * "ONNX_UNSUPPORTED") naming the part that has no ONNX counterpart.
 */
export function exportOnnx(model: Model, options: ExportOnnxOptions = {}): Uint8Array {
  return exportOnnxGraph(model, options).bytes;
}

/** `exportOnnx` with a description of the inputs it wrote. */
export function exportOnnxGraph(model: Model, options: ExportOnnxOptions = {}): OnnxExport {
  checkExportable(model);
  const form = onnxInputForm(model, options.input);
  const g = new GraphBuilder();
  let encoded: string;
  let inputs: OnnxExport["inputs"];
  if (form === "columns") {
    const columns = addColumnInputs(g, model.columns!);
    encoded = columns.encoded;
    inputs = columns.inputs;
  } else {
    encoded = g.input(ONNX_INPUT, ONNX_FLOAT, ["batch", model.spec.inputs], "encoded feature rows (one-hot columns, imputed cells; standardized inside the graph)");
    inputs = [{ name: ONNX_INPUT, type: "float32", width: model.spec.inputs }];
  }
  addHead(g, model, addNetwork(g, model, encoded));
  const clash = g.clashingInputs();
  if (clash.length > 0) {
    throw unsupported(`column "${clash[0]}" has the name of a value inside the graph (an output, or another column); rename it, or use input "encoded"`);
  }
  const graphName = options.name ?? `descent-${model.spec.kind}`;
  const ModelProto = modelProtoType();
  const message = ModelProto.fromObject({
    ir_version: ONNX_IR_VERSION,
    producer_name: "descent",
    producer_version: options.producerVersion ?? "0.1.0",
    model_version: 1,
    doc_string: `${architectureName(model)} exported by descent`,
    opset_import: [{ domain: "", version: ONNX_OPSET }, ...(g.uses(ONNX_ML_DOMAIN) ? [{ domain: ONNX_ML_DOMAIN, version: ONNX_ML_OPSET }] : [])],
    graph: g.build(graphName, `${architectureName(model)}: ${layerSizes(model.spec).join(" → ")}`),
    metadata_props: metadata(model, form),
  });
  return { bytes: ModelProto.encode(message).finish(), form, inputs };
}
