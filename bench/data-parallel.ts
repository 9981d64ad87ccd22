/**
 * descent's default use of the cores against each way pinned, on W2 (Fashion-MNIST MLP
 * 784-256-10, Adam lr 1e-3, one whole epoch timed as `npm run bench` times it: w2Mlp of
 * bench/workloads/w2-mlp.ts) at batch 128 and 1024. Variants, each a fresh process:
 *   default        DESCENT_PARALLEL unset: measured; the timed run starts from what the warm-up
 *                  run of the same work measured (as in `npm run bench`, and a process's later runs)
 *   default-cold   the same, but the timed run forgets it and measures on its own (a process's first run)
 *   threads=1, threads=N   the kernel thread counts, pinned (DESCENT_PARALLEL=threads=…)
 *   workers=2      two data-parallel workers, pinned (--no-workers leaves them out)
 * Rounds are interleaved (every variant once per round, the order rotating), so each round pairs
 * the variants under about the same load. By default each round runs in one process (after one
 * untimed run of each variant), so the paired runs are seconds apart (on a shared machine the
 * load changes within the ten seconds a fresh process takes to start); `--processes` runs every
 * variant in a fresh process instead, as `npm run bench` does. The report gives each variant's median samples/s
 * [min–max], and per batch size the default ÷ the best pinned way (by median) in the same round:
 * median [min–max] over rounds, beside that way's own spread over rounds (max ÷ min), which is
 * the noise "never slower" should be judged against.
 *
 *   node --import tsx bench/data-parallel.ts [--rounds 5] [--batches 128,1024] [--no-workers] [--processes] [--json] [--data DIR]
 */
import { spawnSync } from "node:child_process";
import { native } from "../src/kernels/index.js";
import { parallelGradient, parseParallelism } from "../src/train/index.node.js";
import { median } from "./stats.js";
import { loadFashion, trainFor, w2Mlp } from "./workloads/w2-mlp.js";

interface Variant {
  name: string;
  /** DESCENT_PARALLEL for the process; undefined: the default. */
  parallel?: string;
  forget?: boolean;
  pinned: boolean;
}

export function variants(withWorkers: boolean): Variant[] {
  const pool = native?.threads ?? 1;
  return [
    { name: "default", pinned: false },
    { name: "default-cold", forget: true, pinned: false },
    { name: "threads=1", parallel: "threads=1", pinned: true },
    ...(pool > 1 ? [{ name: `threads=${pool}`, parallel: `threads=${pool}`, pinned: true }] : []),
    ...(withWorkers ? [{ name: "workers=2", parallel: "workers=2", pinned: true }] : []),
  ];
}

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1]! : fallback;
}

/** One run per round and variant: samples/s, and what the default kept. */
export interface Run { samplesPerSecond: number; kernelThreads?: number; workers?: number; trials?: number }

/** Per batch size, per variant: the runs, in round order. */
export type Measured = Record<string, Record<string, Run[]>>;

/** The pinned way with the best median over the rounds. */
export function bestPinned(byVariant: Record<string, Run[]>, pinned: string[]): string {
  return pinned.map((p) => [p, median(byVariant[p]!.map((r) => r.samplesPerSecond))] as const).sort((a, b) => b[1] - a[1])[0]![0];
}

/**
 * `variant` ÷ the best pinned way (by median over the rounds), round by round. Not ÷ the best
 * pinned run of each round: under noise the largest of several runs is biased upwards, and the
 * ratio would be below 1 for a default that made the right choice every time.
 */
export function ratiosPerRound(byVariant: Record<string, Run[]>, pinned: string[], variant = "default"): number[] {
  const best = byVariant[bestPinned(byVariant, pinned)]!;
  return (byVariant[variant] ?? []).map((r, i) => r.samplesPerSecond / best[i]!.samplesPerSecond);
}

/** Interleaved rounds, each variant in a fresh process. */
export function measure(dataDir: string, rounds: number, batches: number[], list: Variant[], log: (s: string) => void): Measured {
  const out: Measured = {};
  for (const batch of batches) out[batch] = Object.fromEntries(list.map((v) => [v.name, [] as Run[]]));
  for (let r = 0; r < rounds; r++) {
    for (const batch of batches) {
      const order = list.map((_, i) => list[(i + r + batches.indexOf(batch)) % list.length]!);
      for (const v of order) {
        const env: NodeJS.ProcessEnv = { ...process.env };
        if (v.parallel === undefined) delete env.DESCENT_PARALLEL;
        else env.DESCENT_PARALLEL = v.parallel;
        const task = JSON.stringify({ dataDir, batch, forget: v.forget === true });
        const res = spawnSync(process.execPath, ["--import", "tsx", new URL(import.meta.url).pathname, "--child", task], { env, encoding: "utf8" });
        if (res.status !== 0) throw new Error(`${v.name} at batch ${batch} failed: ${res.stderr}`);
        const run = JSON.parse(res.stdout.trim().split("\n").at(-1)!) as Run;
        out[batch]![v.name]!.push(run);
        log(`round ${r + 1}/${rounds} batch ${batch} ${v.name}: ${Math.round(run.samplesPerSecond)} samples/s`);
      }
    }
  }
  return out;
}

