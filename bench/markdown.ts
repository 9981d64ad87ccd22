/** BENCHMARKS.md: method, machine, the headline table, scaling tables, and the profile notes. */
import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { failures, fmt, headlineTable, scalingTables, type Results } from "./report.js";

export interface MarkdownContext {
  command: string;
  machine: string;
  loadBefore: string;
  loadAfter: string;
  rounds: number;
  minutes: number;
  /** Implementations that were asked for but could not run, with why. */
  missing: string[];
  /** What the bench set for the PyTorch and numpy processes (bench/openblas.ts). */
  openblas: string;
}

const METHOD = `## Method

Each implementation runs in fresh child processes every round (descent and TensorFlow.js under
\`node --import tsx\`, one process per task, since V8 specializes code to the types a process
has seen; PyTorch and numpy under Debian's \`/usr/bin/python3\`, one process per round, with
\`OPENBLAS_NUM_THREADS=1\` set before import and \`torch.set_num_threads(1)\`). PyTorch and numpy run at
their best: OpenBLAS's kernels for this CPU (\`bench/openblas.ts\` reads the core type from
\`/proc/cpuinfo\`: AVX-512 → \`SkylakeX\`, AVX2 → \`Haswell\` or \`Zen\`) and no L2 size that is not this
CPU's, set for the peer processes alone (never in tests or CI); the environment's own settings, when
they differ, run as the \`torch-env\` and \`numpy-env\` columns, and the accuracies of both are
compared below the table (the core type may change speed, not results). descent runs as a
user gets it after \`npm install\`: its native kernels (\`native/\`, AVX-512 here) on both cores, the
way \`descent train\` uses them: during the run it times one kernel thread and all of them in
interleaved blocks of batches, keeps the faster (the simpler within 3%) and re-checks now and then
(\`--parallel auto\`, docs/scale.md; data-parallel workers are measured only on 4 or more cores); the
timed run goes on with what the same process's warm-up run of the same work measured. Each way also runs
pinned, every round, on W2 at batch 128 and 1024: \`descent-1thread\` (one kernel thread, one core
like the PyTorch peer; W3 too), \`descent-threads\` (all kernel threads) and \`descent-dp2\` (two worker
threads each computing a share of every batch on one kernel thread, one all-reduce, one optimizer
step); the "default against descent's own ways" rows judge the default against the best of them.
\`descent-wasm\` (\`DESCENT_NATIVE=0\`, first round; W2, W3, W4) runs
the portable WebAssembly and JS kernels, what the browser playground runs. Rounds are
interleaved (descent, torch, numpy, tfjs-cpu, tfjs-wasm, fused-c, the order rotating each round) and the
table shows the median over rounds. Every workload is warmed up in its process first (a short run of the
same code) and then timed once; W3 repeats the step until ~100 ms have passed, and W4 reports the median
of five timed 1000-epoch fits in each process (every implementation alike).

- **W1**: Adam (lr 0.01, eps 1e-8), 20,000 steps of Rosenbrock from (−1.5, 2), gradients from each
  framework's autodiff. descent: \`minimize(tensorObjective(...))\` (autodiff) and
  \`minimize("(1 - x)^2 + 100*(y - x^2)^2", …)\` (parse + compile inside the timing).
- **W2**: MLP 784-256-10, ReLU, softmax cross-entropy, Adam lr 1e-3, batch 128, Glorot-uniform
  weights, zero biases, pixels in [0, 1]. Timed: one epoch of batch gather + forward + backward + update
  (descent: \`train()\` from \`src/train\`). Not timed: loading, the test pass. Every round (a whole
  epoch takes ~2 s for descent and PyTorch). TensorFlow.js gets a partial epoch (cpu 10 s, wasm 30 s; whole epochs take
  ~8 and ~2 minutes here), so it reports no test accuracy.
- **W2 at batch 1024**: the same, 59 batches of 1024 (the batch size where the second core is used
  differently: docs/scale.md).
- **W5, your own loop**: W2's MLP written only with the public API, as the README's "your own
  training loop" shows it (\`bench/workloads/w5-own-loop.ts\`, imported from the package entry): a
  parameter record, \`training.dense\` layers, \`jit(valueAndGrad(loss))\` run by \`measuredThreads\` (the
  kernel thread count measured, as \`train()\` does), the optimizer's \`init\`/\`step\` (in place), batches from the data
  module (\`batchIndices\`, \`gatherRows\`); cross-entropy against one-hot rows. Judged against W2 in the same run.
- **W6, a custom loss**: W2 through \`train()\` with label-smoothed cross-entropy (ε = 0.1) written with
  tensor ops and passed as \`loss\` (\`bench/workloads/w6-custom-loss.ts\`). Judged against W2 in the same run.
- **W1 through tensors and the compiled step**: W1's Rosenbrock and Adam as a user's own loop:
  \`jit(valueAndGrad(f))\` on an \`{x, y}\` record of scalar tensors and the optimizer's \`init\`/\`step\` (in place),
  20,000 steps; judged against the parsed-expression W1.
- **W3**: one Adam step (lr 1e-3) on a float32 parameter with a fixed gradient; GB/s counts 28 bytes per element.
  The \`fused-c\` column is the machine's limit, not a peer: the same step as one plain C loop in
  float32, split over the cores by OpenMP (\`bench/peers/adam_fused.c\`, built by the bench with
  \`cc -O3 -march=native -fopenmp\`), timed the same way in the same rounds. The issue's 8 ms is "half the
  memory-bandwidth limit" of the machine it was measured on, whose fused C loop took 4 ms; here the
  same loop takes longer than 8 ms, so the table also judges that definition on this machine: at
  least half the fused C loop's GB/s.
- **W4**: logistic regression, breast-cancer (569 × 30, standardized with the population std),
  mean BCE on logits, full-batch gradient descent lr 0.1 from zero weights, 1000 epochs, float32.
  descent: \`train()\` with \`batchSize: "full"\`, after six untimed 1000-epoch runs (V8 takes about five
  thousand epochs to finish optimizing; the first 1000 in a fresh process take ~1.5× as long); numpy:
  the hand-written loop in \`bench/peers/torch_bench.py\`, which computes the gradient only (descent
  also computes the loss and the running accuracy every epoch). Each figure is the median of five
  timed fits in the process: a single fit takes ~20 ms, and on this machine single fits of the same
  code ranged from 17 to 29 ms.
- **Playground**: one frame = parse + compile Rosenbrock, then 5 optimizers × 500 steps with trajectories;
  basin map = 100 × 100 starts × 200 steps of gradient descent on \`two-minima\`.
- **Ratios**: a peer's cell is "its figure (descent's speed ÷ its speed)"; above 1× descent is faster.
- **Scaling** runs (first round only) give each W2 point a ~0.8 s time budget (a partial epoch);
  TensorFlow.js cpu skips the W2 points above 128 × 512 (seconds to minutes per batch) and W3 above 10⁶;
  TensorFlow.js wasm skips W3 at 10⁸ ("memory access out of bounds": it does not fit the 32-bit heap).`;

