import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runStudy, setupFromFlags } from "../../src/cli/commands/study.js";
import { bufferIO } from "../../src/cli/io.js";
import { OptionError } from "../../src/errors.js";

const flags = { data: "iris", model: "mlp:6", optimizers: "sgd:lr=0.05; sgd:lr=0.05,momentum=0.9", repeats: "3", epochs: "3", batchSize: "16", workers: "1" };

describe("descent study", () => {
  test("--json prints {metric, configs: [{optimizer, values, mean, se, sd, min, max}], pairs: [{a, b, t, p_t, u, p_u, d}]}", async () => {
    const io = bufferIO();
    assert.equal(await runStudy({ ...flags, metric: "accuracy", json: true }, io), 0);
    const out = JSON.parse(io.out());
    assert.equal(out.metric, "accuracy");
    assert.equal(out.configs.length, 2);
    for (const c of out.configs) {
      for (const key of ["optimizer", "values", "mean", "se", "sd", "min", "max"]) assert.ok(key in c, key);
      assert.equal(c.values.length, 3);
      assert.equal(c.mean, c.values.reduce((s: number, v: number) => s + v, 0) / 3);
    }
    assert.deepEqual(Object.keys(out.pairs[0]).slice(0, 7), ["a", "b", "t", "p_t", "u", "p_u", "d"]);
    assert.equal(out.pairs[0].a, "sgd:lr=0.05");
    assert.match(io.err(), /^study: 2 configurations × 3 seeds = 6 runs\nrun 1\/6: sgd:lr=0.05 seed 1 → /);
    assert.equal(io.err().split("\n").filter((l) => l.startsWith("run ")).length, 6);
  });

  test("text report: the table, the pair's tests and a verdict; --plot writes an SVG", async () => {
    const io = bufferIO();
    const dir = mkdtempSync(join(tmpdir(), "descent-study-plot-"));
    assert.equal(await runStudy({ ...flags, plot: join(dir, "study.svg") }, io), 0);
    const text = io.out();
    assert.match(text, /mean MCC ± se/);
    assert.match(text, /Welch t/);
    assert.match(text, /Mann–Whitney U/);
    assert.match(text, /(is better than|no difference at the 0.05 level)/);
    assert.ok(existsSync(join(dir, "study.svg")));
    assert.match(readFileSync(join(dir, "study.svg"), "utf8"), /<svg[^>]*>[\s\S]*MCC over 3 seeded runs/);
  });

  test("an interrupt before the first run exits 130", async () => {
    const io = { ...bufferIO(), interrupt: AbortSignal.abort() };
    assert.equal(await runStudy({ ...flags, json: true }, io), 130);
  });

  test("bad flags are one-line OptionErrors", () => {
    assert.throws(() => setupFromFlags({ ...flags, minibatches: "10" }, "/"), /--epochs or --minibatches, not both/);
    assert.throws(() => setupFromFlags({ ...flags, metric: "f1" }, "/"), OptionError);
    assert.throws(() => setupFromFlags({ ...flags, repeats: "0" }, "/"), OptionError);
    assert.throws(() => setupFromFlags({ data: "iris" }, "/"), /needs --optimizers/);
    assert.throws(() => setupFromFlags({ optimizers: "sgd" }, "/"), /needs --data/);
  });

  test("the preset reads its size from --minibatches and --repeats", () => {
    const s = setupFromFlags({ preset: "kneusel-momentum", data: "/tmp", minibatches: "2000", repeats: "4" }, "/");
    assert.deepEqual([s.budget, s.repeats, s.batchSize, s.optimizers.length], [{ kind: "minibatches", minibatches: 2000 }, 4, 64, 2]);
  });
});

describe("registerStudy wiring", () => {
  test("commander passes the flags through (kebab-case included) and the exit code out", async () => {
    const { Command } = await import("commander");
    const { registerStudy } = await import("../../src/cli/commands/study.js");
    const io = bufferIO();
    let code = -1;
    const program = new Command("descent").exitOverride();
    registerStudy(program, io, (c) => (code = c));
    await program.parseAsync(
      ["study", "--data", "iris", "--model", "mlp:4", "--optimizers", "sgd:lr=0.05; adam:lr=0.01", "--repeats", "2", "--epochs", "2", "--batch-size", "50", "--metric", "accuracy", "--workers", "0", "--json"],
      { from: "user" },
    );
    assert.equal(code, 0);
    const out = JSON.parse(io.out());
    assert.equal(out.settings.batchSize, 50);
    assert.deepEqual(out.settings.budget, { kind: "epochs", epochs: 2 });
    assert.deepEqual(out.configs.map((c: { optimizer: string }) => c.optimizer), ["sgd:lr=0.05", "adam:lr=0.01"]);
  });
});
