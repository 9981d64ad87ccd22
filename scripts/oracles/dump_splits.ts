/**
 * The train/test rows `descent train` uses for the bundled datasets (seed 1, 20 % test, stratified
 * for classes), as JSON on stdout, for make_train_defaults.py. Run through tsx.
 */
import { loadSplit } from "../../src/train/index.node.js";

const out: Record<string, unknown> = {};
for (const data of ["diabetes", "breast-cancer", "iris", "wine"]) {
  const { train, test } = loadSplit({ data, optimizer: "adam", batchSize: 32, epochs: 1, testSplit: 0.2, seed: 1 });
  const rows = (d: typeof train) => ({ x: Array.from({ length: d.n }, (_, i) => Array.from(d.features.subarray(i * d.d, (i + 1) * d.d))), y: Array.from(d.targets) });
  out[data] = { task: train.task, train: rows(train), test: rows(test!) };
}
process.stdout.write(JSON.stringify(out));
