import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { parseBenchArgs } from "../../bench/options.js";
import { median } from "../../bench/stats.js";
import { fmt, headlineTable, jsonLines, speedRatio, type Results } from "../../bench/report.js";
import { fairOpenblas, openblasCoreType } from "../../bench/openblas.js";
import { peerCheck } from "../../bench/markdown.js";
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
  assert.equal(parseBenchArgs([]).workloads.size, 8);
  assert.deepEqual([...parseBenchArgs(["--workload", "all"]).workloads], ["W1", "W2", "W3", "W4", "W5", "W6", "playground", "scaling"]);
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

test("the peers' OpenBLAS core type comes from the CPU's flags; a mismatched L2 size is dropped; the environment is left alone", () => {
  const avx512 = new Set(["fma", "avx2", "avx512f", "avx512bw", "avx512dq", "avx512vl", "avx512cd"]);
  assert.equal(openblasCoreType({ flags: avx512, vendor: "AuthenticAMD" }), "SkylakeX");
  assert.equal(openblasCoreType({ flags: new Set(["avx", "avx2", "fma"]), vendor: "GenuineIntel" }), "Haswell");
  assert.equal(openblasCoreType({ flags: new Set(["avx", "avx2", "fma"]), vendor: "AuthenticAMD" }), "Zen");
  assert.equal(openblasCoreType({ flags: new Set(["sse2"]), vendor: "GenuineIntel" }), null);
  const env = { PATH: "/bin", OPENBLAS_CORETYPE: "Haswell", OPENBLAS_L2_SIZE: "512" };
  const fair = fairOpenblas(env, { flags: avx512, vendor: "AuthenticAMD", l2KiB: 1024 });
  assert.equal(fair.env.OPENBLAS_CORETYPE, "SkylakeX");
  assert.equal(fair.env.OPENBLAS_L2_SIZE, undefined);
  assert.equal(fair.env.PATH, "/bin");
  assert.deepEqual(env, { PATH: "/bin", OPENBLAS_CORETYPE: "Haswell", OPENBLAS_L2_SIZE: "512" }, "the bench's own environment is not changed");
  assert.ok(fair.changed);
  assert.match(fair.note, /OPENBLAS_CORETYPE=SkylakeX .*OPENBLAS_L2_SIZE dropped .*OPENBLAS_CORETYPE=Haswell, OPENBLAS_L2_SIZE=512/);
  const same = fairOpenblas({ OPENBLAS_CORETYPE: "skylakex", OPENBLAS_L2_SIZE: "1024" }, { flags: avx512, vendor: "GenuineIntel", l2KiB: 1024 });
  assert.equal(same.changed, false);
  assert.equal(same.env.OPENBLAS_L2_SIZE, "1024");
});

test("W5, W6 and W1 through the compiled step are judged against W2 and the parsed W1 of the same run; the default against descent's best pinned way", () => {
  const r = (metrics: Record<string, number>) => ({ metrics, rounds: 3 });
  const results: Results = new Map([
    ["W1-expr", new Map([["descent", r({ steps_per_s: 200_000 })]])],
    ["W1-jit", new Map([["descent", r({ steps_per_s: 120_000 })]])],
    ["W2", new Map([["descent", r({ samples_per_s: 100_000, test_acc: 0.845 })], ["descent-1thread", r({ samples_per_s: 98_000 })], ["descent-threads", r({ samples_per_s: 101_000 })], ["descent-dp2", r({ samples_per_s: 70_000 })]])],
    ["W5", new Map([["descent", r({ samples_per_s: 92_000, test_acc: 0.85 })]])],
    ["W6", new Map([["descent", r({ samples_per_s: 85_000, test_acc: 0.83 })]])],
  ]);
  const table = headlineTable(results).split("\n");
  const line = (start: string) => table.find((l) => l.startsWith(`| ${start}`))!;
  assert.match(line("W1 through tensors"), /≥ 0\.5× parsed-expression W1: \*\*met\*\* \(0\.600× parsed-expression W1\) \|$/);
  assert.match(line("W5 your own loop"), /≥ 0\.9× W2: \*\*met\*\* \(0\.920× W2\) \|$/);
  assert.match(line("W5 test accuracy"), /same as W2 \(±0\.01\): \*\*met\*\*/);
  assert.match(line("W6 custom loss"), /≥ 0\.9× W2: \*\*missed\*\* \(0\.850× W2\) \|$/);
  assert.match(line("W6 test accuracy"), /same as W2 \(±0\.01\): \*\*missed\*\*/);
  assert.match(line("W2 default against"), /≥ the best pinned way: \*\*missed\*\* \(best: descent-threads, default ÷ best = 0\.990\) \|$/);
  // With the rounds kept, the ratio paired within each round and its spread.
  const rounds = (perRound: number[]) => ({ metrics: { samples_per_s: median(perRound) }, rounds: perRound.length, perRound: { samples_per_s: perRound } });
  const paired: Results = new Map([["W2", new Map([
    ["descent", rounds([100, 90, 120])], ["descent-1thread", rounds([98, 95, 100])], ["descent-threads", rounds([101, 85, 130])], ["descent-dp2", rounds([70, 60, 80])],
  ])]]);
  const pairedLine = headlineTable(paired).split("\n").find((l) => l.startsWith("| W2 default against"))!;
  // Against descent-threads (the best median) round by round: 100/101, 90/85, 120/130 → 0.990 [0.923–1.06].
  assert.match(pairedLine, /default ÷ best = 0\.990; per round 0\.990 \[0\.923–1\.06\] over 3\) \|$/);
  const json = jsonLines(results).map((l) => JSON.parse(l) as { workload: string; ratios?: Record<string, number> });
  assert.equal(json.find((j) => j.workload === "W5")!.ratios!.vs_W2, 0.92);
  assert.equal(json.find((j) => j.workload === "W1-jit")!.ratios!.vs_W1_expr, 0.6);
  assert.deepEqual(json.find((j) => j.workload === "W2")!.ratios, { "vs_descent-1thread": 100 / 98, "vs_descent-threads": 100 / 101, "vs_descent-dp2": 100 / 70 });
});

test("BENCHMARKS.md compares the peers' accuracies with the matching core type and the environment's", () => {
  const r = (metrics: Record<string, number>) => ({ metrics, rounds: 1 });
  const results: Results = new Map([["W4", new Map([["torch", r({ train_acc: 0.9877 })], ["torch-env", r({ train_acc: 0.9877 })]])]]);
  assert.deepEqual(peerCheck(results), ["", "Results with both settings: PyTorch W4 training accuracy 0.988 (matching core type) and 0.988 (the environment's): the same to 0.01."]);
  results.get("W4")!.set("torch-env", r({ train_acc: 0.5 }));
  assert.match(peerCheck(results)[1]!, /\*\*they differ by more than 0\.01\*\*/);
  assert.deepEqual(peerCheck(new Map()), []);
});
