/**
 * The TensorFlow.js peer (4.22, pure-JS `cpu` or `wasm` backend), one fresh process per round:
 * `node --import tsx bench/peers/tfjs.ts cpu|wasm '<tasks JSON>'` prints one TaskResult per task.
 * Each workload is written the way a TensorFlow.js user would: variables, `tf.train.*` optimizers,
 * gradients from `optimizer.minimize`.
 */
import * as tf from "@tensorflow/tfjs";
import type { Task, TaskResult } from "../protocol.js";
import { loadFashion, type FashionData } from "../workloads/w2-mlp.js";
import { readLogisticTable, W4_TIMED_FITS } from "../workloads/w4-logreg.js";
import { BYTES_PER_ELEMENT, repetitions } from "../workloads/w3-adam.js";
import { Rng } from "../../src/random.js";
import { median, now } from "../stats.js";

function w1(steps: number): Record<string, number> {
  const run = (n: number) => {
    const x = tf.variable(tf.scalar(-1.5));
    const y = tf.variable(tf.scalar(2));
    const adam = tf.train.adam(0.01, 0.9, 0.999, 1e-8);
    const loss = () => tf.add(tf.square(tf.sub(1, x)), tf.mul(100, tf.square(tf.sub(y, tf.square(x))))) as tf.Scalar;
    const t0 = now();
    for (let i = 0; i < n; i++) adam.minimize(loss);
    const ms = now() - t0;
    const out = { ms, x: x.dataSync()[0]!, y: y.dataSync()[0]! };
    x.dispose(); y.dispose(); adam.dispose();
    return out;
  };
  run(Math.min(steps, 1000));
  const r = run(steps);
  return { steps_per_s: (steps * 1000) / r.ms, x: r.x, y: r.y };
}

function mlp(data: FashionData, hidden: number, batch: number, budgetSeconds: number | undefined, seed: number) {
  const n = data.train.n;
  const xs = tf.tensor2d(data.train.features, [n, data.train.d]);
  const labels = tf.tensor1d(Int32Array.from(data.train.targets), "int32");
  const glorot = tf.initializers.glorotUniform({ seed });
  const w0 = tf.variable(glorot.apply([data.train.d, hidden]));
  const b0 = tf.variable(tf.zeros([hidden]));
  const w1v = tf.variable(glorot.apply([hidden, 10]));
  const b1 = tf.variable(tf.zeros([10]));
  const adam = tf.train.adam(1e-3);
  const logits = (x: tf.Tensor) => tf.add(tf.matMul(tf.relu(tf.add(tf.matMul(x, w0), b0)), w1v), b1);
  const order = new Rng(seed).permutation(n);
  let samples = 0;
  const t0 = now();
  for (let start = 0; start < n; start += batch) {
    const idx = tf.tensor1d(Int32Array.from(order.subarray(start, Math.min(n, start + batch))), "int32");
    adam.minimize(() => {
      const xb = tf.gather(xs, idx);
      const yb = tf.oneHot(tf.gather(labels, idx), 10);
      return tf.losses.softmaxCrossEntropy(yb, logits(xb)) as tf.Scalar;
    });
    samples += idx.shape[0];
    idx.dispose();
    if (budgetSeconds !== undefined && now() - t0 > budgetSeconds * 1000) break;
  }
  const ms = now() - t0;
  let testAcc = NaN;
  if (samples === n) {
    const xt = tf.tensor2d(data.test.features, [data.test.n, data.test.d]);
    const pred = tf.tidy(() => tf.argMax(logits(xt), 1).dataSync());
    let right = 0;
    for (let i = 0; i < data.test.n; i++) if (pred[i] === data.test.targets[i]) right++;
    testAcc = right / data.test.n;
    xt.dispose();
  }
  tf.dispose([xs, labels, w0, b0, w1v, b1]);
  adam.dispose();
  return { ms, samples, testAcc };
}

