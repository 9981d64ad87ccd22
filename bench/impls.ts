/**
 * The implementations a round runs, each as a fresh child process: descent itself, PyTorch and
 * numpy through Debian's /usr/bin/python3, TensorFlow.js's cpu and wasm backends.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync } from "node:fs";
import { createRequire } from "node:module";
import { native } from "../src/native/index.js";
import type { Task } from "./protocol.js";

export interface Impl {
  name: string;
  /** Command and arguments, given the task list as JSON. */
  command(tasksJson: string): { cmd: string; args: string[]; env?: NodeJS.ProcessEnv };
  /** Why it cannot run here, or null. */
  unavailable(): string | null;
  /** Only measured in the first round (slow peers, to keep the whole bench under ~10 minutes). */
  firstRoundOnly: boolean;
  /**
   * Give every task a fresh process. For the JavaScript implementations: V8 specializes code to
   * the types it has seen, so W1's float64 tensors left in the same process slow W2's float32
   * layers (measured: 32k against 41k samples/s), which no user running one job would see.
   */
  processPerTask?: boolean;
  /** Adjusts or drops a task for this implementation (size caps, time budgets). */
  adapt(task: Task): Task | null;
}

const PYTHON = "/usr/bin/python3";
const TSX = ["--import", "tsx"];
const threadEnv = { ...process.env, OPENBLAS_NUM_THREADS: "1", OMP_NUM_THREADS: "1", MKL_NUM_THREADS: "1" };

function pythonHas(module: string): string | null {
  if (!existsSync(PYTHON)) return `${PYTHON} not found`;
  const r = spawnSync(PYTHON, ["-c", `import ${module}`], { env: threadEnv, encoding: "utf8" });
  return r.status === 0 ? null : `python module ${module} not installed`;
}

function nodeHas(pkg: string): string | null {
  try {
    createRequire(import.meta.url).resolve(pkg);
    return null;
  } catch {
    return `${pkg} not installed`;
  }
}

const same = (t: Task): Task => t;

const FUSED_C = new URL("../build/bench/adam-fused", import.meta.url).pathname;

/** Builds bench/peers/adam_fused.c (W3's machine limit) with the system C compiler. */
function buildFusedC(): string | null {
  mkdirSync(new URL("../build/bench/", import.meta.url).pathname, { recursive: true });
  const source = new URL("./peers/adam_fused.c", import.meta.url).pathname;
  const r = spawnSync(process.env.CC ?? "cc", ["-O3", "-march=native", "-fno-math-errno", "-ffp-contract=off", "-fopenmp", source, "-o", FUSED_C, "-lm"], { encoding: "utf8" });
  if (r.error !== undefined) return `no C compiler (${r.error.message})`;
  return r.status === 0 ? null : `cc failed: ${r.stderr.split("\n")[0]}`;
}

/** TensorFlow.js's pure-JS backend allocates every intermediate: 10⁷-element Adam takes ~16 s a
 * step and a Fashion-MNIST epoch ~8 minutes here, so it gets size caps and a partial epoch. */
function adaptTfjsCpu(t: Task): Task | null {
  if (t.workload === "W3" && t.size > 1_000_000) return null;
  if (t.workload === "W2" && t.id !== "W2" && t.hidden * t.batch > 128 * 512) return null;
  if (t.workload === "W2") return { ...t, budgetSeconds: Math.min(t.budgetSeconds ?? 10, 10) };
  return t;
}

/** The wasm backend needs ~2 minutes for a whole epoch here: 30 s of it give the rate. 10⁸ floats
 * (p, g, m, v and Adam's temporaries) do not fit its 32-bit heap. */
function adaptTfjsWasm(t: Task): Task | null {
  if (t.workload === "W3" && t.size > 10_000_000) return null;
  if (t.workload === "W2") return { ...t, budgetSeconds: Math.min(t.budgetSeconds ?? 30, 30) };
  return t;
}

