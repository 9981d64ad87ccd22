import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { checkGradient, tensor, type Tensor } from "../../src/autodiff/index.js";
import {
  binaryCrossEntropyWithLogits, meanAbsoluteError, meanSquaredError, parseLoss, softmaxCrossEntropy, defaultLoss,
} from "../../src/train/index.js";
import { DescentError } from "../../src/errors.js";

const close = (a: number, b: number, tol = 1e-12) => assert.ok(Math.abs(a - b) <= tol * Math.max(1, Math.abs(b)), `${a} vs ${b}`);
const col = (v: number[]) => tensor(v.map((x) => [x]));

describe("losses: values", () => {
  test("mse and mae by hand", () => {
    const out = col([1, 2, 4]);
    const y = Float32Array.from([0, 2, 2]);
    close(meanSquaredError(out, y).item(), 5 / 3);
    close(meanAbsoluteError(out, y).item(), 1);
  });

  test("binary cross-entropy from logits equals −[y log σ + (1−y) log(1−σ)]", () => {
    const z = [0, 2, -3, 0.5];
    const y = [1, 0, 0, 1];
    const sig = (v: number) => 1 / (1 + Math.exp(-v));
    const expected = z.reduce((s, zi, i) => s - (y[i]! * Math.log(sig(zi)) + (1 - y[i]!) * Math.log(1 - sig(zi))), 0) / z.length;
    close(binaryCrossEntropyWithLogits(col(z), Float32Array.from(y)).item(), expected);
  });

  test("binary cross-entropy is stable for large logits", () => {
    const v = binaryCrossEntropyWithLogits(col([1000, -1000, 1000]), Float32Array.from([0, 1, 1])).item();
    close(v, 2000 / 3);
  });

  test("softmax cross-entropy by hand, and stable for large logits", () => {
    const lse = 3 + Math.log(Math.exp(-2) + Math.exp(-1) + 1);
    close(softmaxCrossEntropy(tensor([[1, 2, 3], [1, 2, 3]]), Float32Array.from([2, 0])).item(), (lse - 3 + lse - 1) / 2);
    close(softmaxCrossEntropy(tensor([[1000, 0]]), Float32Array.from([1])).item(), 1000);
    assert.equal(softmaxCrossEntropy(tensor([[1000, 0]]), Float32Array.from([0])).item(), 0);
  });

  test("labels outside the classes are a ShapeError", () => {
    assert.throws(() => softmaxCrossEntropy(tensor([[1, 2]]), Float32Array.from([2])), /label 2, outside 0..1/);
  });
});

describe("losses: gradients match finite differences", () => {
  const cases: [string, (o: Tensor, y: Float32Array) => Tensor, Tensor, Float32Array][] = [
    ["mse", meanSquaredError, col([0.3, -1.2, 2.5, 0.1]), Float32Array.from([1, -1, 2, 0.5])],
    ["mae", meanAbsoluteError, col([0.3, -1.2, 2.5, 0.1]), Float32Array.from([1, -1, 2, 0.5])],
    ["bce", binaryCrossEntropyWithLogits, col([0.3, -1.2, 2.5, 8]), Float32Array.from([1, 0, 0, 1])],
    ["cross-entropy", softmaxCrossEntropy, tensor([[0.3, -1.2, 2.5], [0.1, 0.2, -0.4]]), Float32Array.from([2, 0])],
  ];
  for (const [name, loss, out, y] of cases) {
    test(name, () => {
      const r = checkGradient((o: Tensor) => loss(o, y), [out]);
      assert.ok(r.maxRelError < 1e-7, `${name}: ${r.maxRelError}`);
    });
  }
});

describe("losses: names", () => {
  test("defaults and aliases follow the head", () => {
    assert.equal(defaultLoss("identity"), "mse");
    assert.equal(defaultLoss("sigmoid"), "bce");
    assert.equal(defaultLoss("softmax"), "cross-entropy");
    assert.equal(parseLoss("ce", "softmax"), "cross-entropy");
    assert.equal(parseLoss("mae", "identity"), "mae");
  });
  test("a loss that does not fit the head is an error naming the fix", () => {
    assert.throws(() => parseLoss("mse", "softmax"), (e: unknown) => e instanceof DescentError && /use cross-entropy/.test(e.message));
    assert.throws(() => parseLoss("hinge", "sigmoid"), /unknown loss "hinge"/);
  });
});
