// The first two steps of every optimizer on f(x) = x² (g = 2x) from x = 1, worked out by hand from
// each update rule; the arithmetic is spelled out so a reader can check it line by line.
import { test } from "node:test";
import assert from "node:assert/strict";
import { makeOptimizer } from "../../src/optim/index.js";
import type { Options } from "../../src/optim/index.js";

function twoSteps(name: string, options: Options): [number, number] {
  const opt = makeOptimizer(name, options);
  const params = { x: Float64Array.of(1) };
  const state = opt.init(params);
  const xs: number[] = [];
  for (let k = 0; k < 2; k++) {
    opt.step(params, { x: Float64Array.of(2 * params.x[0]!) }, state);
    xs.push(params.x[0]!);
  }
  return [xs[0]!, xs[1]!];
}

function near(got: [number, number], want: [number, number], name: string): void {
  got.forEach((g, k) => assert.ok(Math.abs(g - want[k]!) <= 4e-16 * (1 + Math.abs(want[k]!)), `${name} step ${k + 1}: ${g} vs ${want[k]}`));
}

test("sgd, momentum and nesterov by hand", () => {
  // x1 = 1 − 0.1·2 = 0.8; x2 = 0.8 − 0.1·1.6 = 0.64
  near(twoSteps("sgd", { lr: 0.1 }), [0.8, 0.64], "sgd");
  // b1 = g0 = 2 → x1 = 0.8; b2 = 0.9·2 + 1.6 = 3.4 → x2 = 0.8 − 0.34 = 0.46
  near(twoSteps("momentum", { lr: 0.1 }), [0.8, 0.46], "momentum");
  // dampening 0.5 leaves the first step alone: b2 = 0.9·2 + 0.5·1.6 = 2.6 → x2 = 0.8 − 0.26 = 0.54
  near(twoSteps("sgd", { lr: 0.1, momentum: 0.9, dampening: 0.5 }), [0.8, 0.54], "sgd dampening");
  // b1 = 2, d = 2 + 0.9·2 = 3.8 → x1 = 0.62; g1 = 1.24, b2 = 1.8 + 1.24 = 3.04, d = 1.24 + 0.9·3.04 = 3.976 → x2 = 0.2224
  near(twoSteps("nesterov", { lr: 0.1 }), [0.62, 0.62 - 0.1 * (1.24 + 0.9 * 3.04)], "nesterov");
  // weight decay: d = 2 + 0.5·1 = 2.5 → x1 = 0.75; d = 1.5 + 0.375 = 1.875 → x2 = 0.5625
  near(twoSteps("sgd", { lr: 0.1, weight_decay: 0.5 }), [0.75, 0.5625], "sgd weight decay");
});

test("adagrad, rmsprop and adadelta by hand", () => {
  // s = 4; x1 = 1 − 0.1·2/(2 + 1e-10); g1 = 2·x1; s = 4 + g1²; x2 = x1 − 0.1·g1/(√s + 1e-10)
  {
    const x1 = 1 - (0.1 * 2) / (2 + 1e-10);
    const g1 = 2 * x1;
    near(twoSteps("adagrad", { lr: 0.1 }), [x1, x1 - (0.1 * g1) / (Math.sqrt(4 + g1 * g1) + 1e-10)], "adagrad");
  }
  // lr_decay 1: the second step uses lr/(1 + 1·1) = 0.05; s starts at 1: s = 1 + 4 = 5
  {
    const x1 = 1 - (0.1 * 2) / (Math.sqrt(5) + 1e-10);
    const g1 = 2 * x1;
    near(twoSteps("adagrad", { lr: 0.1, lr_decay: 1, initial_accumulator_value: 1 }), [x1, x1 - (0.05 * g1) / (Math.sqrt(5 + g1 * g1) + 1e-10)], "adagrad decay");
  }
  // v = 0.01·4 = 0.04; x1 = 1 − 0.01·2/(0.2 + 1e-8); v = 0.99·0.04 + 0.01·g1²
  {
    const x1 = 1 - (0.01 * 2) / (0.2 + 1e-8);
    const g1 = 2 * x1;
    near(twoSteps("rmsprop", { lr: 0.01 }), [x1, x1 - (0.01 * g1) / (Math.sqrt(0.99 * 0.04 + 0.01 * g1 * g1) + 1e-8)], "rmsprop");
  }
  // centered with momentum 0.5, α = 0.9: v = 0.4, m = 0.2, a = √(0.4 − 0.04) + eps, b = 2/a
  {
    const a1 = Math.sqrt(0.4 - 0.04) + 1e-8;
    const b1 = 2 / a1;
    const x1 = 1 - 0.01 * b1;
    const g1 = 2 * x1;
    const v2 = 0.9 * 0.4 + 0.1 * g1 * g1;
    const m2 = 0.9 * 0.2 + 0.1 * g1;
    const b2 = 0.5 * b1 + g1 / (Math.sqrt(v2 - m2 * m2) + 1e-8);
    near(twoSteps("rmsprop", { lr: 0.01, alpha: 0.9, momentum: 0.5, centered: true }), [x1, x1 - 0.01 * b2], "rmsprop centered momentum");
  }
  // v = 0.1·4 = 0.4; Δ1 = √(0 + 1e-6)/√(0.4 + 1e-6)·2; a = 0.1·Δ1²
  {
    const d1 = (Math.sqrt(1e-6) / Math.sqrt(0.4 + 1e-6)) * 2;
    const x1 = 1 - d1;
    const g1 = 2 * x1;
    const d2 = (Math.sqrt(0.1 * d1 * d1 + 1e-6) / Math.sqrt(0.9 * 0.4 + 0.1 * g1 * g1 + 1e-6)) * g1;
    near(twoSteps("adadelta", { lr: 1 }), [x1, x1 - d2], "adadelta");
  }
});

