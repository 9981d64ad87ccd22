/**
 * The data options and predict through the CLI, on the realistic fixtures in test/fixtures/tabular
 * (made by scripts/oracles/make_tabular_fixtures.py). Errors run the built executable: exit 2,
 * one line, no stack trace, nothing written.
 */
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { bufferIO } from "../../src/cli/io.js";
import { main } from "../../src/cli/main.js";
import { loadFileData } from "../../src/data/read-table-file.node.js";

const F = resolve("test/fixtures/tabular");
const BIN = resolve("bin/descent.js");
const built = existsSync(resolve("dist/cli/main.js"));
const dir = mkdtempSync(join(tmpdir(), "descent-data-"));

async function cli(args: string[], stdin = ""): Promise<{ code: number; out: string; err: string }> {
  const io = bufferIO(dir, stdin);
  const code = await main(args, io);
  return { code, out: io.out(), err: io.err() };
}

/** Runs the built executable and checks the one-line error contract; returns the line. */
function refused(args: string[], written?: string): string {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd: dir, encoding: "utf8" });
  assert.equal(r.status, 2, `exit code for ${args.join(" ")}: ${r.stderr}`);
  const lines = r.stderr.trimEnd().split("\n");
  assert.equal(lines.length, 1, r.stderr);
  assert.doesNotMatch(r.stderr, /\n\s+at |Error:/);
  if (written) assert.equal(existsSync(join(dir, written)), false, `${written} was written`);
  assert.deepEqual(readdirSync(dir).filter((f) => f.includes(".tmp")), []);
  return lines[0]!;
}

const CHURN = ["--data", join(F, "churn-train.csv"), "--target", "churned", "--drop", "customer_id", "--impute", "median"];
const HOUSES = ["--data", join(F, "houses-train.csv"), "--drop", "listing_id", "--impute", "median"];

describe("data options: errors through the real CLI", { skip: !built && "build first (npm test does)" }, () => {
  test("missing cells: every column with its count, and the two remedies", () => {
    assert.equal(
      refused(["train", "--data", join(F, "houses-train.csv"), "--save", "m.json"], "m.json"),
      `descent: ${join(F, "houses-train.csv")}: missing cells in 3 columns: year_built (58), lot_m2 (51), condition (45); fill them with --impute mean|median|most-frequent or leave those rows out with --drop-missing`,
    );
  });

  test("a European file: the hint names --decimal and --thousands", () => {
    const eu = join(F, "houses-train-eu.csv");
    assert.equal(refused(["train", "--data", eu]), `descent: ${eu}: column "lot_m2" (5) has cells such as "492,71" that are not numbers; they look like numbers with decimal commas: add --decimal , --thousands .`);
  });

  test('a "$179,200" target is refused instead of a giant softmax, with the hint', () => {
    const rows = Array.from({ length: 200 }, (_, i) => `${1000 + i * 7},"$${(150 + i).toString()},${String(100 + (i % 900)).padStart(3, "0")}"`);
    writeFileSync(join(dir, "prices.csv"), ["sqft,price", ...rows].join("\n") + "\n");
    assert.equal(refused(["train", "--data", "prices.csv"]), `descent: prices.csv: target column "price" (2) has 200 distinct text values in 200 rows (such as "$150,100"), too many to be classes; they look like numbers with thousands separators: add --thousands ,, or choose --task regression (or another --target)`);
  });

  test("unknown columns and invalid option values", () => {
    assert.match(refused(["train", "--data", join(F, "churn-train.csv"), "--target", "churn"]), /^descent: .*churn-train.csv: no column "churn" \(columns: churned, customer_id, plan, region, contract, tenure_months, monthly_charges, support_calls\)$/);
    assert.equal(refused(["train", ...CHURN.slice(0, 4), "--impute", "zero"]), 'descent: invalid --impute "zero" (valid: mean, median, most-frequent)');
    assert.equal(refused(["train", ...CHURN.slice(0, 2), "--task", "ranking"]), 'descent: invalid --task "ranking" (valid: classification, regression)');
    assert.equal(refused(["train", ...CHURN.slice(0, 2), "--delimiter", ",", "--decimal", ","]), 'descent: --decimal , needs another --delimiter (such as ";")');
  });

  test("predict: a missing feature column, --proba on a regression model, --out into a missing folder", async () => {
    const model = join(dir, "houses.json");
    assert.equal((await cli(["train", ...HOUSES, "--epochs", "1", "--save", model, "--json"])).code, 0);
    writeFileSync(join(dir, "nosqft.csv"), "bedrooms,year_built\n3,1990\n");
    assert.match(refused(["predict", "--model", model, "--data", "nosqft.csv"]), /^descent: nosqft.csv: no column "sqft", which the model uses as a feature \(columns: bedrooms, year_built\)$/);
    assert.match(refused(["predict", "--model", model, "--data", join(F, "houses-test.csv"), "--proba"]), /--proba needs a classifier/);
    assert.match(refused(["predict", "--model", model, "--data", join(F, "houses-test.csv"), "--out", "no/such/dir/p.csv"]), /^descent: --out .*no\/such\/dir\/p.csv: folder .*no\/such\/dir does not exist$/);
  });
});

