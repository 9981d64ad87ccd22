/**
 * `descent export --model m.json --onnx m.onnx`: a trained model as an ONNX graph for any ONNX runtime.
 * `descent export --torch DIR …train's options`: a training run as a PyTorch folder (src/torch/).
 */
import { basename, resolve } from "node:path";
import type { Command, Option } from "commander";
import { OptionError } from "../../errors.js";
import { exportOnnxGraph, ONNX_OPSET } from "../../onnx/index.js";
import { parseOptimizerSpec, parseScheduleSpec, splitSpec } from "../../optim/index.js";
import { checkExportFolder, exportTorch, type TorchStart } from "../../torch/index.js";
import {
  checkOutputPath, loadModel, prepareRun, readCheckpoint, type Model, type PreparedRun, type TrainingConfig,
} from "../../train/index.node.js";
import { writeFileAtomic } from "../../util/atomic-write.node.js";
import { parseInteger } from "../args.js";
import { addDataFlags, DATA_FLAG_NAMES } from "../data-flags.js";
import { ensureDataOnMachine } from "../fetch-data.js";
import type { CliIO } from "../io.js";
import type { RegisterCommand } from "./index.js";
import { configFromFlags, type TrainFlags } from "./train.js";

export interface ExportFlags extends TrainFlags {
  model?: string;
  onnx?: string;
  input?: string;
  torch?: string;
  batchOrder?: boolean;
  json?: boolean;
}

/** train's options that describe a run; export --torch takes them as train does. */
const NOT_RUN_OPTIONS = new Set(["--model", "--save", "--checkpoint", "--checkpoint-every", "--json", "--plot", "--stream", "--shuffle-buffer"]);

export const registerExport: RegisterCommand = (program: Command, io: CliIO, setExit) => {
  const command = program
    .command("export")
    .description("write a trained model as ONNX, or a training run as a PyTorch folder (train.py, weights, data)")
    .option("--model <file|arch>", "with --onnx: a model written by `descent train --save`; with --torch: an architecture as for train, or a model file to continue")
    .option("--onnx <file>", "the ONNX file to write (one input per column; outputs `prediction`, or `probabilities` and `label`)")
    .option("--input <form>", "with --onnx: columns (one input per original column, the encoding in the graph; the default) or encoded (one input `features`, the encoded vector)")
    .option("--torch <dir>", "write the run as a new folder for PyTorch: train.py (DDP under torchrun), weights and data as safetensors, README.md")
    .option("--batch-order", "with --torch: also write descent's row order per epoch, for train.py --batch-order")
    .option("--json", "print what was written as one JSON object");
  // The data options come from their one definition; the other run options are train's own
  // (model, loss, optimizer, schedule, batch, epochs, seed, resume).
  addDataFlags(command);
  const taken = new Set(command.options.map((o) => o.long));
  const train = program.commands.find((c) => c.name() === "train");
  for (const option of (train?.options ?? []) as Option[]) {
    if (!NOT_RUN_OPTIONS.has(option.long ?? "") && !taken.has(option.long)) command.addOption(option);
  }
  command
    .addHelpText("after", `
Examples:
  descent train --data iris --save iris.json && descent export --model iris.json --onnx iris.onnx
  descent export --model churn.json --onnx churn.onnx --input encoded
  descent export --torch run/ --data iris --model mlp:16 --optimizer adam:lr=0.01 --schedule cosine:t_max=200 --batch-order
  descent export --torch run/ --resume run.ckpt

See docs/onnx.md and docs/scale.md.`)
    .action(async (flags: ExportFlags, cmd: Command) => {
      const given = (name: string) => cmd.getOptionValueSource(name) === "cli";
      if (flags.torch === undefined) refuseDataFlags(cmd, given);
      setExit(flags.torch !== undefined ? await runTorchExport(flags, io, given) : runExport(flags, io));
    });
};

/** The data options read a data file for a run (--torch); an ONNX export reads none, its model file carries the preprocessing. */
function refuseDataFlags(cmd: Command, given: (name: string) => boolean): void {
  const name = DATA_FLAG_NAMES.find((n) => given(n));
  if (name === undefined) return;
  const flag = cmd.options.find((o) => o.attributeName() === name)?.long ?? name;
  throw new OptionError(`${flag} is a data option for export --torch (the run's data); export --onnx takes the preprocessing stored in the model file`);
}

