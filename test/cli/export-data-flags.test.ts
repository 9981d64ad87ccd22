/** `descent export` takes the data options from their one definition (src/cli/data-flags.ts). */
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { run } from "./helpers.js";
import { descent, needsBuild, oneLineError } from "./real-cli.js";

const F = resolve("test/fixtures/tabular");
const dir = mkdtempSync(join(tmpdir(), "descent-export-data-"));
const CHURN = ["--data", join(F, "churn-train.csv"), "--target", "churned", "--drop", "customer_id", "--impute", "median"];

describe("export --torch with the data options", () => {
  test("--target, --drop and --impute shape the run's preprocessing as they shape train's", async () => {
    const out = join(dir, "churn");
    const r = await run(["export", "--torch", out, ...CHURN, "--epochs", "1"]);
    assert.equal(r.code, 0, r.err);
    const pre = JSON.parse(readFileSync(join(out, "preprocessing.json"), "utf8")) as {
      columns: { name: string; kind: string; categories?: string[]; impute?: number | string }[]; classes: string[];
    };
    assert.deepEqual(pre.columns.map((c) => c.name), ["plan", "region", "contract", "tenure_months", "monthly_charges", "support_calls"]);
    assert.deepEqual(pre.columns[0]!.categories, ["basic", "premium", "standard"]);
    assert.ok(pre.columns.every((c) => c.impute !== undefined), "every column has its imputation value");
    assert.deepEqual(pre.classes, ["no", "yes"]);
  });

  test("each data flag is listed once in export --help", async () => {
    const help = (await run(["export", "--help"])).out;
    for (const flag of ["--target", "--features", "--drop", "--categorical", "--impute", "--drop-missing", "--task", "--delimiter", "--decimal", "--thousands", "--no-header"]) {
      assert.equal(help.split(`  ${flag} `).length - 1, 1, flag);
    }
  });
});

describe("export: data option errors through the real CLI", { skip: needsBuild }, () => {
  test("an invalid value: exit 2, one line, no folder written", () => {
    const out = join(dir, "bad");
    assert.equal(oneLineError(descent(["export", "--torch", out, ...CHURN.slice(0, 4), "--impute", "zero"])), 'descent: invalid --impute "zero" (valid: mean, median, most-frequent)');
    assert.equal(existsSync(out), false);
  });

  test("a data option with --onnx is refused, not ignored: the model file carries the preprocessing", () => {
    const onnx = join(dir, "m.onnx");
    assert.equal(
      oneLineError(descent(["export", "--model", join(dir, "none.json"), "--onnx", onnx, "--drop-missing"])),
      "descent: --drop-missing is a data option for export --torch (the run's data); export --onnx takes the preprocessing stored in the model file",
    );
    assert.equal(existsSync(onnx), false);
  });
});
