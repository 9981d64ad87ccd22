/** hessian and hvp against PyTorch's torch.autograd.functional (fixtures from scripts/oracles/make_hessian_fixtures.py). */
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import * as ad from "../../src/autodiff/index.js";
import type { Tensor } from "../../src/autodiff/index.js";
import { resolveFunction, toTensorFunction } from "../../src/expr/index.js";
import { assertClose } from "./helpers.js";

const fixture = JSON.parse(readFileSync(new URL("../fixtures/autodiff/hessians.json", import.meta.url), "utf8"));

/** A named function as a function of one point tensor, through the expression bridge. */
function named(name: string): (p: Tensor) => Tensor {
  const fn = resolveFunction(name);
  const f = toTensorFunction(fn.expr, fn.variables);
  return (p) => f(...fn.variables.map((_, i) => p.slice([[i, i + 1]]))).sum();
}

test("hessian and hvp of the named functions match PyTorch", () => {
  assert.ok(fixture.named.length >= 15);
  for (const c of fixture.named as Array<{ name: string; point: number[]; v: number[]; hessian: number[][]; hvp: number[] }>) {
    const f = named(c.name);
    assertClose(ad.hessian(f)(ad.tensor(c.point)).data, c.hessian.flat(), 1e-10, `${c.name} at ${c.point} hessian`);
    assertClose(ad.hvp(f)(ad.tensor(c.point), ad.tensor(c.v)).data, c.hvp, 1e-10, `${c.name} at ${c.point} hvp`);
  }
});

test("hvp over a network's parameter record, and a block of its Hessian, match PyTorch", () => {
  const m = fixture.mlp;
  const X = ad.tensor(m.X);
  const y = ad.tensor(m.y);
  const loss = (p: Record<string, Tensor>): Tensor => ad.tanh(ad.matmul(X, p.w1!).add(p.b1!)).matmul(p.w2!).add(p.b2!).sub(y).square().mean();
  const record = (o: Record<string, number[] | number[][]>) => Object.fromEntries(Object.entries(o).map(([k, v]) => [k, ad.tensor(v)]));
  const params = record(m.params);
  const hv = ad.hvp(loss)(params, record(m.v));
  for (const k of Object.keys(m.hvp)) assertClose(hv[k]!.data, (m.hvp[k] as number[] | number[][]).flat(), 1e-10, `hvp ${k}`);
  const h = ad.hessian((w1: Tensor) => loss({ ...params, w1 }))(params.w1!);
  assert.deepEqual(h.shape, [3, 4, 3, 4]);
  assertClose(h.data, m.hessianW1.flat(), 1e-10, "hessian w1");
});

test("hessian of a softmax cross-entropy (logsumexp, gather, sigmoid) matches PyTorch", () => {
  const c = fixture.crossEntropy;
  const Z = ad.tensor(c.Z);
  const rows = c.labels.map((label: number, i: number) => i * 3 + label);
  const ce = (w: Tensor): Tensor => {
    const logits = ad.matmul(Z, w);
    const picked = logits.reshape([18, 1]).gather(rows);
    return ad.logSumExp(logits, 1).sub(picked.reshape([6])).mean().add(ad.sigmoid(w).square().sum().mul(0.1));
  };
  assertClose(ad.hessian(ce)(ad.tensor(c.W)).data, c.hessian.flat(), 1e-10, "cross-entropy");
});
