/**
 * `descent predict --model m.json --data FILE.csv [--proba] [--out FILE.csv] [--json]`: one
 * prediction per row, columns matched by name; the metric when the file holds the target.
 */
import { resolve } from "node:path";
import type { Command } from "commander";
import { cellText, isBundledName, isParquet, loadDataset, parquetToTable, readTable, type CsvDialect } from "../../data/index.node.js";
import { DataError, OptionError } from "../../errors.js";
import { maybeGunzip, readBytes } from "../../data/read-file.node.js";
import {
  checkOutputPath, classCount, evaluateOutputs, loadModel, meanSquared, modelInputs, modelOutputs, modelTargets, outputsToPredictions,
  outputsToProbabilities, rSquared, rocAuc, type LossName, type Model,
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
    .action(async (flags: PredictFlags) => setExit(await runPredict(flags, io)));
};

interface Rows {
  features: Float32Array;
  /** The records as read (header line first when the file has one), for --out; absent for bundled datasets. */
  records?: { header?: readonly string[]; rows: (readonly string[])[]; delimiter: string };
  labelled?: { targets: Float32Array; rows: number[] };
  unseen: Map<string, number>;
}

/** The rows, read once: the model's inputs, the targets when present, and (for --out) the records as written. */
async function readRows(flags: PredictFlags, model: Model, io: CliIO, keepRecords: boolean): Promise<Rows> {
  if (isBundledName(flags.data)) {
    if (keepRecords) throw new OptionError(`--out writes a CSV file's rows back with predictions; ${flags.data} is a bundled dataset (export it as CSV first, or leave out --out)`);
    const ds = loadDataset(flags.data);
    return { features: ds.features, labelled: { targets: ds.targets, rows: Array.from({ length: ds.n }, (_, i) => i) }, unseen: new Map() };
  }
  const { target: _target, ...rest } = flags;
  const dialect: CsvDialect = dataOptionsFromFlags(rest);
  const fromStdin = flags.data === "-";
  const source = fromStdin ? "standard input" : flags.data;
  const bytes = fromStdin ? undefined : maybeGunzip(readBytes(resolve(io.cwd, flags.data)), flags.data);
  if (bytes && isParquet(bytes)) {
    // A Parquet file: the same table (hyparquet), its cells written back as text for --out.
    const table = await parquetToTable(bytes, source);
    const { features, unseen } = modelInputs(model, table);
    const labelled = modelTargets(model, table, flags.target);
    const rows = keepRecords ? Array.from({ length: table.n }, (_, i) => table.columns.map((c) => cellText(c, i))) : [];
    return { features, unseen, ...(labelled ? { labelled } : {}), ...(keepRecords ? { records: { header: table.columns.map((c) => c.name), rows, delimiter: "," } } : {}) };
  }
  const text = bytes ? bytes.toString("utf8") : (io.readStdin?.() ?? "");
  if (text.startsWith("PAR1")) throw new DataError(`${source} is a Parquet file; predict reads Parquet from a file path, not from standard input`);
  const records: (readonly string[])[] = [];
  const { table, layout } = readTable(text, { ...dialect, source, ...(keepRecords ? { onRecord: (fields: readonly string[]) => void records.push(fields) } : {}) });
  const { features, unseen } = modelInputs(model, table);
  const labelled = modelTargets(model, table, flags.target);
  if (!keepRecords) return { features, unseen, ...(labelled ? { labelled } : {}) };
  // A header is written back; a scikit-learn first line (row count, class names) is not a row.
  const first = layout.hasHeader || layout.declared ? 1 : 0;
  const delimiter = layout.delimiter === "whitespace" ? "," : layout.delimiter;
  return {
    features, unseen, ...(labelled ? { labelled } : {}),
    records: { ...(layout.hasHeader ? { header: records[0]! } : {}), rows: records.slice(first), delimiter },
  };
}

