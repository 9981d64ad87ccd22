import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { OptionError } from "../../src/errors.js";
import { minimize } from "../../src/minimize/index.js";
import { makeOptimizer } from "../../src/optim/index.js";
import { createModel } from "../../src/train/index.node.js";
import { loadBundled } from "../../src/data/index.node.js";
import { Rng } from "../../src/random.js";

describe("minimize's optimizer option", () => {
  const start = { x: -1.5, y: 2 };
  test("a spec string runs that optimizer, the same as { name, options } and a built optimizer", () => {
    const fromString = minimize("rosenbrock", start, { optimizer: "adam:lr=0.05", steps: 50 });
    const fromObject = minimize("rosenbrock", start, { optimizer: { name: "adam", options: { lr: 0.05 } }, steps: 50 });
    const built = minimize("rosenbrock", start, { optimizer: makeOptimizer("adam", { lr: 0.05 }), steps: 50 });
    assert.equal(fromString.optimizer, "adam:lr=0.05");
    assert.deepEqual(fromString.trajectory, fromObject.trajectory);
    assert.deepEqual(fromString.trajectory, built.trajectory);
    // Not sgd:lr=0.01, which it silently was.
    assert.notDeepEqual(fromString.trajectory, minimize("rosenbrock", start, { steps: 50 }).trajectory);
    assert.match(minimize("rosenbrock", start, { optimizer: "lbfgs", steps: 20 }).optimizer, /^lbfgs:/);
  });

  test("anything else is an OptionError that says what to pass", () => {
    const says = /pass a spec string such as "adam:lr=0.05", an object such as \{ name: "adam", options: \{ lr: 0.05 \} \}, or an optimizer from makeOptimizer$/;
    for (const bad of [42, null, ["adam"], true]) {
      assert.throws(() => minimize("rosenbrock", start, { optimizer: bad as never }), (e: unknown) => e instanceof OptionError && says.test(e.message));
    }
    assert.throws(() => minimize("rosenbrock", start, { optimizer: "adamm" }), /^OptionError: unknown optimizer "adamm" \(valid: .*, lbfgs, newton, newton-cg\)$/);
    assert.throws(() => minimize("rosenbrock", start, { optimizer: { name: "adam", options: { lrr: 1 } } }), OptionError);
  });

  test("a plain JS function or a non-objective is an OptionError naming what works", () => {
    assert.throws(
      () => minimize(((x: number[]) => x[0]! ** 2) as never, [1]),
      (e: unknown) => e instanceof OptionError && /^minimize cannot differentiate a plain JavaScript function: pass an expression such as "x\^2 \+ y\^2".*tensorObjective/.test(e.message),
    );
    assert.throws(() => minimize({ variables: ["x"] } as never, [1]), /^OptionError: invalid objective for minimize \(object\)/);
  });
});

describe("createModel's arguments", () => {
  test('createModel("softmax", ds) is an OptionError showing how to build the spec', () => {
    const ds = loadBundled("iris");
    assert.throws(
      () => createModel("softmax" as never, ds as never, new Rng(1)),
      (e: unknown) => e instanceof OptionError && /^createModel\(spec, init, rng\) needs a ModelSpec, not "softmax": build one with specFor\(parseArchitecture\("softmax"\)/.test(e.message),
    );
  });
});