describe("data options: what they do", () => {
  test("the European file with --delimiter ; --decimal , --thousands . reads as the plain one", () => {
    const options = { drop: ["listing_id"], impute: "median" as const };
    const plain = loadFileData(join(F, "houses-train.csv"), options).train;
    const eu = loadFileData(join(F, "houses-train-eu.csv"), { ...options, delimiter: ";", decimal: ",", thousands: "." }).train;
    assert.deepEqual(eu.featureNames, plain.featureNames);
    assert.deepEqual(eu.features, plain.features);
    assert.deepEqual(eu.targets, plain.targets);
    assert.deepEqual(eu.columns, plain.columns);
  });

  test("notes: an identifier column, categorical columns; rows with a missing target are dropped with a count", async () => {
    const r = await cli(["train", "--data", join(F, "churn-train.csv"), "--target", "1", "--impute", "most-frequent", "--epochs", "1", "--json"]);
    assert.equal(r.code, 0);
    assert.equal(r.err, [
      'warning: column "customer_id" (2) has a different value in every row, like an identifier; leave it out with --drop customer_id',
      "note: one-hot encoding 4 categorical columns (categories): customer_id (1500), plan (3), region (4), contract (3)",
      "",
    ].join("\n"));
    writeFileSync(join(dir, "gaps.csv"), "x,y\n" + Array.from({ length: 30 }, (_, i) => `${i % 7},${i % 3 === 0 ? "NA" : (i * 1.5).toFixed(1)}`).join("\n") + "\n");
    const g = await cli(["train", "--data", "gaps.csv", "--epochs", "1", "--batch-size", "full", "--json"]);
    assert.equal(g.err, 'note: dropped 10 rows whose target "y" is missing\n');
    assert.equal(JSON.parse(g.out).final.epochs, 1);
  });

  test("an integer target with few values says it chose classification; --task regression changes it", async () => {
    writeFileSync(join(dir, "rating.csv"), "x,stars\n" + Array.from({ length: 40 }, (_, i) => `${i % 9},${1 + (i % 5)}`).join("\n") + "\n");
    const c = await cli(["train", "--data", "rating.csv", "--epochs", "1", "--json"]);
    assert.equal(c.err, 'note: target "stars" has 5 integer values, so this is classification (--task regression to predict it as a number)\n');
    assert.equal(JSON.parse(c.out).metric, "accuracy");
    const r = await cli(["train", "--data", "rating.csv", "--epochs", "1", "--task", "regression", "--json"]);
    assert.equal(r.err, "");
    assert.equal(JSON.parse(r.out).metric, "r2");
  });
});

