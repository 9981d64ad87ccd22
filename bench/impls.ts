/**
 * The implementations a round runs, each as a fresh child process: descent itself, PyTorch and
 * numpy through Debian's /usr/bin/python3, TensorFlow.js's cpu and wasm backends.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync } from "node:fs";
import { createRequire } from "node:module";
import { native } from "../src/native/index.js";
import { fairOpenblas, readCpu } from "./openblas.js";
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
/** The peers as the environment sets them up (its OPENBLAS_* settings kept): the -env columns. */
const threadEnv = { ...process.env, OPENBLAS_NUM_THREADS: "1", OMP_NUM_THREADS: "1", MKL_NUM_THREADS: "1" };
/** The peers at their best: OpenBLAS's kernels for this CPU (openblas.ts); set for those processes alone. */
const fair = fairOpenblas(process.env, readCpu());
const peerEnv = { ...fair.env, OPENBLAS_NUM_THREADS: "1", OMP_NUM_THREADS: "1", MKL_NUM_THREADS: "1" };
export const OPENBLAS_NOTE = fair.note;

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
  if (t.id === "W2-1024") return null; // another 30 s for a figure W2 already gives
  if (t.workload === "W3" && t.size > 10_000_000) return null;
  if (t.workload === "W2") return { ...t, budgetSeconds: Math.min(t.budgetSeconds ?? 30, 30) };
  return t;
}

/** descent's own variants (what the second core and the native kernels each bring) run only the
 * headline tasks whose time is in the kernels. */
const onlyTasks = (ids: string[]) => (t: Task): Task | null => (ids.includes(t.id) ? t : null);

/** Workloads only descent runs: the user's own loop, a custom loss, W1 through the compiled step. */
const DESCENT_ONLY = new Set(["W1-expr", "W1-jit", "W5", "W6", "frame"]);

/** A descent variant: the same child with `env` added. */
function descentVariant(name: string, env: Record<string, string>, ids: string[], firstRoundOnly: boolean, unavailable: () => string | null = () => null): Impl {
  return {
    name,
    command: (json) => ({ cmd: process.execPath, args: [...TSX, "bench/child.ts", json], env: { ...process.env, ...env } }),
    unavailable,
    firstRoundOnly,
    processPerTask: true,
    adapt: onlyTasks(ids),
  };
}

const noNative = () => (native === null ? "native kernels not built" : null);

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
    // Each way of using the cores, pinned, in every round beside the default (which measures
    // them during the run and keeps the fastest): the table judges it against the best.
    descentVariant("descent-1thread", { DESCENT_THREADS: "1", DESCENT_PARALLEL: "threads=1" }, ["W2", "W2-1024", "W3"], false, noNative),
    descentVariant("descent-threads", { DESCENT_PARALLEL: `threads=${native?.threads ?? 1}` }, ["W2", "W2-1024"], false, noNative),
    descentVariant("descent-dp2", { DESCENT_PARALLEL: "workers=2" }, ["W2", "W2-1024"], false),
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
      command: (json) => ({ cmd: PYTHON, args: ["bench/peers/torch_bench.py", "torch", json], env: peerEnv }),
      unavailable: () => pythonHas("torch"),
      firstRoundOnly: false,
      adapt: (t) => (DESCENT_ONLY.has(t.workload) ? null : t),
    },
    {
      // The environment's OpenBLAS settings as they are (first round): the figures a user of this
      // environment gets, and a check that the core type changes speed only (same accuracies).
      name: "torch-env",
      command: (json) => ({ cmd: PYTHON, args: ["bench/peers/torch_bench.py", "torch", json], env: threadEnv }),
      unavailable: () => (fair.changed ? pythonHas("torch") : "the environment's OpenBLAS settings already match this CPU"),
      firstRoundOnly: true,
      adapt: onlyTasks(["W1", "W2", "W2-1024", "W4"]), // W3 is not BLAS work
    },
    {
      name: "numpy",
      command: (json) => ({ cmd: PYTHON, args: ["bench/peers/torch_bench.py", "numpy", json], env: peerEnv }),
      unavailable: () => pythonHas("numpy"),
      firstRoundOnly: false,
      adapt: (t) => (t.workload === "W4" ? t : null),
    },
    {
      name: "numpy-env",
      command: (json) => ({ cmd: PYTHON, args: ["bench/peers/torch_bench.py", "numpy", json], env: threadEnv }),
      unavailable: () => (fair.changed ? pythonHas("numpy") : "the environment's OpenBLAS settings already match this CPU"),
      firstRoundOnly: true,
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
      adapt: (t) => (DESCENT_ONLY.has(t.workload) ? null : adaptTfjsCpu(t)),
    },
    {
      name: "tfjs-wasm",
      command: (json) => ({ cmd: process.execPath, args: [...TSX, "bench/peers/tfjs.ts", "wasm", json] }),
      unavailable: () => nodeHas("@tensorflow/tfjs-backend-wasm"),
      firstRoundOnly: true,
      processPerTask: true,
      adapt: (t) => (DESCENT_ONLY.has(t.workload) ? null : adaptTfjsWasm(t)),
    },
  ];
}