/** descent's own variants (what the second core and the native kernels each bring) run only the
 * headline tasks whose time is in the kernels. */
const onlyTasks = (ids: string[]) => (t: Task): Task | null => (ids.includes(t.id) ? t : null);

export function allImpls(): Impl[] {
  return [
    {
      name: "descent",
      command: (json) => ({ cmd: process.execPath, args: [...TSX, "bench/child.ts", json] }),
      unavailable: () => null,
      firstRoundOnly: false,
      processPerTask: true,
      adapt: same,
    },
    {
      name: "descent-1thread",
      command: (json) => ({ cmd: process.execPath, args: [...TSX, "bench/child.ts", json], env: { ...process.env, DESCENT_THREADS: "1" } }),
      unavailable: () => (native === null ? "native kernels not built" : null),
      firstRoundOnly: true,
      processPerTask: true,
      adapt: onlyTasks(["W2", "W2-b1024", "W3"]),
    },
    {
      // Both cores by data parallelism: two worker threads, each a share of every batch on one GEMM thread.
      name: "descent-dp2",
      command: (json) => ({ cmd: process.execPath, args: [...TSX, "bench/child.ts", json], env: { ...process.env, DESCENT_THREADS: "1", DESCENT_BENCH_WORKERS: "2" } }),
      unavailable: () => null,
      firstRoundOnly: true,
      processPerTask: true,
      adapt: onlyTasks(["W2", "W2-b1024"]),
    },
    {
      name: "descent-wasm",
      command: (json) => ({ cmd: process.execPath, args: [...TSX, "bench/child.ts", json], env: { ...process.env, DESCENT_NATIVE: "0" } }),
      unavailable: () => (native === null ? "native kernels not built (descent itself runs WebAssembly)" : null),
      firstRoundOnly: true,
      processPerTask: true,
      adapt: onlyTasks(["W2", "W3", "W4"]),
    },
    {
      name: "torch",
      command: (json) => ({ cmd: PYTHON, args: ["bench/peers/torch_bench.py", "torch", json], env: threadEnv }),
      unavailable: () => pythonHas("torch"),
      firstRoundOnly: false,
      adapt: (t) => (t.workload === "W1-expr" || t.workload === "frame" ? null : t),
    },
    {
      name: "numpy",
      command: (json) => ({ cmd: PYTHON, args: ["bench/peers/torch_bench.py", "numpy", json], env: threadEnv }),
      unavailable: () => pythonHas("numpy"),
      firstRoundOnly: false,
      adapt: (t) => (t.workload === "W4" ? t : null),
    },
    {
      // Not a peer a user would pick: the same step as a plain fused C loop, the machine's limit.
      name: "fused-c",
      command: (json) => ({ cmd: FUSED_C, args: (JSON.parse(json) as Task[]).map((t) => `${t.id}:${t.workload === "W3" ? t.size : 0}`) }),
      unavailable: buildFusedC,
      firstRoundOnly: false,
      adapt: (t) => (t.workload === "W3" ? t : null),
    },
    {
      name: "tfjs-cpu",
      command: (json) => ({ cmd: process.execPath, args: [...TSX, "bench/peers/tfjs.ts", "cpu", json] }),
      unavailable: () => nodeHas("@tensorflow/tfjs"),
      firstRoundOnly: true,
      processPerTask: true,
      adapt: (t) => (t.workload === "W1-expr" || t.workload === "frame" ? null : adaptTfjsCpu(t)),
    },
    {
      name: "tfjs-wasm",
      command: (json) => ({ cmd: process.execPath, args: [...TSX, "bench/peers/tfjs.ts", "wasm", json] }),
      unavailable: () => nodeHas("@tensorflow/tfjs-backend-wasm"),
      firstRoundOnly: true,
      processPerTask: true,
      adapt: (t) => (t.workload === "W1-expr" || t.workload === "frame" ? null : adaptTfjsWasm(t)),
    },
  ];
}
