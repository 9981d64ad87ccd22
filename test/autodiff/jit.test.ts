/**
 * jit: a traced plan replays the ops' own forward and backward code, so it gives the eager
 * numbers bit for bit; a replay allocates no typed array; new shapes retrace; and anything a plan
 * cannot replay runs eagerly, with the reason, rather than giving stale numbers.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import * as ad from "../../src/autodiff/index.js";
import { Tensor } from "../../src/autodiff/index.js";
import { Rng } from "../../src/random.js";

const bits = (t: Tensor) => Array.from(t.data, (v) => (Number.isNaN(v) ? "NaN" : Object.is(v, -0) ? "-0" : String(v)));

function assertSameTree(got: unknown, want: unknown, where = "output"): void {
  if (want instanceof Tensor) {
    assert.ok(got instanceof Tensor, `${where}: not a tensor`);
    assert.deepEqual(got.shape, want.shape, `${where}: shape`);
    assert.equal(got.dtype, want.dtype, `${where}: dtype`);
    assert.deepEqual(bits(got), bits(want), `${where}: values`);
  } else if (Array.isArray(want)) {
    want.forEach((w, i) => assertSameTree((got as unknown[])[i], w, `${where}[${i}]`));
  } else if (typeof want === "object" && want !== null) {
    for (const k of Object.keys(want)) assertSameTree((got as Record<string, unknown>)[k], (want as Record<string, unknown>)[k], `${where}.${k}`);
  } else assert.equal(got, want, where);
}

function randomTensor(rng: Rng, shape: number[], dtype: ad.DType = "float64"): Tensor {
  const n = shape.reduce((a, b) => a * b, 1);
  const data = dtype === "float32" ? new Float32Array(n) : new Float64Array(n);
  for (let i = 0; i < n; i++) data[i] = rng.uniform(-2, 2);
  return ad.fromData(data, shape);
}

type Params = { w1: Tensor; b1: Tensor; w2: Tensor; b2: Tensor };
function mlpLoss(p: Params, x: Tensor, y: Tensor): Tensor {
  const h = ad.tanh(x.matmul(p.w1).add(p.b1));
  const logits = h.matmul(p.w2).add(p.b2);
  // Cross-entropy through logSoftmax and a one-hot target tensor.
  return logits.logSoftmax(1).mul(y).sum(1).mean().neg();
}

function mlpParams(rng: Rng, dtype: ad.DType): Params {
  return { w1: randomTensor(rng, [5, 7], dtype), b1: randomTensor(rng, [7], dtype), w2: randomTensor(rng, [7, 3], dtype), b2: randomTensor(rng, [3], dtype) };
}

function oneHot(rng: Rng, m: number, k: number, dtype: ad.DType): Tensor {
  const data = dtype === "float32" ? new Float32Array(m * k) : new Float64Array(m * k);
  for (let i = 0; i < m; i++) data[i * k + rng.int(k)] = 1;
  return ad.fromData(data, [m, k]);
}

for (const dtype of ["float64", "float32"] as const) {
  test(`jit(valueAndGrad(loss)) of an MLP equals the eager gradient bit for bit, call after call (${dtype})`, () => {
    const rng = new Rng(4);
    const step = ad.jit(ad.valueAndGrad(mlpLoss));
    const eager = ad.valueAndGrad(mlpLoss);
    for (let call = 0; call < 5; call++) {
      const p = mlpParams(rng, dtype);
      const x = randomTensor(rng, [6, 5], dtype);
      const y = oneHot(rng, 6, 3, dtype);
      const got = step(p, x, y);
      assertSameTree(got, eager(p, x, y), `call ${call}`);
      assert.equal(step.inspect().compiled, true, `call ${call}: ${step.inspect().reason}`);
    }
    assert.equal(step.inspect().plans, 1);
  });
}

test("a replay allocates no typed array and returns the same buffers, with new values", () => {
  const rng = new Rng(5);
  const step = ad.jit(ad.valueAndGrad(mlpLoss));
  const x = randomTensor(rng, [6, 5]);
  const y = oneHot(rng, 6, 3, "float64");
  const first = step(mlpParams(rng, "float64"), x, y);
  const firstValue = first.value.item();
  const second = step(mlpParams(rng, "float64"), x, y); // the first replay, checked against an eager run
  const before = ad.typedArraysAllocated();
  const p3 = mlpParams(rng, "float64");
  const x3 = randomTensor(rng, [6, 5]);
  const made = ad.typedArraysAllocated() - before;
  const third = step(p3, x3, y);
  assert.equal(ad.typedArraysAllocated() - before, made, "the replay itself allocated typed arrays");
  assert.equal(third.grad.w1.data, first.grad.w1.data, "gradient buffers are reused");
  assert.equal(third.value.data, second.value.data);
  assert.notEqual(third.value.item(), firstValue);
  assertSameTree(third, ad.valueAndGrad(mlpLoss)(p3, x3, y));
});

test("a new input shape or dtype traces a new plan (the last short batch); old plans still replay", () => {
  const rng = new Rng(6);
  const f = ad.jit((a: Tensor, b: Tensor) => a.mul(b).sum(0).exp());
  const eager = (a: Tensor, b: Tensor) => a.mul(b).sum(0).exp();
  for (const [m, dtype] of [[4, "float64"], [4, "float64"], [2, "float64"], [4, "float32"], [4, "float64"], [2, "float64"]] as const) {
    const a = randomTensor(rng, [m, 3], dtype);
    const b = randomTensor(rng, [m, 3], dtype);
    assertSameTree(f(a, b), eager(a, b), `${m} rows ${dtype}`);
  }
  assert.equal(f.inspect().plans, 3);
  assert.equal(f.inspect().compiled, true);
});

test("every op replays: broadcasting, where, max, softmax, slices, gather, concat, transpose, comparisons", () => {
  const rng = new Rng(7);
  const f = (p: { a: Tensor; b: Tensor }, c: Tensor): Tensor => {
    const { a, b } = p;
    const s = a.add(b.slice([[0, 1]])).mul(c.reshape([1, 4])); // [3,4] + [1,4] broadcast, × [1,4]
    const picked = ad.where(s.gt(0), s.square(), s.abs().sqrt().neg());
    const t = picked.transpose().matmul(a).max(1); // [4,3]·[3,4] → max over axis 1
    const g = ad.gather(a, [2, 0, 2]).softmax(1).logSumExp(0);
    const joined = ad.concat([t, g, c.sigmoid(), c.softplus().log(), ad.minimum(c, 0.5), ad.maximum(c, c.cos())]);
    const m = ad.argmax(a, 1).add(ad.stack([c, c.sin()]).mean(0).tanh().sum()); // no-gradient ops mixed in
    return joined.sum().add(m.sum().mul(0)).add(a.pow(b.abs().add(1).slice([[0, 3]])).div(b.abs().add(1)).mean()).add(ad.relu(a).sum());
  };
  const step = ad.jit(ad.valueAndGrad(f));
  const eager = ad.valueAndGrad(f);
  for (let call = 0; call < 4; call++) {
    const p = { a: randomTensor(rng, [3, 4]), b: randomTensor(rng, [3, 4]) };
    const c = randomTensor(rng, [4]);
    assertSameTree(step(p, c), eager(p, c), `call ${call}`);
    assert.equal(step.inspect().compiled, true, step.inspect().reason ?? "");
  }
});

test("reading a value on the JavaScript side (item) makes the plan run eagerly, with correct results", () => {
  const rng = new Rng(8);
  const f = ad.jit((x: Tensor) => (x.sum().item() > 0 ? x.mul(2) : x.mul(-3)));
  for (let call = 0; call < 4; call++) {
    const x = randomTensor(rng, [5]);
    const want = x.sum().item() > 0 ? x.mul(2) : x.mul(-3);
    assertSameTree(f(x), want, `call ${call}`);
  }
  assert.equal(f.inspect().compiled, false);
  assert.match(f.inspect().reason!, /item\(\) read a value while tracing/);
});

test("an op made with makeNode (no forward step) makes the plan run eagerly, naming it", () => {
  const rng = new Rng(9);
  const doubled = (x: Tensor) => ad.makeNode([x], x.data.map((v) => 2 * v), x.shape, (g) => [g.map((v) => 2 * v)]);
  const f = ad.jit(ad.grad((x: Tensor) => doubled(x).square().sum()));
  for (let call = 0; call < 3; call++) {
    const x = randomTensor(rng, [4]);
    assertSameTree(f(x), x.mul(8));
  }
  assert.match(f.inspect().reason!, /makeNode\/defineOp .* write it with customOp/);
  // The same op written with customOp compiles.
  const op = (x: Tensor) => {
    const out = new Float64Array(x.size);
    return ad.customOp({ inputs: [x], output: out, shape: x.shape, forward: () => x.data.forEach((v, i) => (out[i] = 2 * v)), backward: (g) => [g.map((v) => 2 * v)] });
  };
  const h = ad.jit((x: Tensor) => op(x).square().sum());
  for (let call = 0; call < 3; call++) {
    const x = randomTensor(rng, [4]);
    assertSameTree(h(x), x.mul(2).square().sum());
  }
  assert.equal(h.inspect().compiled, true);
});

test("a value computed outside the ops is caught by the first replay's check and runs eagerly from then on", () => {
  const rng = new Rng(10);
  // fromData on numbers computed in JavaScript: a constant to the trace, stale on replay.
  const f = ad.jit((x: Tensor) => ad.fromData(Float64Array.from(x.data, (v) => v * v), x.shape).add(x));
  for (let call = 0; call < 4; call++) {
    const x = randomTensor(rng, [3]);
    assertSameTree(f(x), x.square().add(x), `call ${call}`);
  }
  assert.equal(f.inspect().compiled, false);
  assert.match(f.inspect().reason!, /replay differed from an eager run/);
});

test("inputs that share one array run eagerly; bad arguments are typed errors", () => {
  const f = ad.jit((a: Tensor, b: Tensor) => a.mul(b));
  const x = ad.tensor([1, 2, 3]);
  assertSameTree(f(x, x), ad.tensor([1, 4, 9]));
  assertSameTree(f(x, x), ad.tensor([1, 4, 9]));
  assert.match(f.inspect().reason!, /two inputs share one array/);
  assert.throws(() => f(x, new Float64Array(3) as never), (e: unknown) => e instanceof ad.Tensor === false && /jit: argument 1 is a Float64Array; pass tensors \(wrap arrays with fromData\)/.test((e as Error).message));
});

test("numbers are static arguments: each value has its own plan", () => {
  const f = ad.jit((x: Tensor, k: number) => x.mul(k));
  const x = ad.tensor([1, 2]);
  assertSameTree(f(x, 2), ad.tensor([2, 4]));
  assertSameTree(f(x, 3), ad.tensor([3, 6]));
  assertSameTree(f(x, 2), ad.tensor([2, 4]));
  assert.equal(f.inspect().plans, 2);
});

test("second order compiles too: jit of a Hessian-vector product equals the eager one", () => {
  const rng = new Rng(11);
  const loss = (p: Tensor) => p.slice([[0, 2]]).square().sum().mul(p.slice([[2, 4]]).sin().sum()).add(p.exp().sum());
  const hv = ad.jit((p: Tensor, v: Tensor) => ad.hvp(loss)(p, v));
  for (let call = 0; call < 4; call++) {
    const p = randomTensor(rng, [4]);
    const v = randomTensor(rng, [4]);
    assertSameTree(hv(p, v), ad.hvp(loss)(p, v), `call ${call}`);
  }
  assert.equal(hv.inspect().compiled, true, hv.inspect().reason ?? "");
});

test("an output fed back as the next call's input (h = step(h)) gives the eager numbers, generated code or not", () => {
  const f = (h: Tensor) => [h.mul(2), h.add(1).sin()] as const;
  for (const codegen of [true, false]) {
    ad.setJitCodegen(codegen);
    try {
      const step = ad.jit(f);
      let h = ad.tensor([0.5, -1, 2]);
      let eagerH = h;
      for (let call = 0; call < 5; call++) {
        const want = f(eagerH);
        const got = step(h);
        assertSameTree(got, want, `codegen ${codegen}, call ${call}`);
        assert.equal(step.inspect().compiled, true, step.inspect().reason ?? "");
        h = got[0]; // the plan's own array, overwritten by the next call while it reads it
        eagerH = want[0];
      }
    } finally {
      ad.setJitCodegen(true);
    }
  }
});
