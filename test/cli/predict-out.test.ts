/** predict --out: the rows written back as read (one parse of the input), and what it refuses. */
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { bufferIO } from "../../src/cli/io.js";
import { main } from "../../src/cli/main.js";
import { descent, needsBuild, oneLineError } from "./real-cli.js";

const dir = mkdtempSync(join(tmpdir(), "descent-predict-out-"));

async function cli(args: string[]): Promise<{ code: number; out: string; err: string }> {
  const io = bufferIO(dir);
  const code = await main(args, io);
  return { code, out: io.out(), err: io.err() };
}

const rows = Array.from({ length: 40 }, (_, i) => `${i % 7};"Main St; ${i}";${(i * 1.5).toFixed(1)};${i % 2 ? "yes" : "no"}`);
writeFileSync(join(dir, "semi.csv"), ["rooms;address;area;sold", ...rows].join("\n") + "\n");

describe("predict --out", () => {
  test("a ; file with quoted fields comes back field for field, with its delimiter", async () => {
    assert.equal((await cli(["train", "--data", "semi.csv", "--drop", "address", "--epochs", "1", "--save", "semi.json", "--json"])).code, 0);
    const r = await cli(["predict", "--model", "semi.json", "--data", "semi.csv", "--proba", "--out", "scored.csv"]);
    assert.equal(r.code, 0, r.err);
    const lines = readFileSync(join(dir, "scored.csv"), "utf8").trimEnd().split("\n");
    assert.equal(lines.length, 41);
    assert.equal(lines[0], "rooms;address;area;sold;prediction;probability_no;probability_yes");
    assert.match(lines[3]!, /^2;"Main St; 2";3\.0;no;(yes|no);0\.\d+;0\.\d+$/);
  });

  test("a bundled dataset has no rows to write back: exit 2, one line, nothing written", { skip: needsBuild }, () => {
    assert.equal(descent(["train", "--data", "iris", "--epochs", "1", "--save", join(dir, "iris.json")]).code, 0);
    const line = oneLineError(descent(["predict", "--model", join(dir, "iris.json"), "--data", "iris", "--out", join(dir, "iris-out.csv")]));
    assert.equal(line, "descent: --out writes a CSV file's rows back with predictions; iris is a bundled dataset (export it as CSV first, or leave out --out)");
    assert.equal(existsSync(join(dir, "iris-out.csv")), false);
  });
});
