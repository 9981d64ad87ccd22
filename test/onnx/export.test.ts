import { describe, test } from "node:test";
import assert from "node:assert/strict";
import * as ort from "onnxruntime-web";
import fc from "fast-check";
import { loadDataset } from "../../src/data/index.node.js";
import { DescentError } from "../../src/errors.js";
import { exportOnnx, ONNX_OPSET } from "../../src/onnx/index.js";
import { modelProtoType } from "../../src/onnx/schema.js";
import { createModel, prepareRun, train, type Activation, type Head, type Model } from "../../src/train/index.node.js";
import { Rng } from "../../src/random.js";
import { roundTrip } from "./helpers.js";

/** A model trained briefly on a bundled dataset (enough to move the weights well away from init). */
function trained(data: string, model: string, epochs = 8): { model: Model; features: Float32Array } {
  const run = prepareRun({ data, model, optimizer: "adam:lr=0.03", batchSize: 32, epochs, testSplit: 0.2, seed: 3 });
  train(run.model, run.train, { epochs, batchSize: 32, optimizer: run.optimizer, loss: run.loss, seed: 3 });
  return { model: run.model, features: loadDataset(data).features };
}

// Every model kind descent trains, each activation, on the bundled datasets (all rows scored).
const CASES: [string, string][] = [
  ["diabetes", "linear"],
  ["breast-cancer", "logistic"],
  ["iris", "softmax"],
  ["digits", "softmax"],
  ["digits", "mlp:32,16:relu"],
  ["wine", "mlp:8:tanh"],
  ["iris", "mlp:6:sigmoid"],
  ["breast-cancer", "mlp:4:identity"],
  ["diabetes", "mlp:8:relu"],
];

describe("ONNX export round trip through ONNX Runtime", () => {
  for (const [data, arch] of CASES) {
    test(`${arch} on ${data}: outputs equal descent's predictions`, async () => {
      const { model, features } = trained(data, arch);
      const r = await roundTrip(model, features);
      assert.equal(r.labelMismatches, 0);
      if (model.spec.head === "identity") {
        // Regression values reach ~300 on diabetes, where one float32 step is 3e-5: compare
        // |diff| ≤ 1e-5 · max(1, |value|), i.e. absolute below 1 and relative above.
        assert.ok(r.maxScaledDiff <= 1e-5, `scaled diff ${r.maxScaledDiff} (abs ${r.maxAbsDiff})`);
        assert.deepEqual(r.outputNames, ["prediction"]);
      } else {
        assert.ok(r.maxAbsDiff <= 1e-5, `max abs diff ${r.maxAbsDiff}`);
        assert.deepEqual([...r.outputNames].sort(), ["label", "probabilities"]);
      }
    });
  }

  test("random MLPs (any activation, head and sizes) round trip within 1e-5", async () => {
    const arb = fc.record({
      inputs: fc.integer({ min: 1, max: 6 }),
      hidden: fc.array(fc.integer({ min: 1, max: 5 }), { maxLength: 3 }),
      activation: fc.constantFrom<Activation>("relu", "tanh", "sigmoid", "identity"),
      head: fc.constantFrom<Head>("identity", "sigmoid", "softmax"),
      classes: fc.integer({ min: 2, max: 5 }),
      standardize: fc.boolean(),
      seed: fc.integer({ min: 1, max: 1e6 }),
    });
    await fc.assert(fc.asyncProperty(arb, async (c) => {
      const outputs = c.head === "sigmoid" ? 1 : c.head === "softmax" ? c.classes : 1;
      const rng = new Rng(c.seed);
      const model = createModel({ kind: "mlp", inputs: c.inputs, hidden: c.hidden, activation: c.activation, outputs, head: c.head }, "glorot-uniform", rng);
      for (const p of Object.values(model.params)) for (let i = 0; i < p.length; i++) p[i] = rng.normal();
      if (c.standardize) {
        model.standardizer = { mean: Float64Array.from({ length: c.inputs }, () => rng.normal() * 10), std: Float64Array.from({ length: c.inputs }, () => 0.1 + rng.uniform() * 5) };
      }
      const features = Float32Array.from({ length: 9 * c.inputs }, () => rng.normal() * 10);
      const r = await roundTrip(model, features);
      assert.equal(r.labelMismatches, 0);
      assert.ok(r.maxScaledDiff <= 1e-5, `scaled diff ${r.maxScaledDiff}`);
    }), { numRuns: 25, seed: 7 });
  });
});