describe("predict by column name", () => {
  const model = join(dir, "churn.json");
  const ready = cli(["train", ...CHURN, "--epochs", "3", "--save", model, "--json"]);

  test("reordered columns and an extra column give the same predictions", async () => {
    const houses = join(dir, "h.json");
    await cli(["train", ...HOUSES, "--epochs", "2", "--save", houses, "--json"]);
    const a = JSON.parse((await cli(["predict", "--model", houses, "--data", join(F, "houses-test.csv"), "--json"])).out);
    const b = JSON.parse((await cli(["predict", "--model", houses, "--data", join(F, "houses-test-reordered.csv"), "--json"])).out);
    assert.equal(a.predictions.length, 300);
    assert.deepEqual(b.predictions, a.predictions);
    assert.equal(b.value, a.value);
  });

  test("--proba gives each class's probability by name; the target column is ignored for prediction and scored", async () => {
    await ready;
    const r = await cli(["predict", "--model", model, "--data", join(F, "churn-test.csv"), "--proba", "--json"]);
    assert.equal(r.code, 0);
    const out = JSON.parse(r.out);
    assert.equal(out.probabilities.length, 500);
    for (const [k, p] of out.probabilities.entries()) {
      assert.deepEqual(Object.keys(p), ["no", "yes"]);
      assert.ok(Math.abs(p.no + p.yes - 1) < 1e-9);
      assert.equal(out.predictions[k], p.yes > 0.5 ? "yes" : "no");
    }
    assert.equal(out.metric, "accuracy");
    assert.ok(out.rocAuc > 0.7, `ROC AUC ${out.rocAuc}`);
    // Rows that are all one class, and labels the model never saw, do not stop prediction.
    const text = readFileSync(join(F, "churn-test.csv"), "utf8").split("\n");
    const oneClass = [text[0], ...text.slice(1).filter((l) => l.startsWith("no,")).slice(0, 5)].join("\n");
    const single = JSON.parse((await cli(["predict", "--model", model, "--data", "-", "--json"], oneClass)).out);
    assert.equal(single.predictions.length, 5);
    assert.equal(single.rows, 5);
  });

  test("--data - reads standard input; unseen categories are zeros with a one-line count", async () => {
    await ready;
    const rows = "plan,region,contract,tenure_months,monthly_charges,support_calls\nbasic,north,month-to-month,3,90,4\nplatinum,mars,two-year,60,40,0\n";
    const r = await cli(["predict", "--model", model, "--data", "-"], rows);
    assert.equal(r.code, 0);
    assert.equal(r.out.trimEnd().split("\n").length, 2);
    assert.equal(r.err, "warning: 2 cells with categories not seen in training, encoded as all zeros: plan (1), region (1)\n");
  });

  test("export --onnx takes one input per column; --input encoded says the encoding is the caller's", async () => {
    await ready;
    const r = await cli(["export", "--model", model, "--onnx", "churn.onnx", "--json"]);
    assert.equal(r.code, 0);
    assert.equal(r.err, "");
    assert.deepEqual(JSON.parse(r.out).inputs.map((i: { name: string; type: string }) => `${i.name}:${i.type}`), [
      "plan:string", "region:string", "contract:string", "tenure_months:float32", "monthly_charges:float32", "support_calls:float32",
    ]);
    const e = await cli(["export", "--model", model, "--onnx", "churn-encoded.onnx", "--input", "encoded"]);
    assert.equal(e.code, 0);
    assert.match(e.err, /^note: the graph's input is the encoded feature vector \(plan=basic, .*support_calls\): one-hot encode and impute the columns before calling it, or export with --input columns\n$/);
  });

  test("--out writes the input rows with the prediction columns appended", async () => {
    await ready;
    const r = await cli(["predict", "--model", model, "--data", join(F, "churn-test.csv"), "--proba", "--out", "scored.csv"]);
    assert.equal(r.code, 0);
    assert.match(r.out, /^wrote 500 predictions to scored.csv\n/);
    const lines = readFileSync(join(dir, "scored.csv"), "utf8").trimEnd().split("\n");
    const input = readFileSync(join(F, "churn-test.csv"), "utf8").trimEnd().split("\n");
    assert.equal(lines.length, 501);
    assert.equal(lines[0], `${input[0]},prediction,probability_no,probability_yes`);
    assert.ok(lines[7]!.startsWith(`${input[7]},`));
    assert.deepEqual(readdirSync(dir).filter((f) => f.includes(".tmp")), []);
  });
});

describe("Parquet", () => {
  test("houses-train.parquet (hyparquet) reads as houses-train.csv, and trains through the CLI", async () => {
    const { loadFileDataAsync } = await import("../../src/data/read-table-file.node.js");
    const options = { drop: ["listing_id"], impute: "median" as const };
    const csv = loadFileData(join(F, "houses-train.csv"), options, { testFraction: 0.2, seed: 1 });
    const parquet = await loadFileDataAsync(join(F, "houses-train.parquet"), options, { testFraction: 0.2, seed: 1 });
    assert.deepEqual(parquet.train.columns, csv.train.columns);
    assert.deepEqual(parquet.train.features, csv.train.features);
    assert.deepEqual(parquet.test!.targets, csv.test!.targets);
    const a = JSON.parse((await cli(["train", "--data", join(F, "houses-train.parquet"), ...HOUSES.slice(2), "--epochs", "2", "--json"])).out);
    const b = JSON.parse((await cli(["train", ...HOUSES, "--epochs", "2", "--json"])).out);
    assert.equal(a.final.testMetric, b.final.testMetric);
    assert.throws(() => loadFileData(join(F, "houses-train.parquet")), /houses-train.parquet is a Parquet file, which is read asynchronously: use loadFileDataAsync/);
  });

  test("predict reads a Parquet file as it reads the same CSV, and --out writes its rows back as CSV", async () => {
    assert.equal((await cli(["train", ...HOUSES, "--epochs", "2", "--save", "pq.json"])).code, 0);
    const fromCsv = await cli(["predict", "--model", "pq.json", "--data", join(F, "houses-train.csv"), "--json"]);
    const fromParquet = await cli(["predict", "--model", "pq.json", "--data", join(F, "houses-train.parquet"), "--json"]);
    assert.equal(fromParquet.code, 0, fromParquet.err);
    assert.deepEqual(JSON.parse(fromParquet.out), JSON.parse(fromCsv.out));
    assert.equal(JSON.parse(fromParquet.out).predictions.length, 1200);
    const r = await cli(["predict", "--model", "pq.json", "--data", join(F, "houses-train.parquet"), "--out", "pq-scored.csv"]);
    assert.equal(r.code, 0, r.err);
    const lines = readFileSync(join(dir, "pq-scored.csv"), "utf8").trimEnd().split("\n");
    assert.equal(lines.length, 1201);
    assert.equal(lines[0], "listing_id,sqft,bedrooms,year_built,lot_m2,neighborhood,condition,garage,price,prediction");
    assert.match(lines[1]!, /^6376,2223,3,1942,492\.71,Old Town,fair,no,463582,[\d.]+$/);
  });
});
