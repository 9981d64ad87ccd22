/**
 * `descent predict --model m.json --data FILE.csv [--proba] [--out FILE.csv] [--json]`: one
 * prediction per row, columns matched by name; the metric when the file holds the target.
 */
import { resolve } from "node:path";
import type { Command } from "commander";
import { isBundledName, loadDataset, makeDataset, parseCsv, readTable, type CsvDialect, type Table } from "../../data/index.node.js";
import { DataError } from "../../errors.js";
import { readText } from "../../data/read-file.node.js";
import {
  checkOutputPath, evaluate, loadModel, meanSquared, modelInputs, modelOutputs, modelTargets, outputsToPredictions, rSquared, rocAuc,
  type Model,
} from "../../train/index.node.js";
import { writeFileAtomic } from "../../util/atomic-write.node.js";
import { addDataFlags, dataOptionsFromFlags, type DataFlags } from "../data-flags.js";
import { num } from "../../util/format.js";
import type { CliIO } from "../io.js";
import type { RegisterCommand } from "./index.js";


export interface PredictFlags extends Omit<DataFlags, "target"> {
  model: string;
  data: string;
  target?: string;
  proba?: boolean;
  out?: string;
  json?: boolean;
}

export const registerPredict: RegisterCommand = (program: Command, io: CliIO, setExit) => {
  const cmd = program
    .command("predict")
    .description("predict with a saved model, one line per row")
    .requiredOption("--model <file>", "a model written by `descent train --save`")
    .requiredOption("--data <file>", "CSV rows with the model's feature columns (found by name, in any order; others are ignored), - for standard input, or a bundled dataset")
    .option("--target <column>", "the column holding true values, to score the predictions (default: the model's target, when the file has it)")
    .option("--proba", "add each class's probability (classifiers)")
    .option("--out <file>", "write the input rows with the prediction columns appended to FILE.csv");
  addDataFlags(cmd, "reading");
  cmd
    .option("--json", 'print {"predictions": [...]} (plus "probabilities" with --proba, and the metric when the file holds the target)')
    .addHelpText("after", "\nExamples:\n  descent train --data houses.csv --drop listing_id --impute median --save houses.json\n  descent predict --model houses.json --data new-listings.csv --out priced.csv\n  descent predict --model churn.json --data - --proba --json < customers.csv")
    .action((flags: PredictFlags) => setExit(runPredict(flags, io)));
};

interface Rows {
  features: Float32Array;
  /** The table read (absent for bundled datasets). */
  table?: Table;
  text?: string;
  delimiter?: string;
  labelled?: { targets: Float32Array; rows: number[] };
  unseen: Map<string, number>;
}

function readRows(flags: PredictFlags, model: Model, io: CliIO): Rows {
  if (isBundledName(flags.data)) {
    const ds = loadDataset(flags.data);
    return { features: ds.features, labelled: { targets: ds.targets, rows: Array.from({ length: ds.n }, (_, i) => i) }, unseen: new Map() };
  }
  const { target: _target, ...rest } = flags;
  const dialect: CsvDialect = dataOptionsFromFlags(rest);
  const fromStdin = flags.data === "-";
  const source = fromStdin ? "standard input" : flags.data;
  const text = fromStdin ? (io.readStdin?.() ?? "") : readText(resolve(io.cwd, flags.data));
  if (text.startsWith("PAR1")) throw new DataError(`${source} is a Parquet file; predict reads CSV rows (Parquet is read by train only, yet)`);
  const { table, layout } = readTable(text, { ...dialect, source });
  const { features, unseen } = modelInputs(model, table);
  const labelled = modelTargets(model, table, flags.target);
  return { features, table, text, delimiter: layout.delimiter, unseen, ...(labelled ? { labelled } : {}) };
}

/** Class probabilities per row from the network's outputs (sigmoid: P(class 1); softmax). */
function probabilities(model: Model, outputs: Float32Array): number[][] {
  const k = model.spec.outputs;
  const n = outputs.length / k;
  const rows: number[][] = [];
  for (let i = 0; i < n; i++) {
    if (model.spec.head === "sigmoid") {
      const p = 1 / (1 + Math.exp(-outputs[i]!));
      rows.push([1 - p, p]);
      continue;
    }
    let max = -Infinity;
    for (let j = 0; j < k; j++) max = Math.max(max, outputs[i * k + j]!);
    const e = Array.from({ length: k }, (_, j) => Math.exp(outputs[i * k + j]! - max));
    const sum = e.reduce((a, b) => a + b, 0);
    rows.push(e.map((v) => v / sum));
  }
  return rows;
}

