/**
 * The package as users install it: `npm pack`, then the tarball installed into a fresh project,
 * with install scripts (native kernels built) and without (WebAssembly kernels). In each, the
 * README's first steps work: `npx descent tour`, `npx descent serve` (the page answers), and a
 * script that imports from "descent".
 */
import { describe, test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync, spawn } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));

/**
 * The environment for npm: this process's, less the npm_* variables `npm test` sets for its
 * scripts (they would point the nested npm at this repository's configuration).
 */
function npmEnv(): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^npm_/i.test(k)));
}

function npm(args: string[], cwd: string): string {
  return execFileSync("npm", args, { cwd, env: npmEnv(), encoding: "utf8", stdio: ["ignore", "pipe", "pipe"], maxBuffer: 1 << 26 });
}

function npx(args: string[], cwd: string): string {
  return execFileSync("npx", ["--no-install", ...args], { cwd, env: npmEnv(), encoding: "utf8", stdio: ["ignore", "pipe", "pipe"], maxBuffer: 1 << 26 });
}

/** Starts `npx descent serve --port 0`, fetches the page it names, and stops it. */
async function servePage(cwd: string): Promise<{ status: number; html: string }> {
  // Its own process group: npx starts descent as a child of its own, and both must stop.
  const child = spawn("npx", ["--no-install", "descent", "serve", "--port", "0"], { cwd, env: npmEnv(), stdio: ["ignore", "pipe", "pipe"], detached: true });
  try {
    const url = await new Promise<string>((done, fail) => {
      let out = "";
      let err = "";
      child.stdout.on("data", (d: Buffer) => {
        out += d.toString();
        const m = /descent playground at (\S+)/.exec(out);
        if (m) done(m[1]!);
      });
      child.stderr.on("data", (d: Buffer) => (err += d.toString()));
      child.on("exit", (code) => fail(new Error(`descent serve exited ${code}: ${err.trim()}`)));
    });
    const response = await fetch(url);
    return { status: response.status, html: await response.text() };
  } finally {
    try {
      process.kill(-child.pid!, "SIGTERM");
    } catch {
      // already gone
    }
    child.stdout.destroy();
    child.stderr.destroy();
  }
}

const USER_SCRIPT = `
import { minimize, tensor, grad, loadDataset, train, createModel } from "descent";
const run = minimize("6x^2 - 12x + 3", [-0.9], { lr: 0.03, steps: 100 });
const g = grad((w) => w.matmul(tensor([[1], [2]])).square().sum())(tensor([[3, 4]]));
const iris = loadDataset("iris");
console.log(JSON.stringify({ status: run.status, second: run.trajectory[1][0], g: g.toArray(), rows: iris.n, train: typeof train, createModel: typeof createModel }));
`;

describe("the packed package, installed into a fresh project", () => {
  const scratch = mkdtempSync(join(tmpdir(), "descent-pack-"));
  let tarball = "";

  before(() => {
    // dist/ and web-dist/ are built by `npm test` before the tests run; packing must not rebuild.
    const name = npm(["pack", "--ignore-scripts", "--pack-destination", scratch], ROOT).trim().split("\n").at(-1)!;
    tarball = join(scratch, name);
    assert.ok(existsSync(tarball), `npm pack wrote ${name}`);
  });
  after(() => rmSync(scratch, { recursive: true, force: true }));

  test("the tarball holds the built library, the CLI, the data, the playground and the native sources; no tests or sources", () => {
    const listing = execFileSync("tar", ["-tzf", tarball], { encoding: "utf8" }).split("\n");
    for (const path of ["package/bin/descent.js", "package/dist/index.js", "package/dist/index.d.ts", "package/web-dist/index.html", "package/data/iris.csv", "package/native/gemm.c", "package/scripts/build-native.mjs", "package/README.md"]) {
      assert.ok(listing.includes(path), `${path} is in the package`);
    }
    assert.ok(!listing.some((p) => p.startsWith("package/test/") || p.startsWith("package/src/") || p.startsWith("package/node_modules/")));
  });

  for (const scripts of [true, false]) {
    test(`npm install ${scripts ? "with" : "--ignore-scripts (no native kernels)"}: tour, serve and import from "descent" work`, async () => {
      const project = join(scratch, scripts ? "with-scripts" : "no-scripts");
      mkdirSync(project, { recursive: true });
      writeFileSync(join(project, "package.json"), JSON.stringify({ name: "user-project", private: true, type: "module" }));
      npm(["install", "--no-audit", "--no-fund", ...(scripts ? [] : ["--ignore-scripts"]), tarball], project);
      const nativeBuilt = existsSync(join(project, "node_modules", "descent", "build", "native", "descent.node"));
      if (!scripts) assert.equal(nativeBuilt, false);

      const tour = npx(["descent", "tour", "--out", "tour-report"], project);
      assert.match(tour, /2\/L = 0\.1667/);
      assert.ok(readdirSync(join(project, "tour-report")).includes("index.html"));

      const page = await servePage(project);
      assert.equal(page.status, 200);
      assert.match(page.html, /<title>[^<]*descent/i);

      writeFileSync(join(project, "use.mjs"), USER_SCRIPT);
      const used = JSON.parse(execFileSync(process.execPath, ["use.mjs"], { cwd: project, encoding: "utf8" })) as Record<string, unknown>;
      // The README's library example, as a user runs it.
      assert.equal(used.status, "converged");
      assert.ok(Math.abs((used.second as number) + 0.216) < 1e-12, JSON.stringify(used));
      assert.deepEqual(used.g, [[22, 44]]);
      assert.equal(used.rows, 150);
      assert.equal(used.train, "function");
    });
  }
});
