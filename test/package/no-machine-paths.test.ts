/**
 * Nothing a user reads carries a folder of the machine the project was built on: every command's
 * help text (from the built CLI), the README and the docs, and the built package's files.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { homedir, tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const BIN = join(ROOT, "bin", "descent.js");

/** Absolute folders of this machine: the checkout, the folder it sits in, home, temporary files, and the usual roots. */
const MACHINE_PATHS = [
  ROOT.replace(/\/$/, ""),
  dirname(ROOT.replace(/\/$/, "")),
  homedir(),
  tmpdir(),
].filter((p) => p.length > 1);
const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
/** A path starts a word (not the middle of a URL such as https://example.org/work/). */
const PATTERNS = [
  ...MACHINE_PATHS.map((p) => new RegExp(`(?<![\\w.:/-])${escape(p)}(/|$|[\\s"'\`)])`, "m")),
  /(?<![\w.:/-])\/(work|tmp|root|home|Users|mnt|srv)\//,
];

function findMachinePath(text: string): string | undefined {
  for (const line of text.split("\n")) {
    if (PATTERNS.some((re) => re.test(line))) return line.trim().slice(0, 200);
  }
  return undefined;
}

function filesUnder(dir: string, keep: (path: string) => boolean): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path, keep) : keep(path) ? [path] : [];
  });
}

test("every command's --help names no folder of this machine", () => {
  const top = execFileSync(process.execPath, [BIN, "--help"], { encoding: "utf8" });
  const commands = [...top.matchAll(/^\s{2}([a-z][a-z-]*)\b/gm)].map((m) => m[1]!).filter((c) => c !== "help");
  assert.ok(commands.length >= 10 && commands.includes("train") && commands.includes("study"), commands.join(" "));
  const found: string[] = [];
  for (const command of commands) {
    const help = execFileSync(process.execPath, [BIN, command, "--help"], { encoding: "utf8" });
    const line = findMachinePath(help);
    if (line !== undefined) found.push(`descent ${command} --help: ${line}`);
  }
  assert.deepEqual(found, []);
});

test("README, ARCHITECTURE, BENCHMARKS, docs/ and the built package name no folder of this machine", () => {
  const docs = [
    ...["README.md", "ARCHITECTURE.md", "BENCHMARKS.md"].map((f) => join(ROOT, f)),
    ...filesUnder(join(ROOT, "docs"), (p) => /\.(md|svg|html|json)$/.test(p)),
    ...filesUnder(join(ROOT, "dist"), (p) => /\.(js|d\.ts)$/.test(p)),
    ...filesUnder(join(ROOT, "web-dist"), (p) => /\.(js|html)$/.test(p)),
  ];
  assert.ok(docs.length > 50);
  const found = docs.flatMap((path) => {
    const line = findMachinePath(readFileSync(path, "utf8"));
    return line === undefined ? [] : [`${path.slice(ROOT.length)}: ${line}`];
  });
  assert.deepEqual(found, []);
});

test("the check itself finds a folder of this machine", () => {
  assert.ok(findMachinePath(`descent train --data ${ROOT}data/iris.csv`) !== undefined);
  assert.ok(findMachinePath("descent train --data /work/shared/datasets/fashion-mnist") !== undefined);
  assert.ok(findMachinePath("big10m.csv (/tmp/x)") !== undefined);
  assert.equal(findMachinePath("descent train --data path/to/fashion-mnist --plot loss.svg"), undefined);
  assert.equal(findMachinePath("see https://example.org/work/a and http://127.0.0.1:8080/"), undefined);
});
