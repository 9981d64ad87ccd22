import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { parseBenchArgs } from "../../bench/options.js";
import { median } from "../../bench/stats.js";
import { fmt, headlineTable, speedRatio, type Results } from "../../bench/report.js";
import { OptionError } from "../../src/errors.js";

test("bench --workload W3 --json prints one JSON line with the documented fields, and the fused C loop beside it", () => {
  // The slow peers are left out; the machine-limit loop (a C compiler is on every machine CI runs) is fast.
  const r = spawnSync(process.execPath, ["--import", "tsx", "bench/run.ts", "--workload", "W3", "--json", "--rounds", "1", "--size", "100000", "--peers", "fused-c"], { encoding: "utf8" });
  assert.equal(r.status, 0, r.stderr);
  const lines = r.stdout.trim().split("\n");
  assert.equal(lines.length, 1);
  const row = JSON.parse(lines[0]!) as Record<string, unknown>;
  assert.equal(row.workload, "W3");
  assert.equal(row.size, 100000);
  assert.equal(row.rounds, 1);
  assert.equal(typeof row.ms_per_step, "number");
  assert.ok((row.ms_per_step as number) > 0 && Number.isFinite(row.ms_per_step));
  // GB/s is the 28 bytes per element over the measured time. Both figures are printed rounded, so the
  // GB/s recomputed from the printed time agrees to the printed precision (relative, whatever the speed).
  const agrees = (gbPerS: number, msPerStep: number) => {
    const recomputed = (100000 * 28) / (msPerStep * 1e6);
    return Math.abs(gbPerS - recomputed) <= 1e-3 * recomputed;
  };
  assert.ok(agrees(row.gb_per_s as number, row.ms_per_step as number), JSON.stringify(row));
  const fused = (row.peers as Record<string, Record<string, number>>)["fused-c"]!;
  assert.equal(fused.size, 100000);
  assert.ok(fused.ms_per_step! > 0 && agrees(fused.gb_per_s!, fused.ms_per_step!), JSON.stringify(fused));
});

test("bench options: workloads, rounds, size, peers, and one-line errors", () => {
  const o = parseBenchArgs(["--workload", "W1,W3", "--rounds", "2", "--size", "1000", "--peers", "torch,numpy"]);
  assert.deepEqual([...o.workloads], ["W1", "W3"]);
  assert.equal(o.rounds, 2);
  assert.equal(o.size, 1000);
  assert.deepEqual(o.peers, ["torch", "numpy"]);
  assert.equal(parseBenchArgs([]).workloads.size, 6);
  assert.equal(parseBenchArgs(["--quick"]).rounds, 1);
  assert.deepEqual(parseBenchArgs(["--peers", "none"]).peers, []);
  assert.throws(() => parseBenchArgs(["--workload", "W9"]), OptionError);
  assert.throws(() => parseBenchArgs(["--rounds", "0"]), OptionError);
  assert.throws(() => parseBenchArgs(["--size"]), OptionError);
});

test("median, speed ratios and number formatting", () => {
  assert.equal(median([3, 1, 2]), 2);
  assert.equal(median([4, 1, 3, 2]), 2.5);
  assert.ok(Number.isNaN(median([NaN])));
  assert.equal(speedRatio(200, 100, true), 2); // twice the rate
  assert.equal(speedRatio(50, 100, false), 2); // half the time
  assert.equal(fmt(12345.6), "12,346");
  assert.equal(fmt(0.98769), "0.988");
  assert.equal(fmt(undefined), "–");
});

test("rounds file each result under the implementation that ran it, not the name its child prints", async () => {
  const { runRounds } = await import("../../bench/rounds.js");
  // Two "implementations" run the same child, which calls itself descent (as descent's variants do).
  const child = (value: number) => ({
    cmd: process.execPath,
    args: ["-e", `console.log(JSON.stringify({ id: "W3", impl: "descent", metrics: { ms_per_step: ${value} } }))`],
  });
  const impl = (name: string, value: number) => ({ name, command: () => child(value), unavailable: () => null, firstRoundOnly: false, adapt: (t: never) => t });
  const plan = [{ task: { id: "W3", workload: "W3" as const, size: 10 }, everyRound: true }];
  const results = runRounds(plan, [impl("descent", 1), impl("descent-1thread", 5)], 3, () => {});
  assert.equal(results.get("W3")?.get("descent")?.metrics.ms_per_step, 1);
  assert.equal(results.get("W3")?.get("descent-1thread")?.metrics.ms_per_step, 5);
  assert.equal(results.get("W3")?.get("descent")?.rounds, 3);
});

test("the headline table judges W3 against 8 ms, says what this machine's fused C loop takes, and judges half its bandwidth", () => {
  const results: Results = new Map([["W3", new Map([
    ["descent", { metrics: { ms_per_step: 9.5, gb_per_s: 29.5 }, rounds: 3 }],
    ["fused-c", { metrics: { ms_per_step: 8.6, gb_per_s: 32.6 }, rounds: 3 }],
  ])]]);
  const row = headlineTable(results).split("\n").find((line) => line.startsWith("| W3 Adam step"))!;
  assert.match(row, /\| 9\.50 \| 8\.60 \(0\.905×\) \| ≤ 8 ms: \*\*missed\*\* \(the fused C loop takes 8\.60 ms here\) \|$/);
  // "Half the memory-bandwidth limit" on this machine: at least half the fused C loop's GB/s.
  const bandwidth = headlineTable(results).split("\n").find((line) => line.startsWith("| W3 bandwidth"))!;
  assert.match(bandwidth, /≥ ½ fused C \(half the bandwidth limit\): \*\*met\*\* \|$/);
  results.get("W3")!.get("descent")!.metrics.gb_per_s = 16;
  assert.match(headlineTable(results), /half the bandwidth limit\): \*\*missed\*\*/);
  results.get("W3")!.delete("fused-c");
  assert.match(headlineTable(results), /≤ 8 ms: \*\*missed\*\* \|/);
  assert.match(headlineTable(results), /half the bandwidth limit\): n\/a/);
});
