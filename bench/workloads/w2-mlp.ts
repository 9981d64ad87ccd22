/**
 * W2: an MLP 784-h-10 (ReLU, softmax cross-entropy) on Fashion-MNIST through descent's training
 * API: Glorot-uniform weights, zero biases, Adam lr 1e-3. Timed: `train()` for one epoch (batch
 * gather, forward, backward, update), with the cores used as `descent train` uses them (measured
 * during the run, or pinned by DESCENT_PARALLEL); not the data loading and not the test pass. With a time
 * budget (the scaling runs) the epoch is cut short through the trainer's interrupt signal.
 */
import { loadIdxFolder, type Dataset } from "../../src/data/index.node.js";
import { makeOptimizer } from "../../src/optim/index.js";
import { Rng } from "../../src/random.js";
import { createModel, evaluate, forgetMeasurements, parallelGradient, specFor, train, type ParallelismReport } from "../../src/train/index.node.js";
import { now } from "../stats.js";

export interface FashionData {
  train: Dataset;
  test: Dataset;
}

/** Loads the IDX files once per process (the caller keeps the result). */
export function loadFashion(dataDir: string): FashionData {
  return { train: loadIdxFolder(dataDir, { split: "train" }), test: loadIdxFolder(dataDir, { split: "test" }) };
}

export interface W2Options {
  hidden: number;
  batch: number;
  evalTest: boolean;
  /** Stop after this many seconds of training (partial epoch); default: the whole epoch. */
  budgetSeconds?: number;
  /** The timed run forgets what the warm-up run measured (the default then measures as a process's first run does). */
  forget?: boolean;
}

/** One W2 run (an epoch, or `budgetSeconds` of it): samples trained, milliseconds, what the cores did. */
export function trainFor(data: Dataset, hidden: number, batch: number, budgetSeconds: number | undefined, seed: number, makeGradient = parallelGradient()) {
  const spec = specFor({ kind: "mlp", hidden: [hidden], activation: "relu" }, data.d, "classification", 10);
  const model = createModel(spec, "glorot-uniform", new Rng(seed));
  const optimizer = makeOptimizer("adam", { lr: 1e-3 });
  const stop = new AbortController();
  let samples = 0;
  const t0 = now();
  const r = train(model, data, {
    epochs: 1,
    batchSize: batch,
    optimizer,
    seed,
    trainEvaluation: "running",
    interrupt: stop.signal,
    // As `descent train` runs it: DESCENT_PARALLEL (the descent-1thread, -threads and -dp2 columns
    // pin a way), else measured (the descent column; the timed run starts from what the warm-up
    // run of the same work measured, as a process's later runs do, unless `forget`).
    makeGradient,
    callbacks: {
      onBatchEnd: (info) => {
        samples += Math.min(batch, data.n - (info.batch - 1) * batch);
        if (budgetSeconds !== undefined && now() - t0 > budgetSeconds * 1000) stop.abort();
      },
    },
  });
  return { model, ms: now() - t0, samples, parallelism: r.parallelism };
}

/** The way a run used the cores: kernel threads (0 workers) or data-parallel workers, and its trials. */
export function coreUse(parallelism: ParallelismReport | undefined): Record<string, number> {
  if (parallelism === undefined) return {};
  const used = parallelism.used;
  return {
    kernel_threads: used.kind === "threads" ? used.threads : 1,
    workers: used.kind === "workers" ? used.workers : 0,
    ...(parallelism.trials !== undefined ? { trials: parallelism.trials } : {}),
  };
}

/** Samples per second over one (possibly cut) epoch, and test accuracy after a whole epoch. */
export function w2Mlp(data: FashionData, o: W2Options): Record<string, number> {
  // Warm the JIT on a few batches of a throwaway model.
  trainFor(data.train, o.hidden, o.batch, Math.min(0.3, o.budgetSeconds ?? 0.3), 7);
  if (o.forget) forgetMeasurements();
  const run = trainFor(data.train, o.hidden, o.batch, o.budgetSeconds, 1);
  const metrics: Record<string, number> = {
    samples_per_s: (run.samples * 1000) / run.ms,
    ms_per_batch: (run.ms * Math.min(o.batch, data.train.n)) / run.samples,
    samples: run.samples,
    ...coreUse(run.parallelism),
  };
  if (o.evalTest && run.samples === data.train.n) metrics.test_acc = evaluate(run.model, data.test).metric;
  return metrics;
}
