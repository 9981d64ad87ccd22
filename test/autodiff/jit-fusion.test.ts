/**
 * jit's fused plans: runs of elementwise steps become generated code (jit-codegen.ts) that must
 * give the unfused plan's numbers, and the eager numbers, bit for bit — forward and backward, for
 * every op that describes itself, float32 and float64, same shapes and broadcast. Also: a scalar
 * step compiles to one generated function whose replay allocates no typed array; another shape
 * traces another plan; and where code generation is refused (a browser's CSP) the closures run.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import fc from "fast-check";
import * as ad from "../../src/autodiff/index.js";
import type { Tensor } from "../../src/autodiff/index.js";

const bits = (t: Tensor) => Array.from(t.data, (v) => (Number.isNaN(v) ? "NaN" : Object.is(v, -0) ? "-0" : String(v)));

function assertSameTree(got: unknown, want: unknown, where: string): void {
  if (want instanceof ad.Tensor) {
    assert.ok(got instanceof ad.Tensor, `${where}: not a tensor`);
    assert.deepEqual(got.shape, want.shape, `${where}: shape`);
    assert.equal(got.dtype, want.dtype, `${where}: dtype`);
    assert.deepEqual(bits(got), bits(want), `${where}: values`);
  } else if (typeof want === "object" && want !== null) {
    for (const k of Object.keys(want)) assertSameTree((got as Record<string, unknown>)[k], (want as Record<string, unknown>)[k], `${where}.${k}`);
  } else assert.equal(got, want, where);
}

// Every op that gives its arithmetic as code, with operands that reach the awkward cases too:
// negative arguments of log, sqrt and pow (NaN), zeros of abs and relu, ties of minimum/maximum.
const UNARY: Array<[string, (x: Tensor) => Tensor]> = [
  ["neg", (x) => x.neg()], ["square", (x) => x.square()], ["exp", (x) => x.exp()], ["log", (x) => x.log()],
  ["sqrt", (x) => x.sqrt()], ["abs", (x) => x.abs()], ["sin", (x) => x.sin()], ["cos", (x) => x.cos()],
  ["tan", (x) => x.tan()], ["tanh", (x) => x.tanh()], ["sigmoid", (x) => x.sigmoid()], ["relu", (x) => ad.relu(x)],
  ["softplus", (x) => x.softplus()], ["pow 3", (x) => x.pow(3)], ["pow 0.5", (x) => x.pow(0.5)], ["pow -1", (x) => x.pow(-1)],
  ["pow 0", (x) => x.pow(0)], ["pow 1", (x) => x.pow(1)],
];
const BINARY: Array<[string, (a: Tensor, b: Tensor | number) => Tensor]> = [
  ["add", (a, b) => a.add(b)], ["sub", (a, b) => a.sub(b)], ["mul", (a, b) => a.mul(b)], ["div", (a, b) => a.div(b)],
  ["pow", (a, b) => a.pow(b)], ["minimum", (a, b) => a.minimum(b)], ["maximum", (a, b) => a.maximum(b)],
];

interface Op { binary: boolean; op: number; left: number; right: number; constant: number | null }

const opArb = fc.record({
  binary: fc.boolean(),
  op: fc.nat(),
  left: fc.nat(),
  right: fc.nat(),
  constant: fc.option(fc.constantFrom(0, 1, -1, 2, 0.5, -0), { nil: null }),
});

/** The second input's shape: the first's, a scalar, or one that broadcasts ([1, k] or [m, 1]). */
const shapesArb = fc.record({
  m: fc.integer({ min: 1, max: 4 }),
  k: fc.integer({ min: 1, max: 80 }),
  other: fc.constantFrom("same", "scalar", "row", "column"),
});

/** A straight-line program over the inputs a and b: its last value, summed (the loss). */
function program(ops: readonly Op[]): (p: { a: Tensor; b: Tensor }) => Tensor {
  return ({ a, b }) => {
    const values: Tensor[] = [a, b];
    for (const s of ops) {
      const x = values[s.left % values.length]!;
      if (!s.binary) { values.push(UNARY[s.op % UNARY.length]![1](x)); continue; }
      const y = s.constant ?? values[s.right % values.length]!;
      values.push(BINARY[s.op % BINARY.length]![1](x, y));
    }
    // Both inputs always reach the loss (a constant multiple keeps the op chain's own numbers).
    return values[values.length - 1]!.sum().add(a.mul(b).sum());
  };
}