/** The ONNX export, callable in-process; returns the exit code. */
export function runExport(flags: ExportFlags, io: CliIO): number {
  if (flags.onnx === undefined) throw new OptionError("export needs --onnx FILE (with --model MODEL.json) or --torch DIR (with train's options)");
  if (flags.model === undefined) throw new OptionError("export --onnx needs --model MODEL.json, a model written by `descent train --save`");
  if (flags.input !== undefined && flags.input !== "columns" && flags.input !== "encoded") {
    throw new OptionError(`invalid --input "${flags.input}" (valid: columns, encoded)`);
  }
  const modelPath = resolve(io.cwd, flags.model);
  const onnxPath = resolve(io.cwd, flags.onnx);
  checkOutputPath(onnxPath, "--onnx");
  const { model } = loadModel(modelPath);
  if (flags.input === "columns" && !model.columns) {
    throw new OptionError(`--input columns: ${flags.model} records no feature columns (a version 1 file, or a model trained on arrays); export it with --input encoded`);
  }
  const { bytes, form, inputs } = exportOnnxGraph(model, flags.input !== undefined ? { input: flags.input } : {});
  writeFileAtomic(onnxPath, bytes);
  const { spec } = model;
  const outputs = spec.head === "identity"
    ? [`prediction [batch${spec.outputs > 1 ? `, ${spec.outputs}` : ""}]`]
    : [`probabilities [batch, ${spec.head === "sigmoid" ? 2 : spec.outputs}]`, "label [batch]"];
  const shapes = inputs.map((i) => ({ name: i.name, type: i.type, shape: ["batch", "width" in i ? i.width : 1] }));
  // The encoded form leaves the column encoding to the caller: say so when the model has one.
  const encoding = form === "encoded" && (model.columns?.some((c) => c.kind === "categorical" || c.impute !== undefined) ?? false);
  if (encoding && !flags.json) {
    io.stderr.write(`note: the graph's input is the encoded feature vector (${model.featureNames!.join(", ")}): one-hot encode and impute the columns before calling it, or export with --input columns\n`);
  }
  if (flags.json) {
    io.stdout.write(JSON.stringify({ onnx: flags.onnx, bytes: bytes.length, opset: ONNX_OPSET, input: form, inputs: shapes, ...(encoding ? { encoded: model.featureNames } : {}), outputs, classes: model.classes ?? null }) + "\n");
    return 0;
  }
  const described = form === "encoded"
    ? `features [batch, ${spec.inputs}]`
    : `${inputs.length} column input${inputs.length === 1 ? "" : "s"} [batch, 1] (${inputs.map((i) => `${i.name}: ${i.type === "string" ? "text" : "number"}`).join(", ")})`;
  io.stdout.write(`wrote ${flags.onnx} (ONNX opset ${ONNX_OPSET}, ${bytes.length} bytes): ${described} → ${outputs.join(", ")}\n`);
  return 0;
}

/** A model file's weights replace a fresh run's, after checking they fit its data. */
function adoptModel(run: PreparedRun, model: Model, source: string): void {
  const spec = model.spec;
  const fresh = run.model.spec;
  if (spec.inputs !== fresh.inputs || spec.head !== fresh.head || spec.outputs !== fresh.outputs) {
    throw new OptionError(`--model ${source}: the model takes ${spec.inputs} features to ${spec.outputs} ${spec.head} outputs; the data needs ${fresh.inputs} to ${fresh.outputs} ${fresh.head}`);
  }
  run.model = { ...model, ...(run.model.featureNames ? { featureNames: model.featureNames ?? run.model.featureNames } : {}) };
}

/** The --model string that builds a model file's architecture. */
function architectureOf(model: Model): string {
  const spec = model.spec;
  return spec.kind === "mlp" ? `mlp:${spec.hidden.join(",")}:${spec.activation}` : spec.kind;
}

