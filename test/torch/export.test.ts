/** export --torch and import --torch without Python: the folder's contents, the round trip, bad input. */
import assert from "node:assert/strict";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import { Rng } from "../../src/random.js";
import { encodeSafetensors, readSafetensors, safeTensor, torchLbfgs, torchOptimizer, torchSchedule, checkTorchModel, importTorch } from "../../src/torch/index.js";
import { loadModel, prepareRun, shuffleSeed } from "../../src/train/index.node.js";
import { run } from "../cli/helpers.js";

const dir = mkdtempSync(join(tmpdir(), "descent-torch-export-"));
after(() => rmSync(dir, { recursive: true, force: true }));

const IRIS = ["--data", "iris", "--model", "mlp:5", "--optimizer", "adam:lr=0.01", "--batch-size", "16", "--epochs", "3", "--seed", "7"];

test("export --torch writes train.py, weights, data, preprocessing, order and a README", async () => {
  const out = join(dir, "iris");
  const r = await run(["export", "--torch", out, ...IRIS, "--batch-order"]);
  assert.equal(r.code, 0, r.err);
  assert.deepEqual(readdirSync(out).sort(), ["README.md", "batch_order.safetensors", "data.safetensors", "preprocessing.json", "train.py", "weights.safetensors"]);
  const script = readFileSync(join(out, "train.py"), "utf8");
  assert.match(script, /"class":"Adam","options":\{"lr":0\.01,"eps":1e-8,"weight_decay":0,"amsgrad":false,"maximize":false,"betas":\[0\.9,0\.999\]\}/);
  assert.match(script, /DistributedDataParallel/);
  // The weights are the fresh run's, transposed to torch.nn.Linear's [out, in].
  const fresh = prepareRun({ data: "iris", model: "mlp:5", optimizer: "adam:lr=0.01", batchSize: 16, epochs: 3, testSplit: 0.2, seed: 7 });
  const weights = readSafetensors(join(out, "weights.safetensors"));
  assert.deepEqual(weights.tensors["dense0.weight"]!.shape, [5, 4]);
  const w = fresh.model.params["dense0.weight"]!; // [4, 5] row-major
  assert.equal(weights.tensors["dense0.weight"]!.data[2 * 4 + 3], w[3 * 5 + 2]);
  // The preprocessing values are the fitted ones, stored, not left to be refitted.
  const pre = JSON.parse(readFileSync(join(out, "preprocessing.json"), "utf8")) as { standardize: { mean: number[] }; classes: string[] };
  assert.deepEqual(pre.standardize.mean, Array.from(fresh.model.standardizer!.mean));
  assert.deepEqual(pre.classes, ["setosa", "versicolor", "virginica"]);
  // The batch order is the trainer's shuffle stream.
  const order = readSafetensors(join(out, "batch_order.safetensors")).tensors.order!;
  assert.deepEqual(order.shape, [3, 120]);
  const rng = new Rng(shuffleSeed(7));
  rng.permutation(120);
  assert.deepEqual(Array.from(order.data.subarray(120, 240) as Int32Array), Array.from(rng.permutation(120)));
  // Import gives back exactly the weights that went out.
  const back = importTorch(join(out, "weights.safetensors")).model;
  for (const [name, values] of Object.entries(fresh.model.params)) assert.deepEqual(back.params[name], values, name);
  assert.deepEqual(back.classes, fresh.model.classes);
});

test("safetensors: 8-byte aligned header, metadata and every dtype round trip", () => {
  const bytes = encodeSafetensors({ tensors: { a: safeTensor(Float32Array.of(1.5, -2), [2]), b: safeTensor(Int32Array.of(7, 8, 9, 10), [2, 2]) }, metadata: { k: "v" } });
  const headerLength = Number(new DataView(bytes.buffer).getBigUint64(0, true));
  assert.equal((8 + headerLength) % 8, 0);
  const file = join(dir, "t.safetensors");
  writeFileSync(file, bytes);
  const back = readSafetensors(file);
  assert.deepEqual(Array.from(back.tensors.a!.data as Float32Array), [1.5, -2]);
  assert.deepEqual(back.tensors.b!.shape, [2, 2]);
  assert.deepEqual(back.metadata, { k: "v" });
  writeFileSync(file, bytes.subarray(0, 20));
  assert.throws(() => readSafetensors(file), /is not a usable safetensors file: its header length runs past the end of the file/);
});

