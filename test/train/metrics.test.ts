import { describe, test } from "node:test";
import assert from "node:assert/strict";
import {
  accuracy, classScores, confusionMatrix, matthewsCorrelation, meanAbsolute, meanSquared, rSquared,
} from "../../src/train/index.js";

const close = (a: number, b: number) => assert.ok(Math.abs(a - b) < 1e-12, `${a} vs ${b}`);

describe("classification metrics", () => {
  const actual = [0, 0, 1, 1, 2, 2];
  const predicted = [0, 0, 1, 2, 2, 2];

  test("confusion matrix counts [actual][predicted]", () => {
    assert.deepEqual(confusionMatrix(predicted, actual, 3), [[2, 0, 0], [0, 1, 1], [0, 0, 2]]);
    close(accuracy(predicted, actual), 5 / 6);
  });

  test("precision, recall and F1 per class", () => {
    const s = classScores(confusionMatrix(predicted, actual, 3));
    assert.deepEqual(s.precision, [1, 1, 2 / 3]);
    assert.deepEqual(s.recall, [1, 0.5, 1]);
    close(s.f1[1]!, 2 / 3);
    close(s.f1[2]!, 0.8);
    close(s.macro.f1, (1 + 2 / 3 + 0.8) / 3);
  });

  test("multi-class MCC (Gorodkin) by hand: 18/√(22·24)", () => {
    close(matthewsCorrelation(confusionMatrix(predicted, actual, 3)), 18 / Math.sqrt(22 * 24));
  });

  test("binary MCC equals (tp·tn − fp·fn)/√(…)", () => {
    // tp = 3, tn = 2, fp = 1, fn = 1
    const a = [1, 1, 1, 1, 0, 0, 0];
    const p = [1, 1, 1, 0, 0, 0, 1];
    close(matthewsCorrelation(confusionMatrix(p, a, 2)), (3 * 2 - 1 * 1) / Math.sqrt(4 * 4 * 3 * 3));
  });

  test("MCC is 0 when one class is always predicted, 1 when perfect, −1 when inverted", () => {
    assert.equal(matthewsCorrelation(confusionMatrix([1, 1, 1], [0, 1, 1], 2)), 0);
    assert.equal(matthewsCorrelation(confusionMatrix([0, 1, 1], [0, 1, 1], 2)), 1);
    assert.equal(matthewsCorrelation(confusionMatrix([1, 0, 0], [0, 1, 1], 2)), -1);
  });
});

describe("regression metrics", () => {
  test("MSE, MAE and R² by hand", () => {
    close(meanSquared([1, 2, 4], [1, 2, 3]), 1 / 3);
    close(meanAbsolute([1, 2, 4], [1, 2, 3]), 1 / 3);
    close(rSquared([1, 2, 4], [1, 2, 3]), 0.5);
    close(rSquared([2, 2, 2], [1, 2, 3]), 0);
    assert.ok(Number.isNaN(rSquared([1, 1], [1, 1])));
  });
});
