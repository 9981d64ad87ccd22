/** A one-paragraph description of the machine and software a bench ran on. */
import { spawnSync } from "node:child_process";
import { cpus, loadavg, totalmem } from "node:os";
import * as kernels from "../src/kernels/index.js";
import { native } from "../src/native/index.js";

function pythonVersions(): string {
  const r = spawnSync("/usr/bin/python3", ["-c", "import sys, numpy, torch; print(sys.version.split()[0], numpy.__version__, torch.__version__)"], { encoding: "utf8" });
  if (r.status !== 0) return "PyTorch not installed";
  const [py, np, torch] = r.stdout.trim().split(" ");
  return `Python ${py}, numpy ${np}, PyTorch ${torch} (Debian python3-torch, 1 thread)`;
}

/** CPU, cores, memory, Node and peer versions, and the load average (other work on the machine). */
export function describeMachine(): string {
  const cpu = cpus();
  return [
    `${cpu[0]?.model.trim() ?? "unknown CPU"}, ${cpu.length} logical cores, ${(totalmem() / 2 ** 30).toFixed(0)} GiB`,
    `Node ${process.version}, TensorFlow.js 4.22.0 (cpu and wasm backends), ${pythonVersions()}`,
    `descent's kernels: ${native !== null ? `native ${native.isa}, ${native.threads} threads` : `${kernels.getBackend()} (native kernels not built)`}`,
  ].join("; ");
}

export function loadAverage(): string {
  return loadavg().map((v) => v.toFixed(2)).join(" / ");
}