/** The whole BENCHMARKS.md text. */
export function benchmarksMarkdown(results: Results, ctx: MarkdownContext, notesPath: string): string {
  const notes = existsSync(notesPath) ? readFileSync(notesPath, "utf8").trim() : "";
  // Streaming figures need a 10M-row file and minutes, so they are measured by hand (commands in
  // the section) and kept beside the notes rather than rerun by every bench.
  const streamingPath = join(dirname(notesPath), "streaming.md");
  const streaming = existsSync(streamingPath) ? readFileSync(streamingPath, "utf8").trim() : "";
  const scaling = scalingTables(results);
  return [
    "# descent benchmarks",
    "",
    `Generated by \`${ctx.command}\` (${ctx.rounds} round${ctx.rounds === 1 ? "" : "s"}, ${ctx.minutes.toFixed(1)} minutes). Do not edit by hand: rerun the command.`,
    "",
    "## Machine",
    "",
    ctx.machine + ".",
    `Load average (1/5/15 min) before: ${ctx.loadBefore}; after: ${ctx.loadAfter}. Other work on the machine slows every implementation alike only roughly: compare ratios within one run, not figures across runs.`,
    ...(ctx.missing.length > 0 ? ["", `Not measured: ${ctx.missing.join("; ")}.`] : []),
    "",
    METHOD,
    "",
    "## Results",
    "",
    `Command: \`${ctx.command}\``,
    "",
    headlineTable(results),
    "",
    ctx.openblas + ".",
    ...peerCheck(results),
    "",
    ...(scaling ? ["## Scaling", "", `Command: \`${ctx.command}\` (the \`scaling\` workload; alone: \`npm run bench -- --workload scaling\`)`, "", scaling, ""] : []),
    ...(failures(results).length > 0 ? ["Failed runs:", "", ...failures(results).map((f) => `- ${f}`), ""] : []),
    ...(notes ? [notes, ""] : []),
    ...(streaming ? [streaming, ""] : []),
  ].join("\n");
}

/** The peers' results with the matching core type against the environment's: the same, or not. */
export function peerCheck(results: Results): string[] {
  const pairs: [string, string, string, string][] = [
    ["W2", "test_acc", "torch", "PyTorch W2 test accuracy"],
    ["W2-1024", "test_acc", "torch", "PyTorch W2 batch-1024 test accuracy"],
    ["W4", "train_acc", "torch", "PyTorch W4 training accuracy"],
    ["W4", "train_acc", "numpy", "numpy W4 training accuracy"],
  ];
  const said: string[] = [];
  let differs = false;
  for (const [id, metric, impl, label] of pairs) {
    const a = results.get(id)?.get(impl)?.metrics[metric];
    const b = results.get(id)?.get(`${impl}-env`)?.metrics[metric];
    if (a === undefined || b === undefined) continue;
    if (Math.abs(a - b) > 0.01) differs = true;
    said.push(`${label} ${fmt(a)} (matching core type) and ${fmt(b)} (the environment's)`);
  }
  if (said.length === 0) return [];
  return ["", `Results with both settings: ${said.join("; ")}: ${differs ? "**they differ by more than 0.01**" : "the same to 0.01"}.`];
}
