import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, mkdtempSync, readFileSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { run } from "./helpers.js";

describe("descent tour", () => {
  test("tells the article's story with its numbers, and writes a report linking every figure", async () => {
    const dir = mkdtempSync(join(tmpdir(), "descent-tour-"));
    const r = await run(["tour", "--out", "report"], dir);
    assert.equal(r.code, 0, r.err);
    // 1-D: -0.9, -0.216, 0.22176 … → 1
    assert.match(r.out, /\n0\s+-0\.9\s+18\.66/);
    assert.match(r.out, /\n1\s+-0\.216\s/);
    assert.match(r.out, /\n2\s+0\.22176\s/);
    // overshoot: 0.75, 1.2, 0.84 and still converges; divergence past 1/6 with its reason
    assert.match(r.out, /\n1\s+1\.2\s+/);
    assert.match(r.out, /\n2\s+0\.84\s+/);
    assert.match(r.out, /diverged: diverged at step \d+: /);
    assert.match(r.out, /2\/L = 0\.1667/);
    // 2-D: three starts reach (1, 7/9)
    assert.equal((r.out.match(/converged\s+\d+\s+\(1, 0\.77778\)/g) ?? []).length, 3);
    // two minima: both minima are reached from different starts
    assert.match(r.out, /\(-0\.98038, 0\.98038\)/);
    assert.match(r.out, /\(0\.89397, -0\.89397\)|\(0\.89398, -0\.89398\)/);

    // optimizers: from (1, -2.5) plain descent settles in the shallow minimum, momentum reaches the deep one
    assert.match(r.out, /gradient descent η=0\.1\s+converged\s+\d+\s+\(0\.8939\d, -0\.8939\d\)/);
    assert.match(r.out, /momentum 0\.9, η=0\.1\s+converged\s+\d+\s+\(-0\.98038, 0\.98038\)/);
    assert.match(r.out, /Adam η=0\.05\s+converged\s+\d+\s+\(1, 1\)/);
    // noise: most noisy runs escape the shallow minimum
    const escaped = Number(/(\d+) of 20\s+noisy runs/.exec(r.out.replace(/\n/g, " "))?.[1]);
    assert.ok(escaped >= 15, `noisy runs escaping: ${escaped}`);

    // SGD: batch vs minibatch vs stochastic on breast-cancer, with equal epochs
    assert.match(r.out, /batch \(all rows\)\s+455\s+30\s/);
    assert.match(r.out, /minibatch of 32\s+32\s+450\s/);
    assert.match(r.out, /stochastic \(1 row\)\s+1\s+13650\s/);

    const report = join(dir, "report");
    const html = readFileSync(join(report, "index.html"), "utf8");
    assert.match(html, /-0\.216/);
    const linked = [...html.matchAll(/src="([^"]+\.svg)"/g)].map((m) => decodeURIComponent(m[1]!));
    const svgs = readdirSync(report).filter((f) => f.endsWith(".svg"));
    assert.ok(svgs.length >= 6);
    assert.deepEqual([...new Set(linked)].sort(), svgs.sort());
    for (const f of svgs) assert.ok(existsSync(join(report, f.replace(/\.svg$/, ".png"))), `${f} has a PNG`);
    assert.match(r.out, /index\.html/);
  });

  test("--study with a missing folder is a one-line error before anything runs", async () => {
    const r = await run(["tour", "--no-report", "--study", "/nonexistent-fashion"]);
    assert.equal(r.code, 2);
    assert.equal(r.out, "");
    assert.match(r.err, /^descent: --study \/nonexistent-fashion: no such folder/);
  });

  test("--no-report writes nothing", async () => {
    const dir = mkdtempSync(join(tmpdir(), "descent-tour-"));
    const r = await run(["tour", "--no-report"], dir);
    assert.equal(r.code, 0);
    assert.deepEqual(readdirSync(dir), []);
  });
});
