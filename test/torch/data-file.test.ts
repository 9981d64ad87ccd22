/**
 * `train.py --data FILE`: the original data file read with the stored preprocessing (categories,
 * imputation, standardization, target scaling; never refitted) trains exactly as the embedded
 * rows do, and a regression's target scaling makes train.py's updates descent's. Needs Python with
 * torch; skips with a message otherwise.
 */
import assert from "node:assert/strict";
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { test } from "node:test";
import { configFromFlags } from "../../src/cli/commands/train.js";
import { prepareRun, train } from "../../src/train/index.node.js";
import { run } from "../cli/helpers.js";
import { python, SKIP_NO_TORCH } from "./python.js";

const HOUSES = resolve("test/fixtures/tabular/houses-train.csv");
const UPDATES = 30;
// houses: a regression on price with text columns (neighborhood, condition, garage), missing cells
// filled by the stored medians and most frequent categories, and a standardized target.
const FLAGS = ["--data", HOUSES, "--target", "price", "--impute", "median", "--model", "mlp:8", "--optimizer", "adam:lr=0.01", "--batch-size", "16", "--epochs", "2", "--test-split", "0", "--seed", "4"];

function updateLosses(dir: string, extra: string[]): number[] {
  const py = python(["train.py", "--batch-order", "batch_order.safetensors", "--max-updates", String(UPDATES), "--log-updates", "updates.jsonl", "--out", "ck", ...extra], dir);
  assert.equal(py.code, 0, py.err);
  return readFileSync(join(dir, "updates.jsonl"), "utf8").trim().split("\n").map((l) => (JSON.parse(l) as { loss: number }).loss);
}

async function exported(): Promise<{ dir: string; run: string }> {
  const dir = mkdtempSync(join(tmpdir(), "descent-torch-data-"));
  const r = await run(["export", "--torch", join(dir, "run"), ...FLAGS, "--batch-order"]);
  assert.equal(r.code, 0, r.err);
  return { dir, run: join(dir, "run") };
}

