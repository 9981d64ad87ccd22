/**
 * The folders are the architecture (ARCHITECTURE.md): each folder may import only the folders its
 * row below names, the folder graph has no cycles, Node-only code sits in `*.node.ts` modules (a
 * folder's Node entry is its `index.node.ts`) or in the Node-only folders, browser-safe modules never
 * reach it, and web/ imports the library only through its entry points.
 */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, readdirSync, statSync } from "node:fs";
import { dirname, join, relative, resolve, sep } from "node:path";

const ROOT = resolve(import.meta.dirname, "../..");

/** Which folders (or top-level modules) each one may import. */
const ALLOWED: Record<string, readonly string[]> = {
  errors: [],
  random: [],
  native: [],
  util: ["errors"],
  kernels: ["native", "util", "errors"],
  autodiff: ["kernels", "errors", "random", "util"],
  expr: ["autodiff", "errors", "util"],
  optim: ["autodiff", "kernels", "errors", "util"],
  curvature: ["expr", "errors", "util"],
  minimize: ["autodiff", "curvature", "expr", "optim", "errors", "random", "util"],
  data: ["util", "errors", "random"],
  stats: ["errors", "util"],
  train: ["autodiff", "kernels", "optim", "data", "util", "errors", "random"],
  plot: ["minimize", "train", "util", "errors"],
  onnx: ["train", "data", "errors", "util"],
  stream: ["autodiff", "data", "optim", "train", "errors", "random", "util"],
  study: ["autodiff", "data", "optim", "plot", "stats", "train", "errors", "random", "util"],
  torch: ["data", "optim", "train", "errors", "random", "util"],
  tour: ["curvature", "expr", "minimize", "plot", "train", "util", "errors"],
  serve: ["errors", "util"],
  index: ["autodiff", "kernels", "curvature", "expr", "optim", "minimize", "data", "train", "plot", "onnx", "errors", "random", "util"],
  "index.node": ["index", "data", "train", "plot", "stream", "study", "stats", "util"],
  cli: ["*"],
};

/** Folders that are Node-only as a whole: they read files, run workers or serve HTTP. */
const NODE_FOLDERS = new Set(["cli", "serve", "stream", "study", "tour", "torch"]);
/** Packages that need Node (native bindings, the terminal). */
const NODE_PACKAGES = ["@resvg/resvg-js", "cli-progress"];

interface Import { from: string; spec: string; typeOnly: boolean }

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return /\.m?ts$/.test(name) && !name.endsWith(".d.ts") ? [path] : [];
  });
}

function importsOf(file: string): Import[] {
  const text = readFileSync(file, "utf8");
  const out: Import[] = [];
  for (const m of text.matchAll(/^(?:import|export)\s+(type\s+)?[^;]*?from\s+["']([^"']+)["']/gms)) out.push({ from: file, spec: m[2]!, typeOnly: m[1] !== undefined });
  for (const m of text.matchAll(/^import\s+["']([^"']+)["']/gm)) out.push({ from: file, spec: m[1]!, typeOnly: false });
  for (const m of text.matchAll(/\bimport\(\s*["']([^"']+)["']\s*\)/g)) out.push({ from: file, spec: m[1]!, typeOnly: false });
  return out;
}

/** "train" for src/train/x.ts, "errors" for src/errors.ts. */
function unitOf(file: string): string {
  const parts = relative(join(ROOT, "src"), file).split(sep);
  return parts.length > 1 ? parts[0]! : parts[0]!.replace(/\.ts$/, "");
}

function target(imp: Import): string {
  return resolve(dirname(imp.from), imp.spec).replace(/\.js$/, ".ts");
}

const files = sourceFiles(join(ROOT, "src"));
const imports = files.flatMap(importsOf);
const local = imports.filter((i) => i.spec.startsWith("."));

function isNodeOnly(file: string): boolean {
  return NODE_FOLDERS.has(unitOf(file)) || file.endsWith(".node.ts");
}

describe("folder layers", () => {
  it("each folder imports only the folders its row allows", () => {
    const bad: string[] = [];
    for (const imp of local) {
      const a = unitOf(imp.from);
      const b = unitOf(target(imp));
      const allowed = ALLOWED[a];
      assert.ok(allowed, `src/${a} has no row in the table of layers`);
      if (a !== b && !allowed.includes("*") && !allowed.includes(b)) bad.push(`${relative(ROOT, imp.from)} imports ${imp.spec}`);
    }
    assert.deepEqual(bad, []);
  });

  it("the folder graph has no cycles", () => {
    const edges = new Map<string, Set<string>>();
    for (const imp of local) {
      const a = unitOf(imp.from);
      const b = unitOf(target(imp));
      if (a !== b) edges.set(a, (edges.get(a) ?? new Set()).add(b));
    }
    const state = new Map<string, "open" | "done">();
    const cycles: string[] = [];
    const visit = (u: string, path: string[]): void => {
      if (state.get(u) === "done") return;
      if (state.get(u) === "open") return void cycles.push([...path.slice(path.indexOf(u)), u].join(" -> "));
      state.set(u, "open");
      for (const v of edges.get(u) ?? []) visit(v, [...path, u]);
      state.set(u, "done");
    };
    for (const u of edges.keys()) visit(u, []);
    assert.deepEqual(cycles, []);
  });

  it("only Node-only modules import node: modules or Node-only packages", () => {
    const bad = imports
      .filter((i) => i.spec.startsWith("node:") || NODE_PACKAGES.includes(i.spec))
      .filter((i) => !isNodeOnly(i.from))
      .map((i) => `${relative(ROOT, i.from)} imports ${i.spec}`);
    assert.deepEqual(bad, []);
  });

  it("browser-safe modules import no Node-only module (types aside)", () => {
    const bad = local
      .filter((i) => !i.typeOnly && !isNodeOnly(i.from) && isNodeOnly(target(i)))
      .map((i) => `${relative(ROOT, i.from)} imports ${i.spec}`);
    assert.deepEqual(bad, []);
  });

  it("web/ imports the library only through its entry points", () => {
    const entries = /^src\/(index|(autodiff|curvature|expr|optim|minimize|data|train|plot)\/index)\.ts$/;
    const bad = sourceFiles(join(ROOT, "web", "src"))
      .flatMap(importsOf)
      .filter((i) => i.spec.startsWith(".") && relative(ROOT, target(i)).startsWith("src" + sep))
      .filter((i) => !entries.test(relative(ROOT, target(i)).split(sep).join("/")))
      .map((i) => `${relative(ROOT, i.from)} imports ${i.spec}`);
    assert.deepEqual(bad, []);
  });
});
