/** Which tasks a bench run makes, from the command line: the headline workloads and the scaling sweeps. */
import type { BenchOptions } from "./options.js";
import type { Task } from "./protocol.js";

/** A task and whether it repeats in every round (false: measured in the first round only). */
export interface PlannedTask {
  task: Task;
  everyRound: boolean;
}

export const SCALING_WIDTHS = [64, 128, 256, 512, 1024, 2048];
export const SCALING_BATCHES = [1, 4, 16, 64, 256, 1024];
export const SCALING_SIZES = [1e3, 1e4, 1e5, 1e6, 1e7, 1e8];

/** The task list for these options; `w4Data` is the standardized table the runner wrote. */
export function planTasks(o: BenchOptions, w4Data: string): PlannedTask[] {
  const out: PlannedTask[] = [];
  const add = (task: Task, everyRound = true) => out.push({ task, everyRound });
  const w = o.workloads;
  if (w.has("W1")) {
    add({ id: "W1", workload: "W1", steps: 20_000 });
    add({ id: "W1-expr", workload: "W1-expr", steps: 20_000 });
    add({ id: "W1-jit", workload: "W1-jit", steps: 20_000 });
  }
  // A whole epoch is the headline: ~2 s for descent and PyTorch, so it runs every round (the
  // slow TensorFlow.js peers run in the first round only, with a time budget).
  const epoch = (id: string, workload: "W2" | "W5" | "W6", batch: number) =>
    add({ id, workload, hidden: 256, batch, dataDir: o.dataDir, evalTest: true, ...(o.quick ? { budgetSeconds: 5 } : {}) });
  if (w.has("W2")) {
    epoch("W2", "W2", 128);
    // Batch 1024 too: where the second core is used best differs with the batch (docs/scale.md).
    epoch("W2-1024", "W2", 1024);
  }
  if (w.has("W5")) epoch("W5", "W5", 128);
  if (w.has("W6")) epoch("W6", "W6", 128);
  if (w.has("W3")) add({ id: "W3", workload: "W3", size: o.size ?? 10_000_000 });
  if (w.has("W4")) add({ id: "W4", workload: "W4", epochs: 1000, dataPath: w4Data });
  if (w.has("playground")) add({ id: "playground", workload: "frame" });
  if (w.has("scaling")) {
    const budgetSeconds = o.quick ? 0.4 : 0.8;
    for (const hidden of SCALING_WIDTHS) {
      add({ id: `W2-h${hidden}`, workload: "W2", hidden, batch: 128, dataDir: o.dataDir, evalTest: false, budgetSeconds }, false);
    }
    for (const batch of SCALING_BATCHES) {
      add({ id: `W2-b${batch}`, workload: "W2", hidden: 256, batch, dataDir: o.dataDir, evalTest: false, budgetSeconds }, false);
    }
    for (const size of o.quick ? SCALING_SIZES.slice(0, 5) : SCALING_SIZES) add({ id: `W3-n${size}`, workload: "W3", size }, false);
  }
  return out;
}