test("train.py --data FILE.csv encodes the file with the stored values and gives the embedded rows' updates", { skip: SKIP_NO_TORCH, timeout: 180_000 }, async () => {
  const { dir, run: folder } = await exported();
  try {
    const embedded = updateLosses(folder, []);
    // The file as a user keeps it elsewhere, its columns in another order: found by name.
    const lines = readFileSync(HOUSES, "utf8").trim().split("\n").map((l) => l.split(","));
    const order = [8, 5, 0, 2, 1, 7, 6, 4, 3];
    writeFileSync(join(dir, "houses-reordered.csv"), lines.map((cells) => order.map((j) => cells[j]).join(",")).join("\n") + "\n");
    const fromFile = updateLosses(folder, ["--data", join(dir, "houses-reordered.csv")]);
    assert.equal(fromFile.length, UPDATES);
    assert.deepEqual(fromFile, embedded, "the same rows, encoded alike, give the same float32 updates");
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("target scaling in train.py: a regression's first updates are descent's, in the target's units", { skip: SKIP_NO_TORCH, timeout: 180_000 }, async () => {
  const { dir, run: folder } = await exported();
  try {
    const theirs = updateLosses(folder, ["--data", HOUSES]);
    const config = configFromFlags({ data: HOUSES, target: "price", impute: "median", model: "mlp:8", optimizer: "adam:lr=0.01", batchSize: "16", epochs: "2", testSplit: "0", seed: "4" }, process.cwd());
    const prepared = prepareRun(config);
    assert.ok(prepared.model.targetScaling !== undefined, "the run trains on a standardized target");
    const stop = new AbortController();
    let count = 0;
    const ours = train(prepared.model, prepared.train, {
      epochs: 2, batchSize: 16, optimizer: prepared.optimizer, loss: prepared.loss, seed: 4, recordStepLosses: true, interrupt: stop.signal,
      callbacks: { onBatchEnd: () => void (++count >= UPDATES && stop.abort()) },
    }).stepLosses!;
    // Unscaled, the losses would be (price scale)² ≈ 10¹⁰ times smaller: any slip shows.
    assert.ok(ours[0]! > 1e9, `descent's first loss ${ours[0]} is in price² units`);
    for (let k = 0; k < UPDATES; k++) {
      assert.ok(Math.abs(theirs[k]! - ours[k]!) <= 1e-5 * ours[k]!, `update ${k + 1}: train.py ${theirs[k]}, descent ${ours[k]}`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("train.py --data: a missing column or an unknown label is one line; Parquet without pyarrow says what to install", { skip: SKIP_NO_TORCH, timeout: 180_000 }, async () => {
  const { dir, run: folder } = await exported();
  try {
    const lines = readFileSync(HOUSES, "utf8").trim().split("\n");
    writeFileSync(join(dir, "no-sqft.csv"), lines.map((l) => l.split(",").filter((_, j) => j !== 1).join(",")).join("\n"));
    const missing = python(["train.py", "--data", join(dir, "no-sqft.csv"), "--max-updates", "1", "--out", "ck"], folder);
    assert.equal(missing.code, 1);
    assert.equal(missing.err.trim(), `train.py: no-sqft.csv has no column "sqft", which the model uses as a feature (columns: ${lines[0]!.split(",").filter((_, j) => j !== 1).join(", ")})`);
    copyFileSync(resolve("test/fixtures/tabular/houses-train.parquet"), join(dir, "houses.parquet"));
    const parquet = python(["train.py", "--data", join(dir, "houses.parquet"), "--batch-order", "batch_order.safetensors", "--max-updates", "3", "--log-updates", "pq.jsonl", "--out", "ck"], folder);
    const hasReader = python(["-c", "import importlib.util as u, sys; sys.exit(0 if u.find_spec('pyarrow') or u.find_spec('fastparquet') else 1)"], folder).code === 0;
    if (hasReader) {
      assert.equal(parquet.code, 0, parquet.err);
    } else {
      assert.equal(parquet.code, 1);
      assert.equal(parquet.err.trim(), "train.py: reading houses.parquet needs pyarrow (pip install pyarrow) or pandas with fastparquet, which this Python lacks; or convert it to CSV");
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("train.py --data: a missing cell in a text column is filled with the stored category, as in descent's rows; --drop-missing leaves its row out", { skip: SKIP_NO_TORCH, timeout: 180_000 }, async () => {
  const dir = mkdtempSync(join(tmpdir(), "descent-torch-impute-"));
  try {
    // 10 rows; "color" is a text column whose most frequent value is "blue"; row 4 has no color.
    const colors = ["red", "blue", "blue", "", "green", "blue", "red", "green", "blue", "red"];
    const csv = ["size,color,price", ...colors.map((c, i) => `${10 + i},${c},${(100.25 + 7.3 * i).toFixed(2)}`)].join("\n") + "\n";
    writeFileSync(join(dir, "paint.csv"), csv);
    // train.py's own reader on the file, against the rows descent encoded (data.safetensors), before standardization.
    const compare = [
      "import importlib.util, json, sys, torch",
      "spec = importlib.util.spec_from_file_location('run', 'train.py'); run = importlib.util.module_from_spec(spec); spec.loader.exec_module(run)",
      "x, y = run.read_data_file(sys.argv[1])",
      "t, _ = run.load_safetensors('data.safetensors')",
      "print(json.dumps({'same': bool(torch.equal(x, t['train.features']) and torch.equal(y, t['train.targets'])), 'rows': x.shape[0], 'x': x.tolist()}))",
    ].join("\n");
    const check = async (name: string, extra: string[]) => {
      const folder = join(dir, name);
      const r = await run(["export", "--torch", folder, "--data", join(dir, "paint.csv"), "--target", "price", "--model", "linear", "--optimizer", "sgd:lr=0.01", "--test-split", "0", "--epochs", "1", ...extra]);
      assert.equal(r.code, 0, r.err);
      const py = python(["-c", compare, join(dir, "paint.csv")], folder);
      assert.equal(py.code, 0, py.err);
      return { out: JSON.parse(py.out.trim().split("\n").at(-1)!) as { same: boolean; rows: number; x: number[][] }, folder };
    };
    const filled = await check("impute", ["--impute", "median"]);
    assert.equal(filled.out.same, true, "train.py encodes the file as descent did, the missing color included");
    assert.equal(filled.out.rows, 10);
    const categories = (JSON.parse(readFileSync(join(filled.folder, "preprocessing.json"), "utf8")) as { columns: { name: string; categories?: string[] }[] }).columns
      .find((c) => c.name === "color")?.categories;
    assert.ok(categories, JSON.stringify(categories));
    const row = (i: number) => filled.out.x[i]!.slice(1, 1 + categories.length);
    assert.deepEqual(row(3), row(1), "the missing color is encoded as blue, the most frequent");
    assert.equal(row(3).reduce((a, b) => a + b, 0), 1);
    const dropped = await check("drop", ["--drop-missing"]);
    assert.equal(dropped.out.same, true);
    assert.equal(dropped.out.rows, 9, "the row without a color is left out, as descent left it out");
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
