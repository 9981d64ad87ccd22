import { test } from "node:test";
import assert from "node:assert/strict";
import { flattenParams, unflattenParams } from "../../src/optim/index.js";

test("flattenParams lays the named buffers end to end in the asked type; unflattenParams writes them back in place", () => {
  const params = { "0.weight": Float32Array.of(1, 2, 3), "0.bias": Float32Array.of(4), skipped: Float32Array.of(9) };
  const names = ["0.bias", "0.weight"];
  const flat = flattenParams(params, names, Float64Array);
  assert.ok(flat instanceof Float64Array);
  assert.deepEqual([...flat], [4, 1, 2, 3]);
  assert.ok(flattenParams(params, names, Float32Array) instanceof Float32Array);
  const weight = params["0.weight"];
  const back = unflattenParams([40, 10, 20, 30], params, names);
  assert.equal(back, params);
  assert.equal(params["0.weight"], weight, "written into the same array");
  assert.deepEqual([...params["0.weight"]], [10, 20, 30]);
  assert.deepEqual([...params["0.bias"]], [40]);
  assert.deepEqual([...params.skipped], [9]);
});
