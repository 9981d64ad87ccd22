import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { checkGradient, fromData, tensor, type Tensor } from "../../src/autodiff/index.js";
import {
  createModel, forward, lossFunction, parameterNames, parseArchitecture, predict, specFor, type Activation, type LossName, type ModelSpec,
} from "../../src/train/index.js";
import { Rng } from "../../src/random.js";
import { OptionError } from "../../src/errors.js";

describe("architecture strings", () => {
  test("linear models and MLPs", () => {
    assert.deepEqual(parseArchitecture("logistic"), { kind: "logistic", hidden: [], activation: "identity" });
    assert.deepEqual(parseArchitecture("mlp:64,32"), { kind: "mlp", hidden: [64, 32], activation: "relu" });
    assert.deepEqual(parseArchitecture("mlp:8:tanh"), { kind: "mlp", hidden: [8], activation: "tanh" });
  });
  test("zero units, bad activations and unknown kinds are OptionErrors", () => {
    assert.throws(() => parseArchitecture("mlp:64,0"), (e: unknown) => e instanceof OptionError && /"0" must be a whole number >= 1/.test(e.message));
    assert.throws(() => parseArchitecture("mlp:4:swish"), /unknown activation "swish"/);
    assert.throws(() => parseArchitecture("svm"), /unknown model "svm"/);
    assert.throws(() => parseArchitecture("mlp"), /expected mlp:UNITS/);
  });
  test("the data fixes inputs, outputs and the head", () => {
    assert.deepEqual(specFor(parseArchitecture("logistic"), 30, "classification", 2), { kind: "logistic", inputs: 30, hidden: [], activation: "identity", outputs: 1, head: "sigmoid" });
    assert.equal(specFor(parseArchitecture("mlp:4"), 3, "classification", 3).head, "softmax");
    assert.throws(() => specFor(parseArchitecture("logistic"), 3, "classification", 3), /needs 2 classes/);
    assert.throws(() => specFor(parseArchitecture("linear"), 3, "classification", 2), /numeric targets/);
    assert.throws(() => specFor(parseArchitecture("softmax"), 3, "regression", 0), /target is numeric/);
  });
});

describe("initialisation", () => {
  const spec: ModelSpec = { kind: "mlp", inputs: 100, hidden: [50], activation: "relu", outputs: 10, head: "softmax" };
  test("glorot-uniform stays inside ±√(6/(in+out)) and has its variance; biases are zero", () => {
    const m = createModel(spec, "glorot-uniform", new Rng(1));
    const w = m.params["dense0.weight"]!;
    const limit = Math.sqrt(6 / 150);
    assert.ok(w.every((v) => Math.abs(v) <= limit));
    const variance = w.reduce((s, v) => s + v * v, 0) / w.length;
    assert.ok(Math.abs(variance - 2 / 150) < 0.1 * (2 / 150), `variance ${variance}`);
    assert.ok(m.params["dense0.bias"]!.every((v) => v === 0));
  });
  test("he-normal has variance 2/fanIn", () => {
    const w = createModel(spec, "he-normal", new Rng(2)).params["dense0.weight"]!;
    const variance = w.reduce((s, v) => s + v * v, 0) / w.length;
    assert.ok(Math.abs(variance - 0.02) < 0.002, `variance ${variance}`);
  });
  test("same seed, same weights; names in layer order", () => {
    const a = createModel(spec, "he-uniform", new Rng(5));
    const b = createModel(spec, "he-uniform", new Rng(5));
    assert.deepEqual(a.params, b.params);
    assert.deepEqual(parameterNames(spec), ["dense0.weight", "dense0.bias", "dense1.weight", "dense1.bias"]);
  });
  test("a layer with zero units is an error", () => {
    assert.throws(() => createModel({ ...spec, hidden: [0] }, "zeros", new Rng(1)), /layer 1 of the model has 0 units/);
  });
});

