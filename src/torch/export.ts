/**
 * `descent export --torch DIR`: a training run as a folder PyTorch runs on its own. train.py (the
 * run's model, loss, optimizer and schedule in PyTorch's names, DistributedDataParallel under
 * torchrun), the starting weights and optimizer state (weights.safetensors, PyTorch's layout), the
 * rows and the preprocessing values (data.safetensors, preprocessing.json), optionally descent's
 * row order (batch_order.safetensors) and a README. The folder is written beside its destination
 * and renamed into place, so a failure leaves nothing half-written.
 */
import { mkdirSync, readdirSync, renameSync, rmSync, rmdirSync, statSync, writeFileSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import type { Dataset, DataOptions } from "../data/index.node.js";
import { DataError, OptionError } from "../errors.js";
import type { OptimizerState, Spec } from "../optim/index.js";
import { Rng, type RngState } from "../random.js";
import { isFullBatchOptimizer, layerSizes, parameterNames, shuffleSeed, type Model, type PreparedRun } from "../train/index.node.js";
import { modelRecord, torchPreprocessing } from "./preprocessing.js";
import { encodeSafetensors, safeTensor, type SafeTensor } from "./safetensors.js";
import { checkTorchModel, torchLbfgs, torchLoss, torchOptimizer, torchSchedule } from "./translate.js";
import { torchReadme } from "./readme.js";
import { trainScript } from "./train-script.js";

/** Where a continued run starts: its position, optimizer state and shuffle generator. */
export interface TorchStart {
  epoch: number;
  updates: number;
  optimizer: OptimizerState | null;
  rng: RngState | null;
}

export interface TorchExportInput {
  run: PreparedRun;
  optimizer: Spec;
  schedule?: Spec;
  batchSize: number | "full";
  epochs: number;
  seed: number;
  /** The data's name for the README (a bundled name or a file name, never a full path). */
  dataName: string;
  start?: TorchStart;
  /** Write batch_order.safetensors: descent's row order for every epoch still to run. */
  batchOrder?: boolean;
  /** How the data file was read (dialect, --drop-missing), so `train.py --data FILE` reads another file alike. */
  dataOptions?: DataOptions;
}

export interface TorchExportSummary {
  dir: string;
  files: string[];
  optimizer: string;
  schedule: string | null;
  loss: string;
  /** What depends on the PyTorch version (also in the README). */
  notes: string[];
  trainRows: number;
  batchSize: number;
  epochs: number;
  startEpoch: number;
}

/** A weight matrix from descent's [in, out] to torch.nn.Linear's [out, in]. */
export function toTorchLayout(w: Float32Array, rows: number, cols: number): Float32Array {
  const out = new Float32Array(w.length);
  for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) out[j * rows + i] = w[i * cols + j]!;
  return out;
}

/** Each parameter (and optimizer slot) under its torch name and shape. */
function parameterTensors(model: Model, state: OptimizerState | null): Record<string, SafeTensor> {
  const sizes = layerSizes(model.spec);
  const out: Record<string, SafeTensor> = {};
  const put = (name: string, values: Float32Array, i: number) => {
    const l = i >> 1;
    out[name] = i % 2 === 0
      ? safeTensor(toTorchLayout(values, sizes[l]!, sizes[l + 1]!), [sizes[l + 1]!, sizes[l]!])
      : safeTensor(Float32Array.from(values), [sizes[l + 1]!]);
  };
  const names = parameterNames(model.spec);
  names.forEach((name, i) => put(name, model.params[name]!, i));
  if (state && state.count > 0) {
    names.forEach((name, i) => {
      for (const [slot, values] of Object.entries(state.slots[name] ?? {})) put(`optimizer.${name}.${slot}`, Float32Array.from(values), i);
    });
  }
  return out;
}

/** descent's row order for epochs first..last: the trainer's generator, drawn the same way. */
function batchOrder(n: number, batchSize: number, first: number, last: number, seed: number, rng: RngState | null): Int32Array {
  const generator = rng ? new Rng(rng) : new Rng(shuffleSeed(seed));
  const epochs = last - first + 1;
  const out = new Int32Array(epochs * n);
  for (let e = 0; e < epochs; e++) {
    if (batchSize >= n) for (let i = 0; i < n; i++) out[e * n + i] = i;
    else out.set(generator.permutation(n), e * n);
  }
  return out;
}

function dataTensors(train: Dataset, test: Dataset | undefined): Record<string, SafeTensor> {
  const out: Record<string, SafeTensor> = {
    "train.features": safeTensor(train.features, [train.n, train.d]),
    "train.targets": safeTensor(train.targets, [train.n]),
  };
  if (test !== undefined && test.n > 0) {
    out["test.features"] = safeTensor(test.features, [test.n, test.d]);
    out["test.targets"] = safeTensor(test.targets, [test.n]);
  }
  return out;
}

/** The reading rules train.py applies to a data file (null: guessed, as descent guesses them). */
function readerOptions(o: DataOptions | undefined) {
  return {
    delimiter: o?.delimiter ?? null,
    decimal: o?.decimal ?? null,
    thousands: o?.thousands ?? null,
    header: o?.header ?? null,
    drop_missing: o?.dropMissing ?? false,
  };
}

