// The new optimizers through the CLI: listed with their rules, accepted as spec strings by
// minimize/compare/train, refused with one line when misspelt; a schedule-free model is saved at x.
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { deserializeState, type OptimizerState } from "../../src/optim/index.js";
import { run } from "./helpers.js";

const NEW = ["lion", "sgd-schedulefree", "adamw-schedulefree", "muon", "prodigy"];

test("descent optimizers lists every new optimizer with its rule and defaults", async () => {
  const r = await run(["optimizers"]);
  assert.equal(r.code, 0);
  for (const name of NEW) assert.match(r.out, new RegExp(`^  ${name}: .{20,}$`, "m"));
  assert.match(r.out, /^ {4}lr=0\.0001 \(must be > 0\) {2}learning rate$/m); // Lion's default
  assert.match(r.out, /^ {4}growth_rate=Infinity /m);
  const json = JSON.parse((await run(["optimizers", "--json"])).out) as { optimizers: { name: string; rule: string }[] };
  assert.deepEqual(json.optimizers.slice(-5).map((o) => o.name), NEW);
});

test("compare races them from one start, spec strings and all", async () => {
  const specs = "lion:lr=0.05,beta1=0.9; sgd-schedulefree:lr=0.01; adamw-schedulefree:lr=0.05; muon:lr=0.05,nesterov=false; prodigy";
  const r = await run(["compare", "himmelblau", "--start=0.5,-1.5", "--optimizers", specs, "--steps", "300", "--json"]);
  assert.equal(r.code, 0, r.err);
  const runs = (JSON.parse(r.out) as { runs: { optimizer: string; value: number }[] }).runs;
  assert.deepEqual(runs.map((x) => x.optimizer.split(":")[0]), NEW);
  for (const x of runs) assert.ok(x.value < 1, `${x.optimizer} ends at f = ${x.value}`);
});

test("a misspelt option or name is one line naming the valid ones, exit 2", async () => {
  const bad = await run(["minimize", "rosenbrock", "--start=-1,1", "--optimizer", "lion:lr=1e-4,beta=0.9"]);
  assert.equal(bad.code, 2);
  assert.equal(bad.err.trim(), 'descent: unknown option "beta" for lion (valid: lr, beta1, beta2, weight_decay, maximize)');
  const coefficients = await run(["minimize", "rosenbrock", "--start=-1,1", "--optimizer", "muon:ns_coefficients=1/2"]);
  assert.equal(coefficients.code, 2);
  assert.match(coefficients.err, /invalid ns_coefficients 1\/2 for muon: give three numbers a\/b\/c/);
});

test("train saves a schedule-free model at x, with the state to go on from y", async () => {
  const dir = mkdtempSync(join(tmpdir(), "descent-sf-"));
  const r = await run(["train", "--data", "iris", "--model", "mlp:8", "--optimizer", "adamw-schedulefree:lr=0.01", "--epochs", "3", "--save", "m.json", "--json"], dir);
  assert.equal(r.code, 0, r.err);
  const file = JSON.parse(readFileSync(join(dir, "m.json"), "utf8")) as { params: Record<string, number[]>; optimizer: { spec: string; state: unknown } };
  const state = deserializeState<OptimizerState>(file.optimizer.state);
  assert.match(file.optimizer.spec, /^adamw-schedulefree:/);
  for (const [name, values] of Object.entries(file.params)) {
    assert.deepEqual(values, Array.from(state.slots[name]!.x!), name);
    assert.notDeepEqual(values, Array.from(state.slots[name]!.y!), name);
  }
});

test("train with muon on the hidden layer", async () => {
  const r = await run(["train", "--data", "iris", "--model", "mlp:8", "--optimizer", "muon:lr=0.05,output_adamw=true,adamw_lr=0.01", "--epochs", "40", "--json"]);
  assert.equal(r.code, 0, r.err);
  assert.ok((JSON.parse(r.out) as { final: { testMetric: number } }).final.testMetric >= 0.9);
});
