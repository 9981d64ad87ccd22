/** The relaxed-SIMD (fused multiply-add) build, exercised in a child Node that enables relaxed SIMD. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { makeMatmulF32Kernels } from "../../src/kernels/matmul-f32-dispatch.js";

test("relaxed: false always runs the plain SIMD128 build", () => {
  assert.equal(makeMatmulF32Kernels({ backend: "wasm", relaxed: false }).variant, "simd128");
});

test("with relaxed SIMD enabled the kernels pick the fused multiply-add build and match the reference", () => {
  const script = fileURLToPath(new URL("./relaxed-check.ts", import.meta.url));
  // Relaxed SIMD ships enabled from Node 21 (V8 11.4); Node 20 needs the flag.
  const flags = Number(process.versions.node.split(".")[0]) < 21 ? ["--experimental-wasm-relaxed-simd"] : [];
  const r = spawnSync(process.execPath, [...flags, "--import", "tsx", script], { encoding: "utf8" });
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /variant relaxed/);
});