/** A CSV field, quoted when it holds the delimiter, a quote or a line break. */
function field(value: string, delimiter: string): string {
  return value.includes(delimiter) || /["\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** The whole command, callable in-process; returns the exit code. */
export function runPredict(flags: PredictFlags, io: CliIO): number {
  const out = flags.out === undefined ? undefined : resolve(io.cwd, flags.out);
  if (out) checkOutputPath(out, "--out");
  const { model, loss } = loadModel(resolve(io.cwd, flags.model));
  const classifier = model.spec.head !== "identity";
  if (flags.proba && !classifier) throw new DataError(`--proba needs a classifier; ${flags.model} predicts numbers`);
  const rows = readRows(flags, model, io);
  if (rows.unseen.size > 0) {
    const total = [...rows.unseen.values()].reduce((a, b) => a + b, 0);
    io.stderr.write(`warning: ${total} cell${total === 1 ? "" : "s"} with categories not seen in training, encoded as all zeros: ${[...rows.unseen].map(([c, k]) => `${c} (${k})`).join(", ")}\n`);
  }
  // Logits for classifiers, values in the target's units for regression.
  const outputs = modelOutputs(model, rows.features);
  const predicted = outputsToPredictions(model.spec, outputs);
  const predictions: (string | number)[] = classifier ? Array.from(predicted, (c) => model.classes?.[c] ?? String(c)) : Array.from(predicted);
  const classes = classifier ? (model.classes ?? Array.from({ length: model.spec.head === "sigmoid" ? 2 : model.spec.outputs }, (_, k) => String(k))) : [];
  const proba = flags.proba ? probabilities(model, outputs) : undefined;
  const scored = score(model, loss, rows, predictions, outputs);

  if (out) {
    const records = parseCsv(rows.text!, { delimiter: rows.delimiter as never, source: flags.data }).records;
    const d = rows.delimiter === "whitespace" ? "," : rows.delimiter!;
    const extra = (k: number): string[] => [String(predictions[k]), ...(proba ? proba[k]!.map((p) => String(+p.toFixed(6))) : [])];
    const lines: string[] = [];
    let first = 0;
    if (rows.table!.hasHeader) {
      lines.push([...records[0]!, "prediction", ...(proba ? classes.map((c) => `probability_${c}`) : [])].map((f) => field(f, d)).join(d));
      first = 1;
    }
    for (let k = 0; k < predictions.length; k++) lines.push([...records[first + k]!, ...extra(k)].map((f) => field(f, d)).join(d));
    writeFileAtomic(out, lines.join("\n") + "\n");
  }
  if (flags.json) {
    const probaJson = proba?.map((p) => Object.fromEntries(classes.map((c, k) => [c, p[k]!])));
    io.stdout.write(JSON.stringify({ predictions, ...(probaJson ? { probabilities: probaJson } : {}), ...(scored ?? {}) }) + "\n");
    return 0;
  }
  if (out) io.stdout.write(`wrote ${predictions.length} predictions to ${flags.out}\n`);
  else {
    const text = predictions.map((p, k) => {
      const shown = typeof p === "number" ? num(p) : p;
      return proba ? `${shown}  ${classes.map((c, j) => `${c}=${proba[k]![j]!.toFixed(4)}`).join(" ")}` : shown;
    });
    io.stdout.write(text.join("\n") + "\n");
  }
  if (scored) {
    io.stdout.write(`${scored.metric} ${num(scored.value, 4)}${scored.rocAuc !== undefined ? `  ROC AUC ${num(scored.rocAuc, 4)}` : ""} on ${scored.rows} rows\n`);
  }
  return 0;
}

interface Score {
  metric: string;
  value: number;
  loss: number;
  rows: number;
  rocAuc?: number;
}

/** The metric on the rows whose target the file holds (and ROC AUC for two classes). */
function score(model: Model, loss: string | undefined, rows: Rows, predictions: (string | number)[], outputs: Float32Array): Score | undefined {
  const labelled = rows.labelled;
  if (!labelled || labelled.rows.length === 0) return undefined;
  const m = labelled.rows.length;
  if (model.spec.head === "identity") {
    // In the target's own units: the predictions are already unscaled.
    const predicted = Float64Array.from(labelled.rows, (i) => predictions[i] as number);
    return { metric: "r2", value: rSquared(predicted, labelled.targets), loss: meanSquared(predicted, labelled.targets), rows: m };
  }
  const d = model.spec.inputs;
  const features = new Float32Array(m * d);
  labelled.rows.forEach((i, k) => features.set(rows.features.subarray(i * d, i * d + d), k * d));
  const ds = makeDataset({
    name: "rows", features, n: m, d, featureNames: model.featureNames ?? Array.from({ length: d }, (_, j) => `x${j + 1}`),
    targets: labelled.targets, task: "classification", classes: model.classes ?? ["0", "1"], targetName: model.targetName ?? "target",
  });
  const e = evaluate(model, ds, loss as Parameters<typeof evaluate>[2]);
  const result: Score = { metric: e.metricName, value: e.metric, loss: e.loss, rows: m };
  if (model.spec.head === "sigmoid") {
    const logits = Float32Array.from(labelled.rows, (i) => outputs[i]!);
    const auc = rocAuc(logits, labelled.targets);
    if (Number.isFinite(auc)) result.rocAuc = auc;
  }
  return result;
}
