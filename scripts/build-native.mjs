#!/usr/bin/env node
/**
 * Builds the optional native kernels (native/*.c → build/native/descent.node) with the system C
 * compiler against Node's own headers. Run by `npm install`. descent works without them (the
 * WebAssembly and JS kernels run instead), so a machine without a compiler gets a one-line notice
 * and a successful install; `--strict` makes a failed build an error (used by tests of the build).
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, renameSync, rmSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const strict = process.argv.includes("--strict");
const outDir = join(root, "build", "native");
const target = join(outDir, "descent.node");

/** Node's headers: npm's configured nodedir, else the include folder beside this Node. */
function nodeHeaders() {
  const candidates = [
    process.env.npm_config_nodedir && join(process.env.npm_config_nodedir, "include", "node"),
    resolve(dirname(process.execPath), "..", "include", "node"),
  ].filter(Boolean);
  return candidates.find((dir) => existsSync(join(dir, "node_api.h")));
}

function build() {
  if (process.env.DESCENT_SKIP_NATIVE === "1") return "skipped (DESCENT_SKIP_NATIVE=1)";
  if (process.platform !== "linux" && process.platform !== "darwin") return `not built on ${process.platform}`;
  if (process.arch !== "x64") return `not built on ${process.arch} (the kernels target x86-64)`;
  const headers = nodeHeaders();
  if (headers === undefined) return "not built: Node's headers (node_api.h) were not found";
  const cc = process.env.CC ?? "cc";
  const common = ["-O3", "-fPIC", "-std=gnu11", "-fno-math-errno", "-Wall", "-Wshadow", `-I${headers}`, "-DNODE_GYP_MODULE_NAME=descent_native"];
  const sources = [
    ["gemm.c", ["-ffp-contract=fast", "-fopenmp-simd", "-mtune=native"]],
    ["elementwise.c", ["-ffp-contract=off"]],
    ["bce.c", ["-ffp-contract=off"]],
    ["threads.c", []],
    ["parallel.c", []],
    ["addon.c", ["-ffp-contract=off"]],
  ];
  mkdirSync(outDir, { recursive: true });
  const objects = sources.map(([file, flags]) => {
    const obj = join(outDir, file.replace(/\.c$/, ".o"));
    execFileSync(cc, [...common, ...flags, "-c", join(root, "native", file), "-o", obj], { stdio: ["ignore", "ignore", "pipe"] });
    return obj;
  });
  const partial = `${target}.partial`;
  const linkFlags = process.platform === "darwin" ? ["-bundle", "-undefined", "dynamic_lookup"] : ["-shared"];
  execFileSync(cc, [...linkFlags, ...objects, "-o", partial, "-lm", "-lpthread"], { stdio: ["ignore", "ignore", "pipe"] });
  renameSync(partial, target); // never leave a half-written addon where the loader looks
  for (const obj of objects) rmSync(obj);
  return null;
}

try {
  const skipped = build();
  if (skipped !== null) {
    if (strict) throw new Error(skipped);
    console.log(`descent: native kernels ${skipped}; using the WebAssembly kernels`);
  }
} catch (error) {
  const detail = String(error.stderr ?? error.message ?? error).trim().split("\n")[0];
  if (strict) {
    console.error(`descent: native kernels failed to build: ${detail}`);
    process.exit(1);
  }
  console.log(`descent: native kernels not built (${detail}); using the WebAssembly kernels`);
}
