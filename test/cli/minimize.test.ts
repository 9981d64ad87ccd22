import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, mkdtempSync, readFileSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { run } from "./helpers.js";

describe("descent minimize", () => {
  test("prints the article's table: -0.9, -0.216, 0.22176 and converges to 1", async () => {
    const r = await run(["minimize", "article-1d", "--start", "x=-0.9", "--lr", "0.03", "--steps", "50"]);
    assert.equal(r.code, 0);
    const lines = r.out.split("\n");
    assert.ok(lines.some((l) => /^0\s+-0\.9\s+18\.66\s+22\.8$/.test(l)), r.out);
    assert.ok(lines.some((l) => /^1\s+-0\.216\s/.test(l)));
    assert.ok(lines.some((l) => /^2\s+0\.22176\s/.test(l)));
    assert.match(r.out, /converged \(minimum\): .* after 38 steps/);
    assert.match(r.out, /x = 0\.99999991\d*, f = -3/);
  });

  test("--json prints one object with the run's fields, points as arrays in variable order", async () => {
    const r = await run(["minimize", "6*x^2 + 9*y^2 - 12*x - 14*y + 3", "--start", "y=2,x=-0.5", "--lr", "0.03", "--steps", "500", "--json"]);
    assert.equal(r.code, 0);
    const j = JSON.parse(r.out);
    assert.deepEqual(Object.keys(j).sort(), ["gradNorm", "kind", "optimizer", "point", "reason", "status", "steps", "trajectory", "value", "values", "variables"]);
    assert.deepEqual(j.variables, ["x", "y"]);
    assert.deepEqual(j.trajectory[0], [-0.5, 2]);
    assert.equal(j.status, "converged");
    assert.ok(Math.abs(j.point[0] - 1) < 1e-6 && Math.abs(j.point[1] - 7 / 9) < 1e-6);
    assert.equal(j.trajectory.length, j.steps + 1);
    assert.equal(j.values.length, j.steps + 1);
  });

  test("lr 0.2 diverges: status diverged, finite numbers, exit 0", async () => {
    const r = await run(["minimize", "article-1d", "--start", "x=-0.9", "--lr", "0.2", "--steps", "1000", "--json"]);
    const j = JSON.parse(r.out);
    assert.equal(j.status, "diverged");
    assert.match(j.reason, /^diverged at step \d+/);
    assert.ok(j.values.every(Number.isFinite));
  });

  test("optimizers, schedules and line search through flags", async () => {
    const adam = JSON.parse((await run(["minimize", "rosenbrock", "--start", "x=-1.5,y=2", "--optimizer", "adam:lr=0.05,amsgrad=true", "--steps", "4000", "--json"])).out);
    assert.match(adam.optimizer, /^adam:lr=0.05,.*amsgrad=true/);
    const sched = JSON.parse((await run(["minimize", "article-1d", "--start", "x=-0.9", "--lr", "0.03", "--schedule", "step:step_size=1,gamma=0.5", "--steps", "2", "--json"])).out);
    // lr 0.03 then 0.015: x1 = -0.216, x2 = -0.216 - 0.015*(12*-0.216 - 12)
    assert.ok(Math.abs(sched.trajectory[2][0] - (-0.216 - 0.015 * (12 * -0.216 - 12))) < 1e-12);
    const armijo = JSON.parse((await run(["minimize", "rosenbrock", "--start", "x=-1.5,y=2", "--lr", "1", "--line-search", "armijo", "--steps", "50", "--json"])).out);
    assert.ok(armijo.values[50] < armijo.values[0]);
    const lb = JSON.parse((await run(["minimize", "rosenbrock", "--start", "x=-1.5,y=2", "--optimizer", "lbfgs", "--json"])).out);
    assert.equal(lb.status, "converged");
    assert.ok(lb.value < 1e-10);
  });

  test("--plot writes a PNG or SVG; a bad extension or folder is an error and writes nothing", async () => {
    const dir = mkdtempSync(join(tmpdir(), "descent-plot-"));
    const ok = await run(["minimize", "article-2d", "--start", "x=-0.5,y=2", "--lr", "0.03", "--plot", "run.png"], dir);
    assert.equal(ok.code, 0);
    assert.deepEqual([...readFileSync(join(dir, "run.png")).subarray(1, 4)].map((c) => String.fromCharCode(c)).join(""), "PNG");
    const bad = await run(["minimize", "article-2d", "--start", "x=-0.5,y=2", "--plot", "run.pdf"], dir);
    assert.equal(bad.code, 2);
    assert.match(bad.err, /^descent: figure file .*run\.pdf must end in \.svg or \.png/);
    const missing = await run(["minimize", "article-2d", "--start", "x=-0.5,y=2", "--plot", "nope/run.svg"], dir);
    assert.equal(missing.code, 2);
    assert.match(missing.err, /does not exist/);
    assert.deepEqual(readdirSync(dir), ["run.png"]);
    assert.ok(!existsSync(join(dir, "nope")));
  });

  const bad: [string[], RegExp][] = [
    [["minimize", "6x^^2", "--start", "x=1"], /^descent: cannot parse "6x\^\^2": unexpected "\^" at column 4\n$/],
    [["minimize", "(x+1", "--start", "x=1"], /^descent: cannot parse "\(x\+1": .*column/],
    [["minimize", "foo(x)", "--start", "x=1"], /unknown function "foo"/],
    [["minimize", "", "--start", "x=1"], /empty expression/],
    [["minimize", "article-2d", "--start", "x=1"], /^descent: start misses variable "y"/],
    [["minimize", "article-1d", "--start", "x=abc"], /^descent: invalid --start: x=abc is not a number/],
    [["minimize", "article-1d", "--start", "x=1", "--lr", "-1"], /^descent: invalid --lr -1: must be > 0/],
    [["minimize", "article-1d", "--start", "x=1", "--lr", "0"], /must be > 0/],
    [["minimize", "article-1d", "--start", "x=1", "--steps", "-3"], /^descent: invalid --steps -3: must be a whole number >= 0/],
    [["minimize", "article-1d", "--start", "x=1", "--optimizer", "adm"], /^descent: unknown optimizer "adm" \(valid: .*adam/],
    [["minimize", "article-1d", "--start", "x=1", "--optimizer", "adam:bta1=0.9"], /^descent: unknown option "bta1" for adam \(valid: .*beta1/],
    [["minimize", "article-1d", "--start", "x=1", "--optimizer", "adam:beta1=1.2"], /beta1 .*\[0, 1\)/],
    [["minimize", "article-1d", "--start", "x=1", "--optimizer", "sgd:momentum=0.9,nesterov=true,dampening=0.5"], /nesterov/],
    [["minimize", "article-1d", "--start", "x=1", "--schedule", "cosin"], /^descent: unknown schedule "cosin" \(valid: /],
    [["minimize", "article-1d"], /^descent: required option '--start <point>' not specified/],
    [["minimize", "rosenbrok", "--start", "x=1,y=1"], /did you mean rosenbrock/],
  ];
  for (const [args, message] of bad) {
    test(`bad input: ${args.slice(1).join(" ")}`, async () => {
      const r = await run(args);
      assert.equal(r.code, 2);
      assert.match(r.err, message);
      assert.equal(r.err.trim().split("\n").length, 1, "one line");
      assert.equal(r.out, "");
    });
  }
});

describe("descent gradient and functions", () => {
  test("gradient prints the article's partial derivatives", async () => {
    const r = await run(["gradient", "6*x^2 + 9*y^2 - 12*x - 14*y + 3"]);
    assert.equal(r.out, "∂f/∂x = 12*x - 12\n∂f/∂y = 18*y - 14\n");
    const j = await run(["gradient", "6*x^2 + 9*y^2 - 12*x - 14*y + 3", "--json"]);
    assert.deepEqual(JSON.parse(j.out), { x: "12*x - 12", y: "18*y - 14" });
  });

  test("functions lists every built-in with formula, domain and minima", async () => {
    const r = await run(["functions", "--json"]);
    const names = JSON.parse(r.out).map((f: { name: string }) => f.name);
    for (const n of ["article-1d", "article-2d", "two-minima", "rosenbrock", "himmelblau", "beale", "booth", "rastrigin", "ackley", "saddle"]) assert.ok(names.includes(n), n);
    const text = await run(["functions"]);
    assert.match(text.out, /two-minima\n {2}f = -2\*exp/);
  });

  test("--help of each command shows an example", async () => {
    for (const c of ["minimize", "compare", "gradient"]) {
      const r = await run([c, "--help"]);
      assert.equal(r.code, 0);
      assert.match(r.out, /descent /);
    }
  });
});

describe("descent compare", () => {
  test("races optimizers from one start; --json has one run per optimizer", async () => {
    const r = await run(["compare", "rosenbrock", "--start", "x=-1.5,y=2", "--optimizers", "sgd:lr=0.001; adam:lr=0.05", "--steps", "3000", "--json"]);
    const j = JSON.parse(r.out);
    assert.deepEqual(j.runs.map((x: { optimizer: string }) => x.optimizer), ["sgd:lr=0.001", "adam:lr=0.05"]);
    for (const run of j.runs) for (const k of ["optimizer", "status", "steps", "point", "value", "trajectory", "values"]) assert.ok(k in run, k);
    assert.equal(j.runs[1].status, "converged");
    const text = await run(["compare", "rosenbrock", "--start", "x=-1.5,y=2", "--optimizers", "sgd:lr=0.001; adam:lr=0.05", "--steps", "3000"]);
    assert.match(text.out, /adam:lr=0.05\s+converged\s+\d+/);
  });
});

describe("lbfgs spec", () => {
  test("options go through the shared spec parser and are checked", async () => {
    const ok = JSON.parse((await run(["minimize", "rosenbrock", "--start", "x=-1.5,y=2", "--optimizer", "lbfgs:lr=1,history_size=5,line_search=strong_wolfe", "--json"])).out);
    assert.equal(ok.optimizer, "lbfgs:lr=1,history_size=5");
    assert.equal(ok.status, "converged");
    const bad = await run(["minimize", "rosenbrock", "--start", "x=1,y=1", "--optimizer", "lbfgs:history=5"]);
    assert.equal(bad.code, 2);
    assert.match(bad.err, /^descent: unknown option "history" for lbfgs \(valid: lr, history_size, line_search\)\n$/);
    const ls = await run(["minimize", "rosenbrock", "--start", "x=1,y=1", "--optimizer", "lbfgs:line_search=wolfe"]);
    assert.match(ls.err, /invalid line_search "wolfe" for lbfgs/);
  });
});
