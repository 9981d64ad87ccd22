/**
 * The goal of issue 16, measured: on the same files, the model `descent train` fits with its
 * defaults reaches scikit-learn's test score. The reference is a ColumnTransformer(imputer +
 * scaler | imputer + one-hot) pipeline with LogisticRegression / LinearRegression fitted on the
 * whole *-train.csv (scripts/oracles/make_tabular_fixtures.py → sklearn-scores.json); descent
 * trains on the same file with only the options the data needs (target, the ID column, missing
 * cells) and is scored by `descent predict` on the same *-test.csv rows.
 */
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { bufferIO } from "../../src/cli/io.js";
import { main } from "../../src/cli/main.js";

const F = resolve("test/fixtures/tabular");
const sklearn = JSON.parse(readFileSync(join(F, "sklearn-scores.json"), "utf8"));
const dir = mkdtempSync(join(tmpdir(), "descent-parity-"));
/** descent trains on 80 % of the training file (its default test split), scikit-learn on all of it. */
const TOLERANCE = 0.01;

async function cli(args: string[]): Promise<{ code: number; out: string }> {
  const io = bufferIO(dir);
  const code = await main(args, io);
  return { code, out: io.out() };
}

async function trainAndScore(name: string, trainArgs: string[]): Promise<{ value: number; rocAuc?: number }> {
  const model = join(dir, `${name}.json`);
  assert.equal((await cli(["train", "--data", join(F, `${name}-train.csv`), ...trainArgs, "--save", model, "--json"])).code, 0);
  const r = await cli(["predict", "--model", model, "--data", join(F, `${name}-test.csv`), "--json"]);
  assert.equal(r.code, 0);
  return JSON.parse(r.out);
}

describe("descent's defaults against scikit-learn on the same files", () => {
  test(`churn (11 % yes, target first, text categories, missing cells): ROC AUC within ${TOLERANCE} of scikit-learn's ${sklearn.churn.roc_auc.toFixed(4)}`, async () => {
    const s = await trainAndScore("churn", ["--target", "churned", "--drop", "customer_id", "--impute", "median"]);
    assert.ok(s.rocAuc! >= sklearn.churn.roc_auc - TOLERANCE, `descent ROC AUC ${s.rocAuc} vs scikit-learn ${sklearn.churn.roc_auc}`);
  });

  test(
    `houses (regression, text categories, missing cells): test R² within ${TOLERANCE} of scikit-learn's ${sklearn.houses.r2.toFixed(4)}`,
    async () => {
      const s = await trainAndScore("houses", ["--drop", "listing_id", "--impute", "median"]);
      assert.ok(s.value >= sklearn.houses.r2 - TOLERANCE, `descent R² ${s.value} vs scikit-learn ${sklearn.houses.r2}`);
    },
  );
});
