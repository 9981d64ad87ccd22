/** A plateau schedule in train(): its rate, not the optimizer's own, drives every batch's step. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { loadDataset } from "../../src/data/index.node.js";
import { makeOptimizer, makeSchedule } from "../../src/optim/index.js";
import { Rng } from "../../src/random.js";
import { createModel, parseArchitecture, specFor, train } from "../../src/train/index.js";

test("a plateau schedule's rate is every batch's rate: the same weights as the optimizer at that rate", () => {
  const data = loadDataset("breast-cancer");
  const fresh = () => createModel(specFor(parseArchitecture("logistic"), data.d, data.task, 2), "zeros", new Rng(1));
  const scheduled = fresh();
  train(scheduled, data, {
    epochs: 2, batchSize: 64, seed: 3, optimizer: makeOptimizer("sgd", { lr: 0.5 }),
    schedule: makeSchedule("plateau", { patience: 1000 }, 1e-4),
  });
  const plain = fresh();
  train(plain, data, { epochs: 2, batchSize: 64, seed: 3, optimizer: makeOptimizer("sgd", { lr: 1e-4 }) });
  const other = fresh();
  train(other, data, { epochs: 2, batchSize: 64, seed: 3, optimizer: makeOptimizer("sgd", { lr: 0.5 }) });
  for (const k of Object.keys(plain.params)) assert.deepEqual([...scheduled.params[k]!], [...plain.params[k]!], k);
  const k = Object.keys(plain.params)[0]!;
  assert.notDeepEqual([...scheduled.params[k]!], [...other.params[k]!], "the optimizer's own rate gives other weights");
});