function inputs(seed: number, m: number, k: number, other: string, dtype: ad.DType): { a: Tensor; b: Tensor } {
  let s = seed >>> 0;
  const rand = () => ((s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32) * 4 - 2;
  const make = (shape: number[]) => {
    const n = shape.reduce((x, y) => x * y, 1);
    const data = dtype === "float32" ? new Float32Array(n) : new Float64Array(n);
    // Some exact zeros and repeats, for abs/relu at 0 and minimum/maximum ties.
    for (let i = 0; i < n; i++) data[i] = i % 7 === 3 ? 0 : i % 5 === 1 ? 1 : rand();
    return ad.fromData(data, shape);
  };
  const otherShape = other === "same" ? [m, k] : other === "scalar" ? [] : other === "row" ? [1, k] : [m, 1];
  return { a: make([m, k]), b: make(otherShape) };
}

/** `f` compiled twice (generated code, then closures only), each called on three inputs; all must equal eager runs bit for bit. */
function checkFusedEqualsUnfused<P>(f: (p: P) => unknown, calls: readonly P[], where: string): { fused: number } {
  const generated = ad.jit(f);
  ad.setJitCodegen(false);
  let closures: typeof generated;
  try {
    closures = ad.jit(f);
    closures(calls[0]!); // traced now, while code generation is off
  } finally {
    ad.setJitCodegen(true);
  }
  let fused = 0;
  calls.forEach((p, i) => {
    const want = f(p);
    assertSameTree(generated(p), want, `${where}, call ${i}, generated`);
    if (i > 0) assert.equal(generated.inspect().compiled, true, `${where}: ${generated.inspect().reason}`);
    fused = Math.max(fused, generated.inspect().fused);
    assertSameTree(closures(p), want, `${where}, call ${i}, closures`);
    if (i > 0) assert.equal(closures.inspect().generated, false);
  });
  return { fused };
}

for (const dtype of ["float64", "float32"] as const) {
  test(`random elementwise chains: generated code equals the closures and the eager run, value and gradients (${dtype})`, () => {
    let fusedSomewhere = 0;
    fc.assert(
      fc.property(fc.array(opArb, { minLength: 1, maxLength: 8 }), shapesArb, fc.nat(), (ops, { m, k, other }, seed) => {
        const f = program(ops);
        const calls = [0, 1, 2].map((c) => inputs(seed + c, m, k, other, dtype));
        const where = `${dtype} [${m},${k}] with ${other}: ${ops.map((o) => (o.binary ? BINARY[o.op % BINARY.length]![0] : UNARY[o.op % UNARY.length]![0])).join(", ")}`;
        fusedSomewhere += checkFusedEqualsUnfused(ad.valueAndGrad(f), calls, `valueAndGrad ${where}`).fused;
        checkFusedEqualsUnfused(f, calls, `forward ${where}`);
      }),
      { numRuns: 120, seed: dtype === "float32" ? 17 : 18 },
    );
    assert.ok(fusedSomewhere > 0, "no plan fused any step");
  });
}

test("every op's expressions equal its loops, one op at a time, on values that reach the edge cases", () => {
  for (const dtype of ["float64", "float32"] as const) {
    const calls = [0, 1, 2].map((c) => inputs(100 + c, 3, 9, "same", dtype));
    for (const [name, op] of UNARY) {
      const { fused } = checkFusedEqualsUnfused(ad.valueAndGrad((p: { a: Tensor; b: Tensor }) => op(p.a).mul(p.b).sum()), calls, `${name} ${dtype}`);
      assert.ok(fused > 0, `${name}: nothing fused`);
    }
    for (const [name, op] of BINARY) {
      const { fused } = checkFusedEqualsUnfused(ad.valueAndGrad((p: { a: Tensor; b: Tensor }) => op(p.a, p.b).sum()), calls, `${name} ${dtype}`);
      assert.ok(fused > 0, `${name}: nothing fused`);
    }
  }
});

const rosenbrock = (p: { x: Tensor; y: Tensor }) => p.x.neg().add(1).square().add(p.y.sub(p.x.square()).square().mul(100));

test("a scalar step compiles to one generated function; its replays allocate no typed array and equal the eager step", () => {
  const step = ad.jit(ad.valueAndGrad(rosenbrock));
  const eager = ad.valueAndGrad(rosenbrock);
  const point = (i: number) => ({ x: ad.scalar(-1.5 + i / 7), y: ad.scalar(2 - i / 11) });
  step(point(0));
  step(point(1)); // the first replay, checked against an eager run
  const report = step.inspect();
  assert.equal(report.generated, true);
  assert.equal(report.fused, report.steps, "every step of the plan is in the generated code");
  const p = point(2);
  const before = ad.typedArraysAllocated();
  for (let i = 0; i < 50; i++) step(p);
  const out = step(point(3)); // new tensors, same shapes: the fast path binds them
  assert.equal(ad.typedArraysAllocated(), before + 2, "only the two inputs made by point(3) are new");
  assertSameTree(out, eager(point(3)), "replay");
});

test("a chain on a large array is one fused loop, and its replays allocate nothing, generated or not", () => {
  const f = (p: { a: Tensor; b: Tensor }) => p.a.mul(p.b).sin().add(p.a.square()).tanh().mul(0.5).sum();
  for (const codegen of [true, false]) {
    ad.setJitCodegen(codegen);
    try {
      const step = ad.jit(ad.valueAndGrad(f));
      const calls = [0, 1, 2, 3].map((c) => inputs(40 + c, 50, 40, "same", "float32"));
      step(calls[0]!);
      step(calls[1]!);
      const before = ad.typedArraysAllocated();
      const got = step(calls[2]!);
      assert.equal(ad.typedArraysAllocated(), before, `codegen ${codegen}: the replay allocated`);
      assertSameTree(got, ad.valueAndGrad(f)(calls[2]!), `codegen ${codegen}`);
      const report = step.inspect();
      assert.equal(report.generated, codegen);
      // Forward: mul, sin, square, add, tanh, mul by 0.5 (the sum is a reduction); backward: their rules and sums.
      if (codegen) assert.ok(report.fused >= 10, `only ${report.fused} of ${report.steps} steps fused`);
      else assert.equal(report.fused, 0);
    } finally {
      ad.setJitCodegen(true);
    }
  }
});

test("another shape, dtype or structure traces another plan; going back replays the old one", () => {
  const f = ad.jit(ad.valueAndGrad((p: { a: Tensor; b: Tensor }) => p.a.mul(p.b).exp().sum()));
  const eager = ad.valueAndGrad((p: { a: Tensor; b: Tensor }) => p.a.mul(p.b).exp().sum());
  const cases: Array<[string, { a: Tensor; b: Tensor }]> = [
    ["3 float64", inputs(1, 1, 3, "same", "float64")],
    ["3 float64 again", inputs(2, 1, 3, "same", "float64")],
    ["5 float64", inputs(3, 1, 5, "same", "float64")],
    ["3 float32", inputs(4, 1, 3, "same", "float32")],
    ["3x5 and a row", inputs(5, 3, 5, "row", "float64")],
    ["3 float64 once more", inputs(6, 1, 3, "same", "float64")],
  ];
  for (const [where, p] of cases) assertSameTree(f(p), eager(p), where);
  // Keys in another order are another structure (their gradients come back in that order).
  const swapped = { b: ad.tensor([1, 2, 3]), a: ad.tensor([4, 5, 6]) };
  assertSameTree(f(swapped as never), eager(swapped as never), "swapped keys");
  assert.deepEqual(Object.keys((f(swapped as never) as { grad: object }).grad), ["b", "a"]);
  assert.equal(f.inspect().plans, 5);
  assert.equal(f.inspect().compiled, true);
});

test("the argument check (generated or walked) sends every other structure to its own plan", () => {
  const f = (p: { w: Tensor; b: Tensor[] }, k: number, x: Tensor) => p.w.mul(x).add(p.b[0]!).mul(k).sum();
  const eager = ad.valueAndGrad(f);
  const w = ad.tensor([1, 2]);
  const x = ad.tensor([3, -1]);
  const variants: Array<[string, unknown[]]> = [
    ["traced", [{ w, b: [ad.tensor([0.5, 0.25])] }, 2, x]],
    ["same structure, new tensors", [{ w: ad.tensor([4, 5]), b: [ad.tensor([1, 1])] }, 2, ad.tensor([1, 2])]],
    ["keys in another order", [{ b: [ad.tensor([0.5, 0.25])], w }, 2, x]],
    ["back to the first order", [{ w, b: [ad.tensor([0.5, 0.25])] }, 2, x]],
    ["another static number", [{ w, b: [ad.tensor([0.5, 0.25])] }, 3, x]],
    ["an extra key", [{ w, b: [ad.tensor([0.5, 0.25])], c: ad.tensor([7]) }, 2, x]],
    ["a longer array", [{ w, b: [ad.tensor([0.5, 0.25]), ad.tensor([1, 1])] }, 2, x]],
    ["another shape", [{ w: ad.tensor([[1, 2]]), b: [ad.tensor([0.5, 0.25])] }, 2, x]],
    ["another dtype", [{ w: ad.tensor([1, 2], { dtype: "float32" }), b: [ad.tensor([0.5, 0.25], { dtype: "float32" })] }, 2, ad.tensor([3, -1], { dtype: "float32" })]],
    ["back to the first", [{ w, b: [ad.tensor([0.5, 0.25])] }, 2, x]],
  ];
  for (const codegen of [true, false]) {
    ad.setJitCodegen(codegen);
    try {
      const step = ad.jit(ad.valueAndGrad(f));
      for (const [where, args] of variants) {
        for (let call = 0; call < 3; call++) {
          const got = (step as (...a: unknown[]) => { grad: object })(...args);
          assertSameTree(got, (eager as (...a: unknown[]) => unknown)(...args), `codegen ${codegen}: ${where}, call ${call}`);
          assert.deepEqual(Object.keys(got.grad), Object.keys(args[0] as object), `${where}: the gradient's keys in the argument's order`);
        }
        assert.equal(step.inspect().compiled, true, `${where}: ${step.inspect().reason}`);
      }
      assert.equal(step.inspect().plans, 7);
      // A tensor that requires a gradient runs f eagerly (differentiating through jit).
      const v = ad.variable(w);
      const g = ad.grad((t: Tensor) => (step({ w: t, b: [ad.tensor([0.5, 0.25])] }, 2, x) as { value: Tensor }).value)(v);
      assert.equal(step.inspect().compiled, false);
      assertSameTree(g, ad.tensor([0, 0]), "the value of valueAndGrad is detached: no gradient flows");
    } finally {
      ad.setJitCodegen(true);
    }
  }
});

test("with code generation off, plans run their closures: same numbers, nothing generated", () => {
  ad.setJitCodegen(false);
  try {
    assert.equal(ad.jitCodegenEnabled(), false);
    const step = ad.jit(ad.valueAndGrad(rosenbrock));
    for (let i = 0; i < 3; i++) {
      const p = { x: ad.scalar(0.3 * i), y: ad.scalar(-0.2 * i) };
      assertSameTree(step(p), ad.valueAndGrad(rosenbrock)(p), `call ${i}`);
    }
    assert.equal(step.inspect().compiled, true);
    assert.equal(step.inspect().generated, false);
    assert.equal(step.inspect().fused, 0);
  } finally {
    ad.setJitCodegen(true);
  }
});

test("where the environment refuses new Function (a browser's CSP), jit falls back to closures by itself", () => {
  const entry = fileURLToPath(new URL("../../src/autodiff/index.ts", import.meta.url));
  const script = `
    const ad = await import(${JSON.stringify(entry)});
    const f = (p) => p.x.square().add(p.x.sin()).sum();
    const step = ad.jit(ad.valueAndGrad(f));
    let same = true;
    for (let i = 0; i < 3; i++) {
      const p = { x: ad.tensor([0.5 * i, -1, 2]) };
      const got = step(p).grad.x.data, want = ad.valueAndGrad(f)(p).grad.x.data;
      same &&= got.every((v, j) => Object.is(v, want[j]));
    }
    console.log(JSON.stringify({ enabled: ad.jitCodegenEnabled(), same, ...step.inspect() }));`;
  const r = spawnSync(process.execPath, ["--disallow-code-generation-from-strings", "--import", "tsx", "--input-type=module", "-e", script], { encoding: "utf8" });
  assert.equal(r.status, 0, r.stderr);
  const report = JSON.parse(r.stdout.trim().split("\n").pop()!);
  assert.deepEqual({ enabled: report.enabled, same: report.same, compiled: report.compiled, generated: report.generated }, { enabled: false, same: true, compiled: true, generated: false });
});

test("two compiled plans of one function each get their own generated code: the second does not deoptimize on every call", () => {
  // Sharing one generated function between plans made V8 inline the first plan's step closures and
  // then deoptimize a later plan's every call ("wrong call target"), leaving it interpreted. Whether
  // that happens depends on when V8 optimizes, so a shared function is not caught on every run; the
  // unshared one never deoptimizes like this.
  const entry = fileURLToPath(new URL("../../src/autodiff/index.ts", import.meta.url));
  const random = fileURLToPath(new URL("../../src/random.ts", import.meta.url));
  const script = `
    const ad = await import(${JSON.stringify(entry)});
    const { Rng } = await import(${JSON.stringify(random)});
    const k = ad.tensor([[0, 1, 2, 3, 4, 5, 6, 7, 8, 9]]);
    const f = (p, y) => p.w.matmul(p.v).logSoftmax(1).mul(ad.eq(y, k).mul(0.9).add(0.01)).sum(1).mean().neg();
    const p = { w: ad.randomUniform([64, 8], new Rng(1)), v: ad.randomUniform([8, 10], new Rng(2)) };
    const y = ad.tensor(Array.from({ length: 64 }, (_, i) => [i % 10]));
    for (let plan = 0; plan < 4; plan++) { const step = ad.jit(ad.valueAndGrad(f)); for (let i = 0; i < 2500; i++) step(p, y); }
    console.log("done");`;
  const r = spawnSync(process.execPath, ["--trace-deopt", "--import", "tsx", "--input-type=module", "-e", script], { encoding: "utf8", maxBuffer: 1 << 26, env: { ...process.env, NODE_TEST_CONTEXT: "" } });
  assert.equal(r.status, 0, r.stderr);
  const loops = r.stdout.split("\n").filter((l) => /deoptimizing .*<JSFunction plan /.test(l)).length;
  assert.ok(loops < 50, `the plans' generated code deoptimized ${loops} times in 10,000 calls`);
});

test("a backward rule that runs a reverse pass of its own is one step: the inner pass's descriptions are not taken for it", () => {
  // y = x·sin x as a custom op whose backward differentiates an inner graph with backpropagate.
  const op = (x: Tensor): Tensor => {
    const out = new Float64Array(x.size);
    return ad.customOp({
      inputs: [x],
      output: out,
      shape: x.shape,
      forward: () => { for (let i = 0; i < out.length; i++) out[i] = x.data[i]! * Math.sin(x.data[i]!); },
      backward: (g) => {
        const v = ad.variable(new ad.Tensor(x.data, x.shape));
        return [ad.backpropagate(v.mul(v.sin()), [v], g)[0]!];
      },
    });
  };
  const f = (p: { a: Tensor }) => op(p.a).sum();
  const step = ad.jit(ad.valueAndGrad(f));
  for (let i = 0; i < 4; i++) {
    const p = { a: ad.tensor([0.5 + i, -1, 2 - i / 3]) };
    assertSameTree(step(p), ad.valueAndGrad(f)(p), `call ${i}`);
    assert.equal(step.inspect().compiled, true, step.inspect().reason ?? "");
  }
});