test("adam, amsgrad, adamw, adamax by hand", () => {
  // m = 0.2, v = 0.004: m̂ = 2, v̂ = 4 → x1 = 1 − 0.1·2/(2 + 1e-8)
  const x1 = 1 - (0.1 * 2) / (2 + 1e-8);
  const g1 = 2 * x1;
  const m2 = 0.9 * 0.2 + 0.1 * g1;
  const v2 = 0.999 * 0.004 + 0.001 * g1 * g1;
  const adamStep2 = (0.1 * (m2 / 0.19)) / (Math.sqrt(v2 / (1 - 0.999 ** 2)) + 1e-8);
  near(twoSteps("adam", { lr: 0.1 }), [x1, x1 - adamStep2], "adam");
  // g shrinks, so v never falls below its running maximum in two steps: amsgrad = adam here
  near(twoSteps("adam", { lr: 0.1, amsgrad: true }), [x1, x1 - adamStep2], "amsgrad");
  // AdamW: x1 = 1 − 0.1·0.1·1 − 0.1·2/(2 + 1e-8); the decay does not enter m, v
  {
    const w1 = 1 - 0.01 - (0.1 * 2) / (2 + 1e-8);
    const h1 = 2 * w1;
    const m = 0.18 + 0.1 * h1;
    const v = 0.999 * 0.004 + 0.001 * h1 * h1;
    near(twoSteps("adamw", { lr: 0.1, weight_decay: 0.1 }), [w1, w1 - 0.01 * w1 - (0.1 * (m / 0.19)) / (Math.sqrt(v / (1 - 0.999 ** 2)) + 1e-8)], "adamw");
  }
  // Adamax: u = 2 + 1e-8, lr/(1 − 0.9) = 1 → x1 = 1 − 0.2/(2 + 1e-8); u2 = max(0.999·u, |g1| + 1e-8)
  {
    const a1 = 1 - 0.2 / (2 + 1e-8);
    const h1 = 2 * a1;
    const u2 = Math.max(0.999 * (2 + 1e-8), h1 + 1e-8);
    near(twoSteps("adamax", { lr: 0.1 }), [a1, a1 - (0.1 / 0.19) * ((0.18 + 0.1 * h1) / u2)], "adamax");
  }
});

test("nadam and radam by hand", () => {
  // μₜ = 0.9(1 − ½·0.96^(0.004t)); d = √(v/(1−β₂ᵗ)) + eps
  const mu = (t: number) => 0.9 * (1 - 0.5 * 0.96 ** (0.004 * t));
  {
    const d1 = Math.sqrt(0.004 / 0.001) + 1e-8;
    const x1 = 1 - (0.1 * (1 - mu(1))) / (1 - mu(1)) * (2 / d1) - ((0.1 * mu(2)) / (1 - mu(1) * mu(2))) * (0.2 / d1);
    const g1 = 2 * x1;
    const m2 = 0.18 + 0.1 * g1;
    const d2 = Math.sqrt((0.999 * 0.004 + 0.001 * g1 * g1) / (1 - 0.999 ** 2)) + 1e-8;
    const p2 = mu(1) * mu(2);
    const x2 = x1 - ((0.1 * (1 - mu(2))) / (1 - p2)) * (g1 / d2) - ((0.1 * mu(3)) / (1 - p2 * mu(3))) * (m2 / d2);
    near(twoSteps("nadam", { lr: 0.1 }), [x1, x2], "nadam");
  }
  // ρ∞ = 1999; ρ₁ = 1, ρ₂ ≈ 2 (≤ 5): plain bias-corrected momentum. x1 = 1 − 0.1·2 = 0.8;
  // m2 = 0.18 + 0.1·1.6 = 0.34 → x2 = 0.8 − 0.1·0.34/0.19
  near(twoSteps("radam", { lr: 0.1 }), [0.8, 0.8 - (0.1 * 0.34) / 0.19], "radam");
});
