/**
 * The README's library examples run as written (their `descent` import pointed at this checkout's
 * Node entry): "Your own training loop" trains (the last batch loss falls well below the untrained
 * 1.1), and "A custom loss in train()" reaches a high training accuracy.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";

const ROOT = resolve(import.meta.dirname, "../..");

/** The first ```ts block after `heading` in README.md. */
function readmeBlock(heading: string): string {
  const text = readFileSync(join(ROOT, "README.md"), "utf8");
  const at = text.indexOf(heading);
  assert.ok(at >= 0, `README has no "${heading}"`);
  const m = /```ts\n([\s\S]*?)```/.exec(text.slice(at));
  assert.ok(m, `no ts block after "${heading}"`);
  return m[1]!;
}

/** Runs a README block as a module and returns its stdout. */
function runBlock(heading: string): string {
  const code = readmeBlock(heading).replace(/from "descent"/, `from ${JSON.stringify(pathToFileURL(join(ROOT, "src", "index.node.ts")).href)}`);
  const dir = mkdtempSync(join(tmpdir(), "descent-readme-"));
  try {
    const file = join(dir, "example.mts");
    writeFileSync(file, code);
    const r = spawnSync(process.execPath, ["--import", "tsx", file], { cwd: ROOT, encoding: "utf8", timeout: 120_000 });
    assert.equal(r.status, 0, r.stderr);
    return r.stdout;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

test("the README's own training loop with a custom loss (a jit-compiled step) runs and trains", () => {
  const stdout = runBlock("### Your own training loop, with your own loss");
  const m = /^last batch loss (\d+\.\d{3})$/m.exec(stdout);
  assert.ok(m, stdout);
  const loss = Number(m[1]);
  assert.ok(loss > 0.15 && loss < 0.6, `last batch loss ${loss}`);
});

test("the README's custom loss through train() runs and trains", () => {
  const stdout = runBlock("### A custom loss (or model) in `train()`");
  const m = /^train accuracy (\d\.\d{2})$/m.exec(stdout);
  assert.ok(m, stdout);
  assert.ok(Number(m[1]) >= 0.9, `train accuracy ${m[1]}`);
});
