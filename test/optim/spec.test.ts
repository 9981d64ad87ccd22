import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import {
  formatOptimizerSpec,
  listOptimizers,
  listSchedules,
  makeOptimizer,
  OPTIMIZER_NAMES,
  parseOptimizerSpec,
  parseScheduleSpec,
} from "../../src/optim/index.js";
import { OptionError } from "../../src/errors.js";

const throwsOption = (fn: () => unknown, message: string) =>
  assert.throws(fn, (e: unknown) => e instanceof OptionError && e.message === message, message);

test("parses optimizer specs with PyTorch option names", () => {
  assert.deepEqual(parseOptimizerSpec("adam:lr=0.05,beta1=0.9,amsgrad=true,weight_decay=0.1"), {
    name: "adam",
    options: { lr: 0.05, beta1: 0.9, amsgrad: true, weight_decay: 0.1 },
  });
  assert.deepEqual(parseOptimizerSpec("sgd"), { name: "sgd", options: {} });
  assert.deepEqual(parseScheduleSpec("cosine:t_max=100,eta_min=0.001"), { name: "cosine", options: { t_max: 100, eta_min: 0.001 } });
  assert.deepEqual(parseScheduleSpec("multistep:milestones=30/80,gamma=0.5").options, { milestones: [30, 80], gamma: 0.5 });
  assert.deepEqual(parseScheduleSpec("plateau:mode=max").options, { mode: "max" });
});

test("formatOptimizerSpec is the inverse of parseOptimizerSpec", () => {
  fc.assert(
    fc.property(fc.double({ min: 1e-6, max: 10, noNaN: true }), fc.double({ min: 0, max: 0.999, noNaN: true }), fc.boolean(), (lr, beta1, amsgrad) => {
      const spec = { name: "adam", options: { lr, beta1, amsgrad } };
      assert.deepEqual(parseOptimizerSpec(formatOptimizerSpec(spec)), spec);
    }),
  );
});

test("options are typed per optimizer for literal names; a run-time name takes any options, checked at run time", () => {
  // @ts-expect-error: lr is a number
  throwsOption(() => makeOptimizer("adam", { lr: "fast" }), "invalid lr fast for adam: must be a number");
  // @ts-expect-error: amsgrad is adam's, not lion's
  throwsOption(() => makeOptimizer("lion", { amsgrad: true }), 'unknown option "amsgrad" for lion (valid: lr, beta1, beta2, weight_decay, maximize)');
  const name: string = "adam";
  assert.equal(makeOptimizer(name, { amsgrad: true }).options.amsgrad, true);
  assert.equal(makeOptimizer("muon", { adjust_lr_fn: "match_rms_adamw", ns_coefficients: [3, -4, 2] }).options.adjust_lr_fn, "match_rms_adamw");
  // Every listed name is its rule's own name (the typed map's keys are the names makeOptimizer accepts).
  for (const n of OPTIMIZER_NAMES) assert.equal(makeOptimizer(n).name, n);
});

test("unknown names and options list the valid ones", () => {
  throwsOption(() => parseOptimizerSpec("adm:lr=1"), `unknown optimizer "adm" (valid: ${OPTIMIZER_NAMES.join(", ")})`);
  throwsOption(() => parseOptimizerSpec("adam:bta1=0.9"), 'unknown option "bta1" for adam (valid: lr, beta1, beta2, eps, weight_decay, amsgrad, maximize)');
  // @ts-expect-error: sgd's options are typed, so an unknown key is a compile error as well as an OptionError
  throwsOption(() => makeOptimizer("sgd", { betas: 1 }), 'unknown option "betas" for sgd (valid: lr, momentum, dampening, weight_decay, nesterov, maximize)');
  assert.throws(() => parseScheduleSpec("cosin"), /unknown schedule "cosin" \(valid: /);
});

test("invalid values name the rule they break", () => {
  throwsOption(() => makeOptimizer("sgd", { lr: -1 }), "invalid lr -1 for sgd: must be > 0");
  throwsOption(() => parseOptimizerSpec("adam:beta1=1.2"), "invalid beta1 1.2 for adam: must be in [0, 1)");
  throwsOption(() => parseOptimizerSpec("adam:beta2=1"), "invalid beta2 1 for adam: must be in [0, 1)");
  throwsOption(() => parseOptimizerSpec("sgd:momentum=0.9,nesterov=true,dampening=0.1"), "nesterov requires momentum > 0 and dampening = 0");
  throwsOption(() => parseOptimizerSpec("sgd:nesterov=true"), "nesterov requires momentum > 0 and dampening = 0");
  throwsOption(() => parseOptimizerSpec("adam:amsgrad=1"), "invalid amsgrad 1 for adam: must be true or false");
  throwsOption(() => parseOptimizerSpec("adam:lr=fast"), "invalid lr fast for adam: must be a number");
  throwsOption(() => parseOptimizerSpec("rmsprop:eps=-1e-8"), "invalid eps -1e-8 for rmsprop: must be >= 0");
  throwsOption(() => parseOptimizerSpec("adam:lr"), 'cannot parse optimizer spec "adam:lr": expected key=value at "lr"');
  throwsOption(() => parseOptimizerSpec("adam:lr=1,lr=2"), 'option "lr" given twice in optimizer spec "adam:lr=1,lr=2"');
});

test("hyperparameters given per step are validated with the same rules", () => {
  const opt = makeOptimizer("adam", { lr: 0.1 });
  const params = { w: Float64Array.of(1) };
  const state = opt.init(params);
  assert.throws(() => opt.update({ w: Float64Array.of(1) }, state, params, { lr: -0.5 }), /invalid lr -0.5 for adam: must be >= 0/);
  assert.throws(() => opt.update({ w: Float64Array.of(1) }, state, params, { beta2: 1.5 }), /invalid beta2 1.5 for adam: must be in \[0, 1\)/);
  assert.throws(() => opt.update({ w: Float64Array.of(1) }, state, params, { amsgrad: true }), /cannot switch on "max_exp_avg_sq" mid-run/);
  // lr = 0 is allowed mid-run (a schedule may end there) and leaves the parameters where they are.
  const r = opt.update({ w: Float64Array.of(1) }, state, params, { lr: 0 });
  assert.equal(r.updates.w![0], -0);
});

test("listings carry every optimizer and schedule with options, defaults and rules", () => {
  const list = listOptimizers();
  assert.deepEqual(list.map((o) => o.name), ["sgd", "momentum", "nesterov", "adagrad", "rmsprop", "adam", "adamw", "adamax", "nadam", "radam", "adadelta", "lion", "sgd-schedulefree", "adamw-schedulefree", "muon", "prodigy"]);
  const adam = list.find((o) => o.name === "adam")!;
  assert.deepEqual(adam.options.find((o) => o.name === "beta2"), { name: "beta2", kind: "number", default: 0.999, constraint: "must be in [0, 1)", doc: "decay of the second moment" });
  for (const o of list) assert.ok(o.rule.length > 10 && !o.rule.includes("\n"));
  // PyTorch's defaults.
  assert.equal(makeOptimizer("adamw").options.weight_decay, 0.01);
  assert.equal(makeOptimizer("adagrad").options.eps, 1e-10);
  assert.equal(makeOptimizer("adadelta").options.lr, 1);
  assert.equal(makeOptimizer("nadam").options.momentum_decay, 0.004);
  assert.equal(makeOptimizer("momentum").options.momentum, 0.9);
  assert.equal(makeOptimizer("nesterov").options.nesterov, true);
  assert.ok(listSchedules().some((s) => s.name === "plateau"));
});