/** A CSV field, quoted when it holds the delimiter, a quote or a line break. */
function field(value: string, delimiter: string): string {
  return value.includes(delimiter) || /["\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** The input rows with the prediction (and probability) columns appended, as CSV text. */
function scoredCsv(records: NonNullable<Rows["records"]>, predictions: readonly (string | number)[], classes: readonly string[], proba: Float64Array | undefined): string {
  const d = records.delimiter;
  const k = classes.length;
  const line = (fields: readonly string[]): string => fields.map((f) => field(f, d)).join(d);
  const lines: string[] = [];
  if (records.header) lines.push(line([...records.header, "prediction", ...(proba ? classes.map((c) => `probability_${c}`) : [])]));
  records.rows.forEach((row, i) => {
    lines.push(line([...row, String(predictions[i]), ...(proba ? Array.from(proba.subarray(i * k, i * k + k), (p) => String(+p.toFixed(6))) : [])]));
  });
  return lines.join("\n") + "\n";
}

/** The whole command, callable in-process; returns the exit code. */
export async function runPredict(flags: PredictFlags, io: CliIO): Promise<number> {
  const out = flags.out === undefined ? undefined : resolve(io.cwd, flags.out);
  if (out) checkOutputPath(out, "--out");
  const { model, loss } = loadModel(resolve(io.cwd, flags.model));
  const classifier = model.spec.head !== "identity";
  if (flags.proba && !classifier) throw new DataError(`--proba needs a classifier; ${flags.model} predicts numbers`);
  const rows = await readRows(flags, model, io, out !== undefined);
  if (rows.unseen.size > 0) {
    const total = [...rows.unseen.values()].reduce((a, b) => a + b, 0);
    io.stderr.write(`warning: ${total} cell${total === 1 ? "" : "s"} with categories not seen in training, encoded as all zeros: ${[...rows.unseen].map(([c, k]) => `${c} (${k})`).join(", ")}\n`);
  }
  // The one forward pass: logits for classifiers, values in the target's units for regression.
  const outputs = modelOutputs(model, rows.features);
  const predicted = outputsToPredictions(model.spec, outputs);
  const predictions: (string | number)[] = classifier ? Array.from(predicted, (c) => model.classes?.[c] ?? String(c)) : Array.from(predicted);
  const k = classifier ? classCount(model.spec) : 0;
  const classes = classifier ? (model.classes ?? Array.from({ length: k }, (_, c) => String(c))) : [];
  const proba = flags.proba ? outputsToProbabilities(model.spec, outputs) : undefined;
  const scored = score(model, loss, rows, outputs);

  if (out) writeFileAtomic(out, scoredCsv(rows.records!, predictions, classes, proba));
  if (flags.json) {
    const probaJson = proba ? predictions.map((_, i) => Object.fromEntries(classes.map((c, j) => [c, proba[i * k + j]!]))) : undefined;
    io.stdout.write(JSON.stringify({ predictions, ...(probaJson ? { probabilities: probaJson } : {}), ...(scored ?? {}) }) + "\n");
    return 0;
  }
  if (out) io.stdout.write(`wrote ${predictions.length} predictions to ${flags.out}\n`);
  else {
    const text = predictions.map((p, i) => {
      const shown = typeof p === "number" ? num(p) : p;
      return proba ? `${shown}  ${classes.map((c, j) => `${c}=${proba[i * k + j]!.toFixed(4)}`).join(" ")}` : shown;
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

/** The metric on the rows whose target the file holds (and ROC AUC for two classes), from the outputs already computed. */
function score(model: Model, loss: string | undefined, rows: Rows, outputs: Float32Array): Score | undefined {
  const labelled = rows.labelled;
  if (!labelled || labelled.rows.length === 0) return undefined;
  const m = labelled.rows.length;
  const width = model.spec.outputs;
  const picked = new Float32Array(m * width);
  labelled.rows.forEach((i, r) => picked.set(outputs.subarray(i * width, i * width + width), r * width));
  if (model.spec.head === "identity") {
    // In the target's own units: the outputs are already unscaled.
    return { metric: "r2", value: rSquared(picked, labelled.targets), loss: meanSquared(picked, labelled.targets), rows: m };
  }
  const e = evaluateOutputs(model.spec, picked, labelled.targets, loss as LossName | undefined);
  const result: Score = { metric: e.metricName, value: e.metric, loss: e.loss, rows: m };
  if (model.spec.head === "sigmoid") {
    const auc = rocAuc(picked, labelled.targets);
    if (Number.isFinite(auc)) result.rocAuc = auc;
  }
  return result;
}
