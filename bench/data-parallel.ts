/**
 * Both cores for W2 (Fashion-MNIST MLP 784-256-10, Adam lr 1e-3): samples per second of one
 * epoch's first `--seconds` of training for
 *   default   descent as it runs (GEMM thread pool at its default size),
 *   1thread   DESCENT_THREADS=1,
 *   dp2       two data-parallel workers (data-parallel.ts), each on one GEMM thread,
 * at batch 128 and 1024. The machine is shared, so the variants alternate (A B C A B C …), each
 * in a fresh process, and the report gives every run plus the medians. Each run is timed from the
 * end of its first batch; the first batch's time (which includes starting the worker threads)
 * is reported apart.
 *
 *   node --import tsx bench/data-parallel.ts [--rounds 3] [--seconds 3] [--data path/to/fashion-mnist]
 */
import { spawnSync } from "node:child_process";
import { loadIdxFolder } from "../src/data/index.node.js";
import { makeOptimizer } from "../src/optim/index.js";
import { Rng } from "../src/random.js";
import { createModel, specFor, train } from "../src/train/index.js";
import { makeDataParallelGradient } from "../src/train/data-parallel.node.js";

interface Variant {
  name: string;
  env: Record<string, string>;
  workers: number;
}

export const VARIANTS: Variant[] = [
  { name: "default", env: {}, workers: 1 },
  { name: "1thread", env: { DESCENT_THREADS: "1" }, workers: 1 },
  { name: "dp2", env: { DESCENT_THREADS: "1" }, workers: 2 },
];

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1]! : fallback;
}

/** Child: one variant, one batch size; prints samples/s. */
function child(dataDir: string, batch: number, workers: number, seconds: number): void {
  const data = loadIdxFolder(dataDir, { split: "train" });
  const run = (budget: number, seed: number) => {
    const spec = specFor({ kind: "mlp", hidden: [256], activation: "relu" }, data.d, "classification", 10);
    const model = createModel(spec, "glorot-uniform", new Rng(seed));
    const stop = new AbortController();
    let samples = 0;
    // Timed from the end of the first batch: worker threads start once per run (reported apart).
    let t0 = 0;
    const started = performance.now();
    let startup = 0;
    train(model, data, {
      epochs: 1, batchSize: batch, optimizer: makeOptimizer("adam", { lr: 1e-3 }), seed, trainEvaluation: "running", interrupt: stop.signal,
      ...(workers > 1 ? { makeGradient: (s, l, p, b, c) => makeDataParallelGradient(s, l, p, workers, b, c) } : {}),
      callbacks: {
        onBatchEnd: (info) => {
          if (info.batch === 1) {
            t0 = performance.now();
            startup = t0 - started;
            return;
          }
          samples += Math.min(batch, data.n - (info.batch - 1) * batch);
          if (performance.now() - t0 > budget * 1000) stop.abort();
        },
      },
    });
    return { samplesPerSecond: samples / ((performance.now() - t0) / 1000), firstBatchMs: startup };
  };
  run(0.5, 7); // warm the JIT
  process.stdout.write(JSON.stringify(run(seconds, 1)) + "\n");
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
}

/** Parent: alternates the variants and reports. */
export function measure(dataDir: string, rounds: number, seconds: number, batches = [128, 1024]): Record<string, Record<string, number[]>> {
  const out: Record<string, Record<string, number[]>> = {};
  for (const batch of batches) {
    out[batch] = Object.fromEntries(VARIANTS.map((v) => [v.name, [] as number[]]));
    for (let r = 0; r < rounds; r++) {
      for (const v of VARIANTS) {
        const res = spawnSync(process.execPath, ["--import", "tsx", new URL(import.meta.url).pathname, "--child", dataDir, String(batch), String(v.workers), String(seconds)],
          { env: { ...process.env, ...v.env }, encoding: "utf8" });
        if (res.status !== 0) throw new Error(`${v.name} failed: ${res.stderr}`);
        const r = JSON.parse(res.stdout.trim().split("\n").at(-1)!) as { samplesPerSecond: number; firstBatchMs: number };
        out[batch]![v.name]!.push(r.samplesPerSecond);
        (out[batch]![`${v.name} first batch ms`] ??= []).push(r.firstBatchMs);
      }
    }
  }
  return out;
}

if (process.argv[2] === "--child") {
  child(process.argv[3]!, Number(process.argv[4]), Number(process.argv[5]), Number(process.argv[6]));
} else if (import.meta.url === `file://${process.argv[1]}`) {
  const dataDir = arg("data", process.env.DESCENT_FASHION_MNIST ?? "");
  if (dataDir === "") throw new Error("give --data path/to/fashion-mnist (the IDX folder)");
  const results = measure(dataDir, Number(arg("rounds", "3")), Number(arg("seconds", "3")));
  for (const [batch, byVariant] of Object.entries(results)) {
    const rates = Object.entries(byVariant).filter(([name]) => !name.endsWith("ms"));
    const firsts = Object.entries(byVariant).filter(([name]) => name.endsWith("ms"));
    const line = rates.map(([name, xs]) => `${name} ${Math.round(median(xs) / 1000)}k [${xs.map((x) => Math.round(x / 1000)).join(" ")}]`);
    process.stdout.write(`W2 batch ${batch}: ${line.join("  ")} samples/s (median [runs])\n`);
    process.stdout.write(`  first batch (worker start-up included): ${firsts.map(([name, xs]) => `${name.replace(" first batch ms", "")} ${Math.round(median(xs))} ms`).join(", ")}\n`);
  }
}
