/**
 * What the bench runner asks a child process to run, and what the child prints back. Every
 * implementation (descent, TensorFlow.js, PyTorch, numpy) speaks this protocol, so the runner can
 * interleave them round by round in fresh processes: one JSON task list in, one JSON line out per task.
 */

/** W2's MLP on Fashion-MNIST: through train() (W2), the user's own loop (W5), a custom loss (W6). */
export interface MlpTask {
  id: string;
  hidden: number;
  batch: number;
  dataDir: string;
  evalTest: boolean;
  budgetSeconds?: number;
}

/** One measurement to make. Sizes are explicit so peers run exactly the same work. */
export type Task =
  | { id: string; workload: "W1"; steps: number }
  | { id: string; workload: "W1-expr"; steps: number }
  | { id: string; workload: "W1-jit"; steps: number }
  | (MlpTask & { workload: "W2" })
  | (MlpTask & { workload: "W5" })
  | (MlpTask & { workload: "W6" })
  | { id: string; workload: "W3"; size: number }
  | { id: string; workload: "W4"; epochs: number; dataPath: string }
  | { id: string; workload: "frame" };

/** A child's answer: the task id, the implementation, and named numbers (rates, times, accuracies). */
export interface TaskResult {
  id: string;
  impl: string;
  metrics: Record<string, number>;
  /** Set when the implementation could not run the task (missing package, out of memory). */
  error?: string;
}

/** Parses a child's stdout: one JSON result per line; other lines are ignored. */
export function parseResults(stdout: string): TaskResult[] {
  const out: TaskResult[] = [];
  for (const line of stdout.split("\n")) {
    const t = line.trim();
    if (!t.startsWith("{")) continue;
    try {
      const r = JSON.parse(t) as TaskResult;
      if (typeof r.id === "string" && typeof r.impl === "string") out.push(r);
    } catch {
      // A stray line from a library is not a result.
    }
  }
  return out;
}
