/**
 * The package's browser entry bundles for the browser: a file importing `train`, `minimize`,
 * `tensor` and `grad` from "descent" builds with esbuild (the bundler under Vite) for the browser
 * platform, where any `node:` module or Node-only package would fail to resolve.
 */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { build } from "esbuild";

const ROOT = resolve(import.meta.dirname, "../..");

interface Conditions { node?: unknown; default?: string }

describe("browser bundle", () => {
  it("the package's non-Node condition is the browser-safe entry", () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { exports: Record<string, Conditions> };
    assert.equal(pkg.exports["."]!.default, "./dist/index.js");
  });

  it("bundles train, minimize, tensor and grad from the entry with no node: module", async () => {
    const result = await build({
      stdin: {
        contents: 'import { train, minimize, tensor, grad } from "descent";\nexport const used = [train, minimize, tensor, grad];\n',
        resolveDir: ROOT,
        loader: "ts",
      },
      // dist/index.js is src/index.ts compiled; bundling the source needs no build first.
      alias: { descent: join(ROOT, "src", "index.ts") },
      bundle: true,
      platform: "browser",
      format: "esm",
      write: false,
      metafile: true,
      logLevel: "silent",
    });
    const inputs = Object.keys(result.metafile.inputs);
    assert.ok(inputs.some((f) => f.endsWith("src/train/trainer.ts")), "the trainer is in the bundle");
    assert.deepEqual(inputs.filter((f) => f.startsWith("node:") || f.includes(".node.")), []);
    const code = result.outputFiles[0]!.text;
    assert.doesNotMatch(code, /from\s*["']node:|require\(["']node:/);
  });

  it("a node: import in the browser graph fails the build (the check above can fail)", async () => {
    await assert.rejects(
      build({
        stdin: { contents: 'import { loadDataset } from "descent";\nexport const used = loadDataset;\n', resolveDir: ROOT, loader: "ts" },
        alias: { descent: join(ROOT, "src", "index.node.ts") },
        bundle: true, platform: "browser", format: "esm", write: false, logLevel: "silent",
      }),
      /Could not resolve/,
    );
  });
});
