/**
 * Runs the planned tasks in interleaved rounds: each round starts a fresh process per
 * implementation (the order rotates every round) and the medians over rounds are kept.
 */
import { spawnSync } from "node:child_process";
import type { Impl } from "./impls.js";
import type { PlannedTask } from "./plan.js";
import { parseResults, type Task, type TaskResult } from "./protocol.js";
import type { Results } from "./report.js";
import { median } from "./stats.js";

function runChild(impl: Impl, tasks: Task[], log: (s: string) => void): TaskResult[] {
  const { cmd, args, env } = impl.command(JSON.stringify(tasks));
  const r = spawnSync(cmd, args, { env: env ?? process.env, encoding: "utf8", maxBuffer: 64 * 2 ** 20 });
  // Results are filed under the implementation that ran them, whatever the child calls itself:
  // descent's variants (descent-1thread, descent-wasm) run the same child as descent.
  const results = parseResults(r.stdout ?? "").map((x) => ({ ...x, impl: impl.name }));
  if (r.status !== 0) {
    const why = (r.stderr ?? "").trim().split("\n").slice(-3).join(" | ") || `exit ${r.status ?? r.signal}`;
    log(`  ${impl.name} failed: ${why}`);
    for (const t of tasks) if (!results.some((x) => x.id === t.id)) results.push({ id: t.id, impl: impl.name, metrics: {}, error: why });
  }
  return results;
}

/** Runs `rounds` interleaved rounds; `log` gets one progress line per child process. */
export function runRounds(plan: PlannedTask[], impls: Impl[], rounds: number, log: (s: string) => void): Results {
  const samples = new Map<string, Map<string, TaskResult[]>>();
  for (let round = 0; round < rounds; round++) {
    const order = impls.map((_, i) => impls[(i + round) % impls.length]!);
    for (const impl of order) {
      if (round > 0 && impl.firstRoundOnly) continue;
      const tasks = plan
        .filter((p) => round === 0 || p.everyRound)
        .map((p) => impl.adapt(p.task))
        .filter((t): t is Task => t !== null);
      if (tasks.length === 0) continue;
      const t0 = performance.now();
      const results = impl.processPerTask === true ? tasks.flatMap((t) => runChild(impl, [t], log)) : runChild(impl, tasks, log);
      log(`round ${round + 1}/${rounds} ${impl.name}: ${tasks.length} tasks in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
      for (const r of results) {
        const byImpl = samples.get(r.id) ?? new Map<string, TaskResult[]>();
        samples.set(r.id, byImpl);
        byImpl.set(r.impl, [...(byImpl.get(r.impl) ?? []), r]);
      }
    }
  }
  const out: Results = new Map();
  for (const p of plan) {
    const byImpl = samples.get(p.task.id);
    if (byImpl === undefined) continue;
    const agg: NonNullable<ReturnType<Results["get"]>> = new Map();
    for (const [impl, list] of byImpl) {
      const ok = list.filter((r) => r.error === undefined);
      const keys = [...new Set(ok.flatMap((r) => Object.keys(r.metrics)))];
      const metrics = Object.fromEntries(keys.map((k) => [k, median(ok.map((r) => r.metrics[k] ?? NaN))]));
      const error = ok.length === 0 ? list[0]?.error : undefined;
      // Round by round too (a failed round as NaN), for ratios paired within a round.
      const perRound = Object.fromEntries(keys.map((k) => [k, list.map((r) => (r.error === undefined ? r.metrics[k] ?? NaN : NaN))]));
      agg.set(impl, { metrics, rounds: ok.length, perRound, ...(error !== undefined ? { error } : {}) });
    }
    out.set(p.task.id, agg);
  }
  return out;
}
