/** Examples in the README and docs/ import the package by name, as a user writes them, never repository paths. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";

test('docs and README import from "descent", never from repository paths', () => {
  const files = ["README.md", ...readdirSync("docs").filter((f) => f.endsWith(".md")).map((f) => `docs/${f}`)];
  const offenders = files.flatMap((file) =>
    readFileSync(file, "utf8").split("\n").flatMap((line, i) => (/\bfrom\s+["'](\.{1,2}\/|\/)|import\(["'](\.{1,2}\/|\/)/.test(line) ? [`${file}:${i + 1}: ${line.trim()}`] : [])),
  );
  assert.deepEqual(offenders, []);
});

test("the README says the package is ESM-only", () => {
  assert.match(readFileSync("README.md", "utf8"), /descent is ESM-only/);
});
