/**
 * The README's "Your own training loop" example runs as written (its `descent` import pointed at
 * this checkout's Node entry) and trains: the last batch loss falls well below the untrained 1.1.
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

test("the README's own training loop with a custom loss runs and trains", () => {
  const code = readmeBlock("### Your own training loop, with your own loss")
    .replace(/from "descent"/, `from ${JSON.stringify(pathToFileURL(join(ROOT, "src", "index.node.ts")).href)}`);
  const dir = mkdtempSync(join(tmpdir(), "descent-readme-"));
  try {
    const file = join(dir, "loop.mts");
    writeFileSync(file, code);
    const r = spawnSync(process.execPath, ["--import", "tsx", file], { cwd: ROOT, encoding: "utf8", timeout: 120_000 });
    assert.equal(r.status, 0, r.stderr);
    const m = /^last batch loss (\d+\.\d{3})$/m.exec(r.stdout);
    assert.ok(m, r.stdout);
    const loss = Number(m[1]);
    assert.ok(loss > 0.15 && loss < 0.6, `last batch loss ${loss}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