describe("forward pass and predictions", () => {
  test("a linear model computes x·W + b", () => {
    const spec: ModelSpec = { kind: "linear", inputs: 2, hidden: [], activation: "identity", outputs: 1, head: "identity" };
    const model = createModel(spec, "zeros", new Rng(1));
    model.params["dense0.weight"]!.set([2, -3]);
    model.params["dense0.bias"]![0] = 0.5;
    assert.deepEqual(Array.from(predict(model, Float32Array.from([1, 1, 0, 2]))), [-0.5, -5.5]);
  });
  test("a standardizer is applied before the first layer", () => {
    const spec: ModelSpec = { kind: "linear", inputs: 1, hidden: [], activation: "identity", outputs: 1, head: "identity" };
    const model = createModel(spec, "zeros", new Rng(1));
    model.params["dense0.weight"]![0] = 1;
    model.standardizer = { mean: Float64Array.from([10]), std: Float64Array.from([2]) };
    assert.deepEqual(Array.from(predict(model, Float32Array.from([10, 14]))), [0, 2]);
  });
  test("a hand-computed 2-2-1 tanh network", () => {
    const spec: ModelSpec = { kind: "mlp", inputs: 2, hidden: [2], activation: "tanh", outputs: 1, head: "identity" };
    const model = createModel(spec, "zeros", new Rng(1));
    model.params["dense0.weight"]!.set([1, 2, 3, 4]); // [in, out]
    model.params["dense0.bias"]!.set([0.1, -0.2]);
    model.params["dense1.weight"]!.set([0.5, -1]);
    const x = [0.2, -0.1];
    const h0 = Math.tanh(0.2 * 1 - 0.1 * 3 + 0.1);
    const h1 = Math.tanh(0.2 * 2 - 0.1 * 4 - 0.2);
    const y = predict(model, Float32Array.from(x))[0]!;
    assert.ok(Math.abs(y - (0.5 * h0 - h1)) < 1e-6);
  });
  test("sigmoid and softmax heads predict classes", () => {
    const logistic = createModel({ kind: "logistic", inputs: 1, hidden: [], activation: "identity", outputs: 1, head: "sigmoid" }, "zeros", new Rng(1));
    logistic.params["dense0.weight"]![0] = 1;
    assert.deepEqual(Array.from(predict(logistic, Float32Array.from([-2, 3]))), [0, 1]);
  });
});

describe("backpropagation through models matches finite differences", () => {
  const cases: [string, Activation, number[], number, LossName][] = [
    ["linear + mse", "identity", [], 1, "mse"],
    ["logistic + bce", "identity", [], 1, "bce"],
    ["softmax + cross-entropy", "identity", [], 3, "cross-entropy"],
    ["mlp relu", "relu", [4, 3], 3, "cross-entropy"],
    ["mlp tanh + mae", "tanh", [5], 1, "mae"],
    ["mlp sigmoid + bce", "sigmoid", [3], 1, "bce"],
  ];
  for (const [name, activation, hidden, outputs, loss] of cases) {
    test(name, () => {
      const spec: ModelSpec = { kind: hidden.length ? "mlp" : "linear", inputs: 3, hidden, activation, outputs, head: "identity" };
      const model = createModel(spec, "glorot-uniform", new Rng(11));
      const names = parameterNames(spec);
      const rng = new Rng(4);
      const m = 6;
      const x = fromData(Float32Array.from({ length: m * 3 }, () => rng.uniform(-1, 1)), [m, 3]);
      const y = Float32Array.from({ length: m }, (_, i) => (outputs > 1 ? i % outputs : loss === "bce" ? i % 2 : rng.normal()));
      const inputs = names.map((nm) => tensor(model.params[nm]!, { shape: nm.endsWith("weight") ? [model.params[nm]!.length / (model.params[nm.replace("weight", "bias")]!.length), model.params[nm.replace("weight", "bias")]!.length] : [model.params[nm]!.length] }));
      const f = (...ts: Tensor[]) => {
        const p: Record<string, Tensor> = {};
        names.forEach((nm, i) => (p[nm] = ts[i]!));
        return lossFunction(loss)(forward(spec, p, ts[names.length]!), y);
      };
      const r = checkGradient(f, [...inputs, x]);
      assert.equal(r.evaluatedIn, "float64");
      assert.ok(r.maxRelError < 1e-6, `${name}: max relative error ${r.maxRelError} at ${JSON.stringify(r.worst)}`);
    });
  }
});