function w2(data: FashionData, task: Extract<Task, { workload: "W2" }>): Record<string, number> {
  mlp(data, task.hidden, task.batch, Math.min(0.3, task.budgetSeconds ?? 0.3), 7);
  const r = mlp(data, task.hidden, task.batch, task.budgetSeconds, 1);
  const metrics: Record<string, number> = {
    samples_per_s: (r.samples * 1000) / r.ms,
    ms_per_batch: (r.ms * Math.min(task.batch, data.train.n)) / r.samples,
    samples: r.samples,
  };
  if (task.evalTest && Number.isFinite(r.testAcc)) metrics.test_acc = r.testAcc;
  return metrics;
}

function w3(size: number): Record<string, number> {
  const w = tf.variable(tf.randomUniform([size], -1, 1, "float32", 3));
  const g = tf.randomUniform([size], -1, 1, "float32", 4);
  const adam = tf.train.adam(1e-3);
  const step = () => adam.applyGradients([{ name: w.name, tensor: g }]);
  step();
  let t0 = now();
  step();
  const reps = repetitions(now() - t0);
  t0 = now();
  for (let i = 0; i < reps; i++) step();
  w.dataSync();
  const ms = (now() - t0) / reps;
  tf.dispose([w, g]);
  adam.dispose();
  return { ms_per_step: ms, gb_per_s: (size * BYTES_PER_ELEMENT) / (ms * 1e6), size };
}

function w4(dataPath: string, epochs: number): Record<string, number> {
  const data = readLogisticTable(dataPath);
  const x = tf.tensor2d(data.features, [data.n, data.d]);
  const y = tf.tensor2d(data.targets, [data.n, 1]);
  const fit = (n: number) => {
    const w = tf.variable(tf.zeros([data.d, 1]));
    const b = tf.variable(tf.zeros([1]));
    const sgd = tf.train.sgd(0.1);
    const logits = () => tf.add(tf.matMul(x, w), b);
    const t0 = now();
    for (let i = 0; i < n; i++) sgd.minimize(() => tf.losses.sigmoidCrossEntropy(y, logits()) as tf.Scalar);
    w.dataSync();
    const ms = now() - t0;
    const z = tf.tidy(() => logits().dataSync());
    let right = 0;
    for (let i = 0; i < data.n; i++) if ((z[i]! > 0 ? 1 : 0) === data.targets[i]) right++;
    tf.dispose([w, b]);
    sgd.dispose();
    return { ms, acc: right / data.n };
  };
  fit(Math.min(epochs, 100));
  const runs = Array.from({ length: W4_TIMED_FITS }, () => fit(epochs));
  return { ms_per_1000_epochs: (median(runs.map((r) => r.ms)) * 1000) / epochs, train_acc: runs.at(-1)!.acc };
}

async function main(): Promise<void> {
  const backend = process.argv[2] ?? "cpu";
  const tasks = JSON.parse(process.argv[3] ?? "[]") as Task[];
  const impl = `tfjs-${backend}`;
  if (backend === "wasm") await import("@tensorflow/tfjs-backend-wasm");
  await tf.setBackend(backend);
  await tf.ready();
  let fashion: FashionData | undefined;
  for (const task of tasks) {
    let result: TaskResult;
    try {
      const metrics =
        task.workload === "W1" ? w1(task.steps)
        : task.workload === "W2" ? w2((fashion ??= loadFashion(task.dataDir)), task)
        : task.workload === "W3" ? w3(task.size)
        : task.workload === "W4" ? w4(task.dataPath, task.epochs)
        : null;
      if (metrics === null) continue; // descent-only workloads
      result = { id: task.id, impl, metrics };
    } catch (e) {
      result = { id: task.id, impl, metrics: {}, error: e instanceof Error ? e.message.split("\n")[0]! : String(e) };
    }
    process.stdout.write(JSON.stringify(result) + "\n");
  }
}

await main();