/** `export --torch DIR`: the run train would do, written for PyTorch. Returns the exit code. */
export async function runTorchExport(flags: ExportFlags, io: CliIO, given: (flag: string) => boolean = () => true): Promise<number> {
  if (flags.onnx !== undefined) throw new OptionError("export takes --onnx or --torch, not both");
  const dir = resolve(io.cwd, flags.torch!);
  checkExportFolder(dir);
  if (flags.resume === undefined) await ensureDataOnMachine(flags.data, io);
  const modelFile = flags.model !== undefined && flags.model.endsWith(".json") ? resolve(io.cwd, flags.model) : undefined;
  let config: TrainingConfig;
  let run: PreparedRun;
  let start: TorchStart | undefined;
  if (flags.resume !== undefined) {
    const checkpoint = readCheckpoint<TrainingConfig>(resolve(io.cwd, flags.resume));
    const { state } = checkpoint;
    if (state.batch > 0) {
      throw new OptionError(`--resume ${flags.resume}: the checkpoint stops inside epoch ${state.epoch + 1} (after batch ${state.batch}); export from a checkpoint written at the end of an epoch`);
    }
    config = { ...checkpoint.config, ...(given("epochs") && flags.epochs !== undefined ? { epochs: parseInteger("--epochs", flags.epochs, 0) } : {}) };
    checkNoEarlyStopping(config);
    run = prepareRun(config);
    // The checkpoint's weights were trained with its own scaling of the inputs and of a regression
    // target: both come with them, not refitted on the data as it is now.
    run.model.params = checkpoint.model.params;
    if (checkpoint.model.standardizer) run.model.standardizer = checkpoint.model.standardizer;
    if (checkpoint.model.targetScaling) run.model.targetScaling = checkpoint.model.targetScaling;
    start = { epoch: state.epoch, updates: state.updates, optimizer: state.optimizer, rng: state.rng };
  } else {
    const loaded = modelFile ? loadModel(modelFile) : undefined;
    config = configFromFlags({ ...flags, ...(loaded ? { model: architectureOf(loaded.model) } : {}) }, io.cwd);
    checkNoEarlyStopping(config);
    if (loaded) {
      // The file's optimizer (and its state) continues unless --optimizer names another.
      if (!given("optimizer") && loaded.optimizer) config.optimizer = loaded.optimizer.spec;
      if (!given("loss") && loaded.loss) config.loss = loaded.loss;
      run = prepareRun(config);
      adoptModel(run, loaded.model, flags.model!);
      const state = !given("optimizer") && loaded.optimizer ? loaded.optimizer.state : null;
      start = { epoch: 0, updates: state?.count ?? 0, optimizer: state, rng: null };
    } else {
      run = prepareRun(config);
    }
  }
  // Full-batch L-BFGS runs on every row, as train runs it (an explicit smaller batch is refused by the export).
  const lbfgs = splitSpec("optimizer", config.optimizer.trim()).name === "lbfgs";
  if (lbfgs && !given("batchSize")) config.batchSize = "full";
  const summary = exportTorch(dir, {
    run,
    // lbfgs is no update rule of the registry: prepareRun has checked its options.
    optimizer: lbfgs ? splitSpec("optimizer", config.optimizer.trim()) : parseOptimizerSpec(config.optimizer),
    ...(config.schedule !== undefined ? { schedule: parseScheduleSpec(config.schedule) } : {}),
    batchSize: config.batchSize,
    epochs: config.epochs,
    seed: config.seed,
    dataName: basename(config.data),
    ...(start ? { start } : {}),
    batchOrder: flags.batchOrder === true,
    ...(config.dataOptions ? { dataOptions: config.dataOptions } : {}),
  });
  if (flags.json) {
    io.stdout.write(JSON.stringify({ torch: flags.torch, ...summary, dir: undefined }) + "\n");
    return 0;
  }
  for (const note of summary.notes) io.stderr.write(`note: ${note}\n`);
  io.stdout.write(`wrote ${flags.torch}: ${summary.files.join(", ")}\n`);
  io.stdout.write(`${run.modelName} with ${summary.loss}, ${summary.optimizer}${summary.schedule ? ` and ${summary.schedule}` : ""}; ${summary.trainRows} rows, batch ${summary.batchSize}, epochs ${summary.startEpoch + 1}..${summary.epochs}\n`);
  io.stdout.write(`run it: cd ${flags.torch} && python3 train.py   (or torchrun --nproc_per_node N train.py; see its README.md)\n`);
  return 0;
}

function checkNoEarlyStopping(config: TrainingConfig): void {
  if (config.patience !== undefined || config.validationSplit !== undefined) {
    throw new OptionError("cannot export to PyTorch: early stopping (--patience, --validation-split) is not carried to train.py; export the run without it");
  }
}