/** The same rounds in this process: each variant warmed once, then once per round in rotating order. */
export function measureHere(dataDir: string, rounds: number, batches: number[], list: Variant[], log: (s: string) => void): Measured {
  const data = loadFashion(dataDir).train;
  const out: Measured = {};
  const once = (v: Variant, batch: number, budget: number | undefined, seed: number): Run => {
    const r = trainFor(data, 256, batch, budget, seed, parallelGradient(v.parallel === undefined ? "auto" : parseParallelism(v.parallel, v.name), { remember: !v.forget }));
    const used = r.parallelism?.used;
    return {
      samplesPerSecond: (r.samples * 1000) / r.ms,
      ...(used?.kind === "threads" ? { kernelThreads: used.threads } : used ? { workers: used.workers } : {}),
      ...(r.parallelism?.trials !== undefined ? { trials: r.parallelism.trials } : {}),
    };
  };
  for (const batch of batches) {
    out[batch] = Object.fromEntries(list.map((v) => [v.name, [] as Run[]]));
    for (const v of list) once(v, batch, 0.3, 7); // V8 and the compiled step warmed for every variant
  }
  for (let r = 0; r < rounds; r++) {
    for (const batch of batches) {
      const order = list.map((_, i) => list[(i + r) % list.length]!);
      for (const v of order) {
        const run = once(v, batch, undefined, 1);
        out[batch]![v.name]!.push(run);
        log(`round ${r + 1}/${rounds} batch ${batch} ${v.name}: ${Math.round(run.samplesPerSecond)} samples/s`);
      }
    }
  }
  return out;
}

const k = (x: number) => `${Math.round(x / 1000)}k`;
const range = (xs: number[], f: (x: number) => string) => `${f(median(xs))} [${f(Math.min(...xs))}–${f(Math.max(...xs))}]`;

/** The report: samples/s per variant, then default ÷ best pinned per round, against the pinned ways' own spread. */
export function report(measured: Measured, list: Variant[]): string {
  const pinned = list.filter((v) => v.pinned).map((v) => v.name);
  const lines: string[] = [];
  for (const [batch, byVariant] of Object.entries(measured)) {
    const rates = list.map((v) => `${v.name} ${range(byVariant[v.name]!.map((r) => r.samplesPerSecond), k)}`);
    lines.push(`W2 batch ${batch}, samples/s, median [min–max] over ${byVariant[list[0]!.name]!.length} rounds: ${rates.join("  ")}`);
    const best = bestPinned(byVariant, pinned);
    const bestRuns = byVariant[best]!.map((r) => r.samplesPerSecond);
    const kept = (name: string) => byVariant[name]!.map((r) => (r.workers ? `workers=${r.workers}` : `threads=${r.kernelThreads}`)).join(" ");
    for (const name of list.filter((v) => !v.pinned).map((v) => v.name)) {
      lines.push(`  ${name} ÷ ${best} (the best pinned way), round by round: ${range(ratiosPerRound(byVariant, pinned, name), (x) => x.toFixed(3))} (kept: ${kept(name)})`);
    }
    lines.push(`  noise: ${best} ranged ${(Math.max(...bestRuns) / Math.min(...bestRuns)).toFixed(2)}× over the rounds`);
  }
  return lines.join("\n");
}

if (process.argv[2] === "--child") {
  const task = JSON.parse(process.argv[3]!) as { dataDir: string; batch: number; forget: boolean };
  const m = w2Mlp(loadFashion(task.dataDir), { hidden: 256, batch: task.batch, evalTest: false, forget: task.forget });
  const run: Run = { samplesPerSecond: m.samples_per_s!, ...(m.kernel_threads !== undefined ? { kernelThreads: m.kernel_threads } : {}), ...(m.workers ? { workers: m.workers } : {}), ...(m.trials !== undefined ? { trials: m.trials } : {}) };
  process.stdout.write(JSON.stringify(run) + "\n");
} else if (import.meta.url === `file://${process.argv[1]}`) {
  const dataDir = arg("data", process.env.DESCENT_FASHION_MNIST ?? "../shared/datasets/fashion-mnist");
  const list = variants(!process.argv.includes("--no-workers"));
  const batches = arg("batches", "128,1024").split(",").map(Number);
  const how = process.argv.includes("--processes") ? measure : measureHere;
  const measured = how(dataDir, Number(arg("rounds", "5")), batches, list, (s) => process.stderr.write(s + "\n"));
  process.stdout.write((process.argv.includes("--json") ? JSON.stringify(measured) : report(measured, list)) + "\n");
}
