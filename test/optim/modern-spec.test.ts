// Spec strings and option checks of the new optimizers.
import { test } from "node:test";
import assert from "node:assert/strict";
import { formatSpec, makeOptimizer, parseOptimizerSpec } from "../../src/optim/index.js";
import { OptionError } from "../../src/errors.js";

test("spec strings parse, validate and format back", () => {
  assert.deepEqual(parseOptimizerSpec("lion:lr=1e-4,beta1=0.9"), { name: "lion", options: { lr: 1e-4, beta1: 0.9 } });
  const muon = parseOptimizerSpec("muon:ns_coefficients=3/-4/2,adjust_lr_fn=match_rms_adamw,output_adamw=true");
  assert.deepEqual(muon.options, { ns_coefficients: [3, -4, 2], adjust_lr_fn: "match_rms_adamw", output_adamw: true });
  assert.equal(formatSpec(muon), "muon:ns_coefficients=3/-4/2,adjust_lr_fn=match_rms_adamw,output_adamw=true");
  assert.equal(makeOptimizer("prodigy", parseOptimizerSpec("prodigy:growth_rate=Infinity,beta3=0.99").options).options.growth_rate, Infinity);
});

test("defaults are the references'", () => {
  assert.deepEqual(makeOptimizer("lion").options, { lr: 1e-4, beta1: 0.9, beta2: 0.99, weight_decay: 0, maximize: false });
  const sf = makeOptimizer("adamw-schedulefree").options;
  assert.deepEqual([sf.lr, sf.beta1, sf.beta2, sf.eps, sf.weight_decay, sf.warmup_steps, sf.r, sf.weight_lr_power], [0.0025, 0.9, 0.999, 1e-8, 0, 0, 0, 2]);
  assert.equal(makeOptimizer("sgd-schedulefree").options.lr, 1);
  const muon = makeOptimizer("muon").options;
  assert.deepEqual([muon.lr, muon.weight_decay, muon.momentum, muon.nesterov, muon.eps, muon.ns_steps], [1e-3, 0.1, 0.95, true, 1e-7, 5]);
  assert.deepEqual(muon.ns_coefficients, [3.4445, -4.775, 2.0315]);
  const prodigy = makeOptimizer("prodigy").options;
  assert.deepEqual([prodigy.lr, prodigy.d0, prodigy.d_coef, prodigy.decouple, prodigy.growth_rate], [1, 1e-6, 1, true, Infinity]);
});

test("bad values are OptionErrors naming the rule", () => {
  const throwsOption = (f: () => unknown, re: RegExp) => assert.throws(f, (e: unknown) => e instanceof OptionError && re.test(e.message));
  throwsOption(() => makeOptimizer("sgd-schedulefree", { momentum: 1 }), /invalid momentum 1 for sgd-schedulefree: must be in \(0, 1\)/);
  throwsOption(() => makeOptimizer("adamw-schedulefree", { warmup_steps: 2.5 }), /invalid warmup_steps 2.5 for adamw-schedulefree: must be an integer >= 0/);
  throwsOption(() => makeOptimizer("prodigy", { beta3: 1.5 }), /invalid beta3 1.5 for prodigy: must be in \[0, 1\), or -1 for √beta2/);
  throwsOption(() => makeOptimizer("muon", { adjust_lr_fn: "other" }), /must be one of original, match_rms_adamw/);
  const muon = makeOptimizer("muon");
  throwsOption(() => muon.init({ w: new Float64Array(6) }, { w: [4, 2] }), /muon: shape \[4, 2\] of "w" does not fit its 6 entries/);
});

test("muon orthogonalizes only the 2-D weights it is told about; the rest take AdamW", () => {
  const muon = makeOptimizer("muon", { output_adamw: true });
  const params = { a: new Float64Array(6), b: new Float64Array(3), c: new Float64Array(6) };
  const state = muon.init(params, { a: [2, 3], b: [3], c: [3, 2] });
  assert.deepEqual(Object.keys(state.slots.a!), ["momentum_buffer"]);
  assert.deepEqual(Object.keys(state.slots.b!), ["exp_avg", "exp_avg_sq"]);
  assert.deepEqual(Object.keys(state.slots.c!), ["exp_avg", "exp_avg_sq"]); // the last 2-D weight, with output_adamw
  assert.deepEqual(Object.keys(muon.init(params).slots.a!), ["exp_avg", "exp_avg_sq"]); // no shapes, no matrices
});

/** Counts the typed arrays constructed while `f` runs (every `new Float32Array/Float64Array` in src reads the global). */
function typedArraysMadeBy(f: () => void): number {
  const saved = { f32: globalThis.Float32Array, f64: globalThis.Float64Array };
  let made = 0;
  const counting = <C extends object>(ctor: C): C => new Proxy(ctor, { construct: (target, args) => (made++, Reflect.construct(target as never, args)) });
  globalThis.Float32Array = counting(saved.f32);
  globalThis.Float64Array = counting(saved.f64);
  try {
    f();
  } finally {
    globalThis.Float32Array = saved.f32;
    globalThis.Float64Array = saved.f64;
  }
  return made;
}

test("muon makes its matrices once per shape: later steps allocate no typed array", () => {
  for (const float32 of [false, true]) {
    const vec = (values: number[]) => (float32 ? Float32Array.from(values) : Float64Array.from(values));
    const range = (n: number, f: (i: number) => number) => vec(Array.from({ length: n }, (_, i) => f(i)));
    // Two weights of one shape share their buffers; a tall one takes its own; the bias takes AdamW.
    const params = { w1: range(12, Math.sin), w2: range(12, Math.cos), w3: range(8, (i) => i / 8 - 0.4), b: vec([0.1, -0.2]) };
    const shapes = { w1: [3, 4], w2: [3, 4], w3: [4, 2], b: [2] };
    const grads = { w1: range(12, (i) => Math.sin(i) ** 2 - 0.3), w2: range(12, (i) => 0.5 - Math.cos(i)), w3: range(8, (i) => i / 8 - 0.3), b: vec([0.3, 0.4]) };
    const muon = makeOptimizer("muon", { lr: 0.02 });
    const state = muon.init(params, shapes);
    const first = typedArraysMadeBy(() => muon.step(params, grads, state));
    assert.ok(first >= 2 * 6, `the first step makes the two shapes' buffers (made ${first})`); // the check can fail
    const later = typedArraysMadeBy(() => {
      for (let k = 0; k < 3; k++) muon.step(params, grads, state, { lr: 0.01 * (k + 1) });
    });
    assert.equal(later, 0, `${float32 ? "float32" : "float64"}: steps after the first made ${later} typed arrays`);
  }
});
