import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { checkGradient, fromData, tensor } from "../../src/autodiff/index.js";
import { OptionError } from "../../src/errors.js";
import { forward, paramTensors } from "../../src/train/index.js";
import { initialModel, prepareStudyData, presetSetup, sigmoidMseOneHot } from "../../src/study/index.js";
import { fakeImageFolder } from "./helpers.js";

const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));

describe("preset kneusel-momentum", () => {
  const folder = fakeImageFolder();
  const setup = presetSetup("kneusel-momentum", "/", { data: folder });

  test("settings: SGD η=1 against η=0.2 with momentum 0.9, 64-row random minibatches, MCC", () => {
    assert.deepEqual(setup.optimizers, ["sgd:lr=1.0", "sgd:lr=0.2,momentum=0.9"]);
    assert.deepEqual(setup.budget, { kind: "minibatches", minibatches: 4000 });
    assert.equal(setup.batchSize, 64);
    assert.equal(setup.metric, "mcc");
    assert.equal(setup.pool, 2);
    assert.equal(setup.standardize, false);
    assert.deepEqual(presetSetup("kneusel-momentum", "/", { data: folder, minibatches: 40000, repeats: 22 }).budget, { kind: "minibatches", minibatches: 40000 });
  });

  test("model: 196-100-50-10 with sigmoid hidden layers; weights and biases uniform in [−0.5, 0.5)", () => {
    const data = prepareStudyData(setup);
    assert.deepEqual([data.spec.inputs, ...data.spec.hidden, data.spec.outputs], [196, 100, 50, 10]);
    assert.equal(data.spec.activation, "sigmoid");
    assert.equal(data.train.d, 196);
    assert.ok(data.train.features.every((v) => v >= 0 && v <= 1), "pixels / 255, not standardized");
    const model = initialModel(setup, data, 1);
    const all = Object.values(model.params).flatMap((p) => [...p]);
    assert.equal(all.length, 196 * 100 + 100 + 100 * 50 + 50 + 50 * 10 + 10);
    assert.ok(all.every((v) => v >= -0.5 && v < 0.5));
    assert.ok(model.params["dense2.bias"]!.some((v) => v !== 0), "biases are drawn too");
    const mean = all.reduce((s, v) => s + v, 0) / all.length;
    const variance = all.reduce((s, v) => s + (v - mean) ** 2, 0) / all.length;
    assert.ok(Math.abs(mean) < 0.01 && Math.abs(variance - 1 / 12) < 0.002, `uniform moments: mean ${mean}, var ${variance}`);
  });

  test("loss: the network with a sigmoid on its output, ½·squared error against one-hot targets summed over outputs, mean over rows", () => {
    const data = prepareStudyData(setup);
    const model = initialModel(setup, data, 3);
    const m = 5;
    const x = data.train.features.subarray(0, m * 196);
    const y = data.train.targets.subarray(0, m);
    const z = forward(data.spec, paramTensors(data.spec, model.params), fromData(x, [m, 196]));
    const got = sigmoidMseOneHot(z, y).item();
    // Independent plain-loop forward pass: every layer, the last included, ends in a sigmoid.
    let expected = 0;
    for (let i = 0; i < m; i++) {
      let h = Array.from(x.subarray(i * 196, (i + 1) * 196));
      for (let l = 0; l < 3; l++) {
        const w = model.params[`dense${l}.weight`]!;
        const b = model.params[`dense${l}.bias`]!;
        const out = b.length;
        h = Array.from({ length: out }, (_, j) => sigmoid(h.reduce((s, v, k) => s + v * w[k * out + j]!, b[j]!)));
      }
      h.forEach((v, j) => (expected += (v - (j === y[i] ? 1 : 0)) ** 2));
    }
    expected /= 2 * m;
    assert.ok(Math.abs(got - expected) < 1e-6, `${got} vs ${expected}`);
  });

  test("the fused loss's gradient matches finite differences", () => {
    const targets = Float32Array.of(2, 0, 1);
    const z = tensor([[0.3, -1.2, 2.0], [0.1, 0.5, -0.4], [-2.5, 1.5, 0.0]], { dtype: "float64" });
    const check = checkGradient((t) => sigmoidMseOneHot(t, targets), [z]);
    assert.ok(check.maxRelError < 1e-8, JSON.stringify(check));
    const value = sigmoidMseOneHot(tensor([[0, 0]], { dtype: "float64" }), Float32Array.of(1)).item();
    assert.equal(value, 0.5 * (0.25 + 0.25));
    const two = sigmoidMseOneHot(tensor([[0, 0, 0], [0, 0, 0]], { dtype: "float64" }), Float32Array.of(1, 2)).item();
    assert.equal(two, 0.5 * (0.25 * 3)); // per row ½·(¼+¼+¼), the mean of two equal rows
  });

  test("unknown presets are one-line errors; without --data the preset names fashion-mnist (found or downloaded by name)", () => {
    assert.throws(() => presetSetup("kneusel", "/"), { name: "OptionError", message: 'unknown preset "kneusel" (valid: kneusel-momentum)' });
    assert.equal(presetSetup("kneusel-momentum", "/nonexistent-dir").data, "fashion-mnist");
    assert.equal(presetSetup("kneusel-momentum", "/base", { data: "fm" }).data, "/base/fm");
  });
});