describe("ONNX graph contract", () => {
  test("opset, named input with a symbolic batch dimension, typed outputs and metadata", () => {
    const { model } = trained("iris", "softmax", 1);
    const decoded = modelProtoType().decode(exportOnnx(model)).toJSON();
    assert.deepEqual(decoded.opset_import, [{ version: String(ONNX_OPSET) }]);
    assert.equal(decoded.producer_name, "descent");
    const input = decoded.graph.input[0];
    assert.equal(input.name, "features");
    assert.deepEqual(input.type.tensor_type.shape.dim, [{ dim_param: "batch" }, { dim_value: "4" }]);
    const outputs = Object.fromEntries(decoded.graph.output.map((o: any) => [o.name, o.type.tensor_type]));
    assert.equal(outputs.probabilities.elem_type, 1);
    assert.deepEqual(outputs.probabilities.shape.dim, [{ dim_param: "batch" }, { dim_value: "3" }]);
    assert.equal(outputs.label.elem_type, 7);
    const meta = Object.fromEntries(decoded.metadata_props.map((e: any) => [e.key, e.value]));
    assert.deepEqual(JSON.parse(meta.classes), ["setosa", "versicolor", "virginica"]);
    assert.equal(meta.model_kind, "softmax");
    assert.equal(meta.standardized, "true");
  });

  test("any batch size runs, including one row, and rows are independent", async () => {
    const { model, features } = trained("breast-cancer", "logistic", 2);
    const session = await ort.InferenceSession.create(exportOnnx(model), { logSeverityLevel: 3 });
    const all = await session.run({ features: new ort.Tensor("float32", features.subarray(0, 7 * 30), [7, 30]) });
    const one = await session.run({ features: new ort.Tensor("float32", features.slice(6 * 30, 7 * 30), [1, 30]) });
    assert.deepEqual(one.probabilities!.dims, [1, 2]);
    assert.deepEqual(Array.from(one.probabilities!.data as Float32Array), Array.from((all.probabilities!.data as Float32Array).subarray(12, 14)));
    const p = all.probabilities!.data as Float32Array;
    for (let i = 0; i < 7; i++) assert.ok(Math.abs(p[2 * i]! + p[2 * i + 1]! - 1) < 1e-6);
  });

  test("a model without standardization exports and round trips", async () => {
    const { model, features } = trained("iris", "mlp:5:tanh", 2);
    delete model.standardizer;
    const decoded = modelProtoType().decode(exportOnnx(model)).toJSON();
    assert.ok(!decoded.graph.node.some((n: any) => n.op_type === "Sub" || n.op_type === "Div"));
    const r = await roundTrip(model, features);
    assert.ok(r.maxAbsDiff <= 1e-5 && r.labelMismatches === 0);
  });
});

describe("ONNX export refuses what it cannot express", () => {
  const base = (): Model => trained("iris", "mlp:3:relu", 0).model;
  const refuse = (mutate: (m: Model) => void, message: RegExp) => {
    const model = base();
    mutate(model);
    assert.throws(() => exportOnnx(model), (e: unknown) => e instanceof DescentError && (e as DescentError).code === "ONNX_UNSUPPORTED" && message.test((e as Error).message) && !(e as Error).message.includes("\n"));
  };
  test("an unknown activation is named", () =>
    refuse((m) => ((m.spec as { activation: string }).activation = "swish"), /^cannot export this model to ONNX: activation "swish" is not supported \(supported: relu, tanh, sigmoid, identity\)$/));
  test("an unknown model kind is named", () => refuse((m) => ((m.spec as { kind: string }).kind = "convnet"), /model kind "convnet" is not supported/));
  test("an unknown head is named", () => refuse((m) => ((m.spec as { head: string }).head = "poisson"), /output head "poisson" is not supported/));
  test("a sigmoid head with several outputs", () => refuse((m) => (m.spec.head = "sigmoid"), /a sigmoid head needs 1 output, this model has 3/));
  test("non-finite weights", () => refuse((m) => (m.params["dense1.weight"]![2] = NaN), /parameter "dense1.weight" has non-finite values/));
  test("a parameter of the wrong size", () => refuse((m) => (m.params["dense0.bias"] = new Float32Array(2)), /parameter "dense0.bias" should be a Float32Array of 3 values/));
  test("a standardizer that does not fit the inputs", () =>
    refuse((m) => (m.standardizer = { mean: new Float64Array(2), std: new Float64Array([1, 1]) }), /the standardizer has 2 features, the model 4/));
});