/** Refuses a destination that exists and holds anything; its parent must exist. */
export function checkExportFolder(dir: string): void {
  let entries: string[] | null = null;
  try {
    if (!statSync(dir).isDirectory()) throw new OptionError(`--torch ${basename(dir)}: exists and is a file, not a folder; name a new folder`);
    entries = readdirSync(dir);
  } catch (e) {
    if (e instanceof OptionError) throw e;
  }
  if (entries !== null && entries.length > 0) {
    throw new OptionError(`--torch ${basename(dir)}: the folder exists and is not empty (${entries.length} entr${entries.length === 1 ? "y" : "ies"}); name a new or empty folder`);
  }
  try {
    if (!statSync(dirname(dir)).isDirectory()) throw new Error();
  } catch {
    throw new OptionError(`--torch ${basename(dir)}: its parent folder ${dirname(dir)} does not exist`);
  }
}

/** Writes the export folder; every check runs before the first byte is written. */
export function exportTorch(dir: string, input: TorchExportInput): TorchExportSummary {
  const { run } = input;
  checkExportFolder(dir);
  checkTorchModel(run.model.spec);
  if (run.classWeights) {
    throw new OptionError("cannot export to PyTorch: class weights (--class-weight) are not carried to train.py; export the run without them");
  }
  const n = run.train.n;
  const batchSize = input.batchSize === "full" ? n : Math.min(input.batchSize, n);
  const lbfgs = isFullBatchOptimizer(run.optimizer) ? torchLbfgs(run.optimizer.options, input.epochs) : undefined;
  if (lbfgs && batchSize < n) throw new OptionError(`cannot export to PyTorch: lbfgs trains on the full batch (its line search compares the loss of the same rows at several points), not batches of ${batchSize}: use --batch-size full`);
  if (lbfgs && input.schedule) throw new OptionError("cannot export to PyTorch: lbfgs finds each step's length by its line search; drop --schedule");
  const optimizer = lbfgs ?? torchOptimizer(input.optimizer);
  const lr = optimizer.options.lr as number;
  const schedule = input.schedule ? torchSchedule(input.schedule, lr) : null;
  const lossClass = torchLoss(run.loss);
  const start = input.start ?? { epoch: 0, updates: 0, optimizer: null, rng: null };
  const record = modelRecord(run.model, run.loss);
  const runJson = {
    data: input.dataName,
    model_record: record,
    preprocessing: torchPreprocessing(record),
    loss: { name: run.loss, class: lossClass },
    optimizer: { descent: input.optimizer.name, class: optimizer.class, options: optimizer.options, ...(lbfgs ? { full_batch: lbfgs.fullBatch } : {}) },
    schedule: schedule && { descent: input.schedule!.name, ...schedule },
    batch_size: batchSize,
    epochs: input.epochs,
    seed: input.seed,
    reader: readerOptions(input.dataOptions),
  };
  const weights = encodeSafetensors({
    tensors: parameterTensors(run.model, start.optimizer),
    metadata: {
      format: "descent-torch-checkpoint",
      descent: JSON.stringify(record),
      epoch: String(start.epoch),
      updates: String(start.updates),
      optimizer_step: String(start.optimizer?.count ?? 0),
      optimizer_scalars: JSON.stringify(start.optimizer?.scalars ?? {}),
    },
  });
  const files: [string, string | Uint8Array][] = [
    ["train.py", trainScript(runJson)],
    ["weights.safetensors", weights],
    ["data.safetensors", encodeSafetensors({ tensors: dataTensors(run.train, run.test), metadata: { format: "descent-torch-data" } })],
    ["preprocessing.json", JSON.stringify(runJson.preprocessing, null, 2) + "\n"],
  ];
  if (input.batchOrder && input.epochs > start.epoch) {
    const order = batchOrder(n, batchSize, start.epoch + 1, input.epochs, input.seed, start.rng);
    files.push(["batch_order.safetensors", encodeSafetensors({
      tensors: { order: safeTensor(order, [input.epochs - start.epoch, n]) },
      metadata: { format: "descent-batch-order", first_epoch: String(start.epoch + 1) },
    })]);
  }
  const summary: TorchExportSummary = {
    dir,
    files: [...files.map(([name]) => name), "README.md"],
    optimizer: `torch.optim.${optimizer.class}`,
    schedule: schedule && `torch.optim.lr_scheduler.${schedule.class}`,
    loss: `torch.nn.${lossClass}`,
    notes: optimizer.note ? [optimizer.note] : [],
    trainRows: n,
    batchSize,
    epochs: input.epochs,
    startEpoch: start.epoch,
  };
  files.push(["README.md", torchReadme(summary, input.dataName, !!input.batchOrder)]);
  writeFolderAtomically(dir, files);
  return summary;
}

/** Fills a sibling folder, then renames it to `dir` (replacing an empty folder). */
function writeFolderAtomically(dir: string, files: [string, string | Uint8Array][]): void {
  const tmp = join(dirname(dir), `.${basename(dir)}.${process.pid}.${Date.now()}.partial`);
  try {
    mkdirSync(tmp);
    for (const [name, data] of files) writeFileSync(join(tmp, name), data);
    try {
      rmdirSync(dir); // only an empty folder: checkExportFolder refused any other
    } catch {
      // did not exist
    }
    renameSync(tmp, dir);
  } catch (e) {
    rmSync(tmp, { recursive: true, force: true });
    throw new DataError(`cannot write ${basename(dir)}: ${(e as Error).message.split("\n")[0]}`);
  }
}
