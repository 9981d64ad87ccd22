/**
 * `--data fashion-mnist` through the real CLI: found in DESCENT_DATA_DIR, and downloaded (with the
 * files checked) from a local mirror when it is nowhere on the machine.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { SHARED_DATASETS } from "../shared-data.js";
import { closedPort, startMirror } from "../local-mirror.js";

const BIN = fileURLToPath(new URL("../../bin/descent.js", import.meta.url));
const SHARED_FASHION = join(SHARED_DATASETS, "fashion-mnist");
const skip = !existsSync(SHARED_FASHION) && `${SHARED_FASHION} is absent`;

/** Runs the built CLI with exactly `env` (plus PATH), asynchronously, so a server in this process can answer it. */
function cli(args: string[], env: Record<string, string>, cwd: string): Promise<{ code: number; out: string; err: string }> {
  return new Promise((done) => {
    execFile(process.execPath, [BIN, ...args], { cwd, env: { PATH: process.env.PATH ?? "", ...env }, maxBuffer: 1 << 26 }, (error, out, err) => {
      done({ code: error ? (typeof error.code === "number" ? error.code : 1) : 0, out, err });
    });
  });
}

test("descent train --data fashion-mnist --model mlp:256 --epochs 1 trains on the copy in DESCENT_DATA_DIR", { skip }, async () => {
  const home = mkdtempSync(join(tmpdir(), "descent-home-"));
  try {
    const r = await cli(
      ["train", "--data", "fashion-mnist", "--model", "mlp:256", "--batch-size", "128", "--optimizer", "adam:lr=0.001", "--epochs", "1", "--json"],
      { HOME: home, DESCENT_DATA_DIR: SHARED_DATASETS },
      home,
    );
    assert.equal(r.code, 0, r.err);
    // The history's shape is being flattened (issue 16); read either form.
    const result = JSON.parse(r.out) as { history: { testMetric: number }[] | { history: { testMetric: number }[] } };
    const epochs = Array.isArray(result.history) ? result.history : result.history.history;
    assert.equal(epochs.length, 1);
    assert.ok(epochs[0]!.testMetric >= 0.8, `test accuracy ${epochs[0]!.testMetric}`);
    // Nothing was downloaded into the user's cache.
    assert.ok(!existsSync(join(home, ".cache")));
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
});

test("the kneusel-momentum preset needs no --data: fashion-mnist is downloaded from the mirror, checked, and used", { skip }, async () => {
  const home = mkdtempSync(join(tmpdir(), "descent-home-"));
  const server = await startMirror(SHARED_FASHION);
  try {
    const r = await cli(
      ["study", "--preset", "kneusel-momentum", "--minibatches", "5", "--repeats", "1", "--workers", "0"],
      { HOME: home, DESCENT_DATA_MIRROR: server.url },
      home,
    );
    assert.equal(r.code, 0, r.err);
    const dir = join(home, ".cache", "descent", "fashion-mnist");
    assert.match(r.err, new RegExp(`fashion-mnist: downloaded and checked, in ${dir.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}`));
    assert.match(r.err, /fashion-mnist: train-images-idx3-ubyte\.gz \(\d+\.\d MB\)/);
    assert.equal(readdirSync(dir).length, 4);
    assert.match(r.out, /mcc/i);
  } finally {
    server.close();
    rmSync(home, { recursive: true, force: true });
  }
});

test("offline, --data fashion-mnist exits 2 with one line saying where to put the files", async () => {
  const home = mkdtempSync(join(tmpdir(), "descent-home-"));
  const port = await closedPort();
  try {
    const r = await cli(["train", "--data", "fashion-mnist", "--epochs", "1"], { HOME: home, DESCENT_DATA_MIRROR: `http://127.0.0.1:${port}/` }, home);
    assert.equal(r.code, 2, r.err);
    const lines = r.err.trim().split("\n");
    assert.equal(lines.length, 1, r.err);
    assert.match(lines[0]!, /cannot download http:\/\/127\.0\.0\.1:\d+\/train-images-idx3-ubyte\.gz \(connection refused, ECONNREFUSED, 3 tries\): put .* in .*\.cache\/descent\/fashion-mnist\//);
    assert.doesNotMatch(r.err, /\n\s+at /);
    // The empty folder made for the download is all that exists: no partial files.
    assert.deepEqual(readdirSync(join(home, ".cache", "descent", "fashion-mnist")), []);
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
});