test("optimizers and schedules in PyTorch's class and option names", () => {
  assert.deepEqual(torchOptimizer({ name: "nesterov", options: { lr: 0.1 } }), {
    class: "SGD", options: { lr: 0.1, momentum: 0.9, dampening: 0, weight_decay: 0, nesterov: true, maximize: false },
  });
  assert.deepEqual(torchOptimizer({ name: "radam", options: {} }).options, { lr: 1e-3, eps: 1e-8, weight_decay: 0, betas: [0.9, 0.999] });
  assert.match(torchOptimizer({ name: "nadam", options: {} }).note!, /PyTorch 1.13's NAdam predates the fix of pytorch\/pytorch#92699/);
  assert.deepEqual(torchSchedule({ name: "cosine", options: { t_max: 100 } }, 0.1), { class: "CosineAnnealingLR", options: { T_max: 100, eta_min: 0 } });
  const cycle = torchSchedule({ name: "onecycle", options: { total_steps: 10 } }, 0.3);
  assert.equal(cycle.options.max_lr, 0.3);
  assert.equal(cycle.options.cycle_momentum, false); // descent's one-cycle moves the lr only
});

test("what PyTorch 1.13 cannot express is refused, saying which and why", () => {
  assert.throws(() => torchOptimizer({ name: "nadam", options: { maximize: true } }),
    /^OptionError: cannot export to PyTorch: optimizer nadam with maximize=true has no equivalent: torch.optim.NAdam in PyTorch 1.13 has no maximize option$/);
  for (const name of ["lion", "muon"]) {
    assert.throws(() => torchOptimizer({ name, options: {} }), new RegExp(`^OptionError: cannot export to PyTorch: optimizer ${name} has no torch.optim class in PyTorch 1.13 \\(exportable: sgd, momentum, nesterov, adam, adamw, adamax, nadam, radam, adagrad, rmsprop, adadelta\\)$`));
  }
  assert.throws(() => torchOptimizer({ name: "nosuch", options: {} }), /unknown optimizer "nosuch"/);
  assert.throws(() => checkTorchModel({ kind: "conv" as "mlp", inputs: 2, hidden: [], activation: "relu", outputs: 1, head: "identity" }),
    /cannot export to PyTorch: model conv is not a stack of dense layers/);
});

test("full-batch L-BFGS as torch.optim.LBFGS, stepped once an epoch on every row; a batch or a schedule is refused, saying why", async () => {
  const lbfgs = torchLbfgs({ lr: 1, history_size: 5, line_search: "none", l2: 0.01 }, 40);
  assert.deepEqual(lbfgs.options, { lr: 1, max_iter: 1, history_size: 5, line_search_fn: null, tolerance_grad: 1e-7, tolerance_change: 1e-9 });
  assert.deepEqual(lbfgs.fullBatch, { max_evaluations: 1000, l2: 0.01 });
  assert.match(lbfgs.note!, /float32 where descent keeps them in float64/);
  const out = join(dir, "lbfgs");
  let r = await run(["export", "--torch", out, "--data", "breast-cancer", "--optimizer", "lbfgs:l2=0.01", "--epochs", "20"]);
  assert.equal(r.code, 0, r.err);
  assert.match(r.out, /torch\.optim\.LBFGS; 455 rows, batch 455, epochs 1\.\.20/);
  assert.match(readFileSync(join(out, "train.py"), "utf8"), /"class":"LBFGS","options":\{"lr":1,"max_iter":1,"history_size":100,"line_search_fn":"strong_wolfe","tolerance_grad":1e-7,"tolerance_change":1e-9\},"full_batch":\{"max_evaluations":500,"l2":0\.01\}/);
  const readme = readFileSync(join(out, "README.md"), "utf8");
  assert.match(readme, /Note: lbfgs: PyTorch keeps L-BFGS's iterate/);
  assert.match(readme, /## One process only/);
  assert.ok(!readme.includes("torchrun --standalone") && !readme.includes("--nproc_per_node 2"), "no multi-process commands for L-BFGS");
  r = await run(["export", "--torch", join(dir, "lbfgs-batch"), "--data", "breast-cancer", "--optimizer", "lbfgs", "--batch-size", "32"]);
  assert.equal(r.code, 2);
  assert.equal(r.err, "descent: cannot export to PyTorch: lbfgs trains on the full batch (its line search compares the loss of the same rows at several points), not batches of 32: use --batch-size full\n");
  r = await run(["export", "--torch", join(dir, "lbfgs-schedule"), "--data", "breast-cancer", "--optimizer", "lbfgs", "--schedule", "cosine:t_max=10"]);
  assert.equal(r.code, 2);
  assert.match(r.err, /lbfgs .*line search.*drop --schedule/);
  assert.ok(!existsSync(join(dir, "lbfgs-batch")) && !existsSync(join(dir, "lbfgs-schedule")));
});

test("bad input is one line, exit 2, and nothing is written", async () => {
  const full = join(dir, "full");
  mkdirSync(full);
  writeFileSync(join(full, "keep.txt"), "mine");
  let r = await run(["export", "--torch", full, ...IRIS]);
  assert.equal(r.code, 2);
  assert.equal(r.err, "descent: --torch full: the folder exists and is not empty (1 entry); name a new or empty folder\n");
  assert.deepEqual(readdirSync(full), ["keep.txt"]);

  r = await run(["export", "--torch", join(dir, "nadam"), "--data", "iris", "--optimizer", "nadam:maximize=true"]);
  assert.equal(r.code, 2);
  assert.match(r.err, /^descent: cannot export to PyTorch: optimizer nadam with maximize=true has no equivalent: torch.optim.NAdam in PyTorch 1.13 has no maximize option\n$/);
  r = await run(["export", "--torch", join(dir, "early"), "--data", "iris", "--patience", "3"]);
  assert.equal(r.code, 2);
  assert.match(r.err, /early stopping \(--patience, --validation-split\) is not carried to train.py/);
  r = await run(["export", "--torch", join(dir, "weighted"), "--data", "breast-cancer", "--class-weight", "balanced"]);
  assert.equal(r.code, 2);
  assert.equal(r.err, "descent: cannot export to PyTorch: class weights (--class-weight) are not carried to train.py; export the run without them\n");
  assert.deepEqual(readdirSync(dir).filter((f) => !["iris", "full", "t.safetensors", "lbfgs"].includes(f)), []); // no partial folders
});

test("import --torch refuses a checkpoint whose shapes do not match, writing nothing", async () => {
  const out = join(dir, "iris");
  if (!existsSync(out)) assert.equal((await run(["export", "--torch", out, ...IRIS])).code, 0);
  const good = readSafetensors(join(out, "weights.safetensors"));
  const wrong = { ...good.tensors, "dense0.weight": safeTensor(new Float32Array(6 * 4), [6, 4]) };
  const file = join(dir, "wrong.safetensors");
  writeFileSync(file, encodeSafetensors({ tensors: wrong, metadata: good.metadata }));
  const r = await run(["import", "--torch", file, "--out", join(dir, "wrong.json")]);
  assert.equal(r.code, 2);
  assert.equal(r.err, `descent: ${file}: "dense0.weight" has shape [6, 4], the model needs [5, 4]\n`);
  assert.equal(existsSync(join(dir, "wrong.json")), false);

  const ok = await run(["import", "--torch", join(out, "weights.safetensors"), "--out", join(dir, "back.json")]);
  assert.equal(ok.code, 0, ok.err);
  assert.equal(loadModel(join(dir, "back.json")).model.spec.hidden[0], 5);
  rmSync(file);
});

test("export --torch --resume keeps the checkpoint's input and target scaling, not the data's as it is now", async () => {
  const csv = join(dir, "grow.csv");
  const rows = (scale: number) => Array.from({ length: 60 }, (_, i) => `${i % 9},${(i * 0.37) % 5},${(scale * (3 * (i % 9) + 7)).toFixed(2)}`);
  writeFileSync(csv, ["a,b,price", ...rows(1)].join("\n") + "\n");
  const ck = join(dir, "grow-ck.json");
  const trained = await run(["train", "--data", csv, "--task", "regression", "--model", "linear", "--epochs", "2", "--checkpoint", ck]);
  assert.equal(trained.code, 0, trained.err);
  const saved = (JSON.parse(readFileSync(ck, "utf8")) as { model: { preprocessing: { target: { mean: number; scale: number }; scaling: { mean: number[] } } } }).model.preprocessing;
  // The file changes after the checkpoint: refitting would give other means and scales.
  writeFileSync(csv, ["a,b,price", ...rows(1000)].join("\n") + "\n");
  const out = join(dir, "grow-run");
  const r = await run(["export", "--torch", out, "--resume", ck]);
  assert.equal(r.code, 0, r.err);
  const pre = JSON.parse(readFileSync(join(out, "preprocessing.json"), "utf8")) as { standardize: { mean: number[] }; target_scaling: { mean: number; scale: number } };
  assert.deepEqual(pre.standardize.mean, saved.scaling.mean);
  assert.deepEqual(pre.target_scaling, { mean: saved.target.mean, scale: saved.target.scale });
  assert.ok(saved.target.mean > 10 && saved.target.mean < 40, `checkpoint target mean ${saved.target.mean}`);
});
