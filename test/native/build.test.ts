/** The install-time build of the native kernels: a missing compiler is a notice, not a failed install. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";

const run = (args: string[], env: Record<string, string>) =>
  spawnSync(process.execPath, ["scripts/build-native.mjs", ...args], { env: { ...process.env, ...env }, encoding: "utf8" });

test("without a working compiler npm install still succeeds, with one line saying what runs instead", () => {
  const r = run([], { CC: "/nonexistent/cc" });
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /^descent: native kernels not built \(.*\); using the WebAssembly kernels\n$/);
});

test("--strict (npm run build:native) turns the same failure into an error, in one line", () => {
  const r = run(["--strict"], { CC: "/nonexistent/cc" });
  assert.equal(r.status, 1);
  assert.match(r.stderr, /^descent: native kernels failed to build: .+\n$/);
});

test("DESCENT_SKIP_NATIVE=1 skips the build and says so", () => {
  const r = run([], { DESCENT_SKIP_NATIVE: "1" });
  assert.equal(r.status, 0);
  assert.equal(r.stdout, "descent: native kernels skipped (DESCENT_SKIP_NATIVE=1); using the WebAssembly kernels\n");
});
