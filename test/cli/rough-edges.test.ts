import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { descent, needsBuild, oneLineError } from "./real-cli.js";

const dir = mkdtempSync(join(tmpdir(), "descent-edges-"));

describe("CLI rough edges", { skip: needsBuild }, () => {
  test('an expression that starts with "-" is the function, not an option', () => {
    const r = descent(["minimize", "-x^2 + x^4", "--start", "x=0.3", "--json"]);
    assert.equal(r.code, 0, r.err);
    const run = JSON.parse(r.out);
    assert.equal(run.status, "converged");
    assert.ok(Math.abs(run.point[0] - Math.SQRT1_2) < 1e-5, String(run.point));
    // Wherever it stands, and with a negative option value beside it.
    const before = JSON.parse(descent(["minimize", "--start", "x=-0.3", "-x^2 + x^4", "--json"]).out);
    assert.ok(Math.abs(before.point[0] + Math.SQRT1_2) < 1e-5, String(before.point));
    // A mistyped option is still an unknown option.
    assert.equal(oneLineError(descent(["minimize", "x^2", "--start", "x=1", "--stpes", "3"])), "descent: unknown option '--stpes' (did you mean --steps?)");
    // "-x" alone cannot be told from a short option: the error says how to pass it, and that way works.
    assert.equal(
      oneLineError(descent(["minimize", "-x", "--start", "x=1"])),
      `descent: unknown option '-x'; an expression that starts with "-" goes last, after the options and "--": descent minimize [options] -- "-x"`,
    );
    assert.equal(oneLineError(descent(["train", "--data", "iris", "-z"])), "descent: unknown option '-z'");
    // Another tool's name for an option train has: the error names train's own.
    assert.equal(oneLineError(descent(["train", "--data", "iris", "--out", "m.json"])), "descent: unknown option '--out' (train uses --save, e.g. --save model.json)");
    // The data file as an operand, as other tools take it: the error names the --data form.
    const operand = descent(["train", "churn.csv", "--target", "churned"]);
    assert.equal(operand.code, 2);
    assert.equal(oneLineError(operand), "descent: train takes no operand 'churn.csv': give the data file as --data churn.csv");
    assert.equal(oneLineError(descent(["predict", "--model", "m.json", "new.csv"])), "descent: predict takes no operand 'new.csv': give the data file as --data new.csv");
    const negated = descent(["minimize", "--start", "x=1", "--steps", "3", "--json", "--", "-x"]);
    assert.equal(negated.code, 0, negated.err);
    assert.equal(JSON.parse(negated.out).status, "max-steps");
  });

  test("a diverged run says so once", () => {
    const r = descent(["minimize", "article-1d", "--start", "x=-0.9", "--lr", "0.2"]);
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /\ndiverged at step \d+: the value grew from [\d.]+ to [\d.]+e\+\d+/);
    assert.doesNotMatch(r.out, /diverged: diverged/);
    // Large numbers keep their significant digits.
    assert.match(r.out, /to \d\.\d{3}e\+\d+/);
  });

  test("compare's list of valid optimizers includes lbfgs", () => {
    const line = oneLineError(descent(["compare", "rosenbrock", "--start", "x=-1,y=1", "--optimizers", "adamm:lr=0.1"]));
    assert.match(line, /^descent: unknown optimizer "adamm" \(valid: sgd, .*adam.*, lbfgs, newton, newton-cg\)$/);
  });

  test('one feature is "1 feature"', () => {
    const csv = join(dir, "one.csv");
    writeFileSync(csv, "x,y\n" + Array.from({ length: 20 }, (_, i) => `${i},${2 * i + 0.5}`).join("\n") + "\n");
    const r = descent(["train", "--data", csv, "--epochs", "1"]);
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /^training linear on one: 16 train \/ 4 test rows, 1 feature; mse loss/);
  });

  test("a test share too small for the rows names the option's idea, not an internal name", () => {
    const line = oneLineError(descent(["train", "--data", "iris", "--test-split", "0.001"]));
    assert.equal(line, "descent: a test share of 0.001 of 150 rows leaves no test rows; use a larger share or more rows");
  });
});
