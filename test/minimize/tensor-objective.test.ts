/**
 * tensorObjective runs through jit: its steps replay one compiled plan (no typed array allocated
 * per step) and give the numbers of the eager autodiff gradient and Hessian-vector product.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { hvp, scalar, tensor, typedArraysAllocated, valueAndGrad, type Tensor } from "../../src/autodiff/index.js";
import { minimize, tensorObjective } from "../../src/minimize/index.js";

const rosenbrock = (x: Tensor, y: Tensor): Tensor => scalar(1).sub(x).square().add(y.sub(x.square()).square().mul(100));

test("a tensor objective's value, gradient and hvp equal the eager ones, and later steps allocate nothing", () => {
  const objective = tensorObjective(["x", "y"], rosenbrock);
  const eager = valueAndGrad(rosenbrock, [0, 1]);
  const g = new Float64Array(2);
  const hv = new Float64Array(2);
  let allocated = 0;
  for (const [call, [x, y]] of [[-1.5, 2], [0.3, -0.7], [1.1, 1.3], [2, 0.5]].entries()) {
    const point = Float64Array.of(x, y);
    const direction = Float64Array.of(0.5, -2);
    const before = typedArraysAllocated();
    const value = objective.valueAndGrad(point, g);
    objective.hvp!(point, direction, hv);
    if (call >= 2) allocated += typedArraysAllocated() - before;
    const want = eager(scalar(x), scalar(y));
    assert.equal(value, want.value.item());
    assert.deepEqual(Array.from(g), want.grad.map((t: Tensor) => t.item()));
    const p = (v: Tensor) => rosenbrock(v.slice([[0, 1]]).reshape([]), v.slice([[1, 2]]).reshape([]));
    assert.deepEqual(Array.from(hv), Array.from(hvp(p)(tensor([x, y]), tensor([0.5, -2])).data));
  }
  assert.equal(allocated, 0, "steps after the first replay allocated typed arrays");
});

test("minimize on a tensor objective follows the expression's trajectory", () => {
  const viaTensors = minimize(tensorObjective(["x", "y"], rosenbrock), { x: -1.5, y: 2 }, { optimizer: "adam:lr=0.05", steps: 300 });
  const viaExpression = minimize("(1 - x)^2 + 100*(y - x^2)^2", { x: -1.5, y: 2 }, { optimizer: "adam:lr=0.05", steps: 300 });
  const last = (r: typeof viaTensors) => r.trajectory.at(-1)!;
  last(viaTensors).forEach((v, i) => assert.ok(Math.abs(v - last(viaExpression)[i]!) < 1e-9, `${v} vs ${last(viaExpression)[i]}`));
});
