/**
 * The descent side of a bench round, run in a fresh process by the runner:
 * `node --import tsx bench/child.ts '<tasks JSON>'` prints one TaskResult line per task.
 */
import type { Task, TaskResult } from "./protocol.js";
import { playgroundFrame } from "./workloads/playground.js";
import { w1Autodiff, w1Compiled, w1Expression } from "./workloads/w1-rosenbrock.js";
import { loadFashion, w2Mlp, type FashionData } from "./workloads/w2-mlp.js";
import { w3Adam } from "./workloads/w3-adam.js";
import { w4Logistic } from "./workloads/w4-logreg.js";
import { w5OwnLoop } from "./workloads/w5-own-loop.js";
import { w6SmoothedLoss } from "./workloads/w6-custom-loss.js";

function runTask(task: Task, fashion: (dir: string) => FashionData): Record<string, number> {
  switch (task.workload) {
    case "W1": return w1Autodiff(task.steps);
    case "W1-expr": return w1Expression(task.steps);
    case "W1-jit": return w1Compiled(task.steps);
    case "W2": return w2Mlp(fashion(task.dataDir), task);
    case "W5": return w5OwnLoop(fashion(task.dataDir), task);
    case "W6": return w6SmoothedLoss(fashion(task.dataDir), task);
    case "W3": return w3Adam(task.size);
    case "W4": return w4Logistic(task.dataPath, task.epochs);
    case "frame": return playgroundFrame();
  }
}

function main(): void {
  const tasks = JSON.parse(process.argv[2] ?? "[]") as Task[];
  const loaded = new Map<string, FashionData>();
  const fashion = (dir: string): FashionData => {
    const hit = loaded.get(dir);
    if (hit) return hit;
    const data = loadFashion(dir);
    loaded.set(dir, data);
    return data;
  };
  for (const task of tasks) {
    let result: TaskResult;
    try {
      result = { id: task.id, impl: "descent", metrics: runTask(task, fashion) };
    } catch (e) {
      result = { id: task.id, impl: "descent", metrics: {}, error: e instanceof Error ? e.message : String(e) };
    }
    process.stdout.write(JSON.stringify(result) + "\n");
  }
}

main();
