/** `descent predict --model m.json --data FILE.csv [--json]`: one prediction per row, and the metric when the file has targets. */
import { resolve } from "node:path";
import type { Command } from "commander";
import { isBundledName, loadCsv, loadDataset, parseCsv, type Dataset } from "../../data/index.node.js";
import { DataError } from "../../errors.js";
import { evaluate, loadModel, predictLabels, type Model } from "../../train/index.node.js";
import { num } from "../../util/format.js";
import type { CliIO } from "../io.js";
import { readFileSync } from "node:fs";
import { gunzipSync } from "node:zlib";
import type { RegisterCommand } from "./index.js";
import { count } from "../../util/plural.js";

export interface PredictFlags {
  model: string;
  data: string;
  target?: string;
  json?: boolean;
}

export const registerPredict: RegisterCommand = (program: Command, io: CliIO, setExit) => {
  program
    .command("predict")
    .description("predict with a saved model, one line per row")
    .requiredOption("--model <file>", "a model written by `descent train --save`")
    .requiredOption("--data <file>", "CSV rows with the model's features (and optionally the target), or a bundled dataset")
    .option("--target <column>", "target column, when the file has one (default: the model's target name, else a column beyond the features)")
    .option("--json", 'print {"predictions": [...]} (plus the metric when the file holds the target)')
    .addHelpText("after", "\nExample:\n  descent train --data breast-cancer --save bc.json && descent predict --model bc.json --data rows.csv")
    .action((flags: PredictFlags) => setExit(runPredict(flags, io)));
};

/** Reads the rows: with a target column when the file has more columns than the model has features. */
export function readRows(path: string, model: Model, target?: string): { features: Float32Array; labelled?: Dataset } {
  const d = model.spec.inputs;
  const csvOptions = {
    ...(model.classes ? { task: "classification" as const, classes: model.classes } : { task: "regression" as const }),
  };
  if (isBundledName(path)) {
    const ds = loadDataset(path);
    return { features: ds.features, labelled: ds };
  }
  let text: string;
  try {
    const bytes = readFileSync(path);
    text = (path.endsWith(".gz") ? gunzipSync(bytes) : bytes).toString("utf8");
  } catch {
    throw new DataError(`cannot read ${path}: no such file`);
  }
  const { records } = parseCsv(text, { source: path });
  if (records.length === 0) throw new DataError(`${path}: empty file`);
  const first = records[0]!;
  const hasHeader = first.some((c) => c.trim() !== "" && Number.isNaN(Number(c)));
  const columns = first.length;
  if (columns === d && target === undefined) {
    const rows = hasHeader ? records.slice(1) : records;
    const features = new Float32Array(rows.length * d);
    rows.forEach((r, i) => {
      if (r.length !== d) throw new DataError(`${path}: row ${i + (hasHeader ? 2 : 1)} has ${r.length} fields, expected ${d}`);
      r.forEach((c, j) => {
        const v = Number(c);
        if (c.trim() === "" || !Number.isFinite(v)) throw new DataError(`${path}: row ${i + (hasHeader ? 2 : 1)}, column ${j + 1}: "${c}" is not a number`);
        features[i * d + j] = v;
      });
    });
    return { features };
  }
  if (columns !== d + 1 && target === undefined) {
    throw new DataError(`${path} has ${columns} columns; the model expects ${count(d, "feature")} (plus an optional target)`);
  }
  const targetColumn = target ?? (hasHeader && model.targetName && first.includes(model.targetName) ? model.targetName : undefined);
  const ds = loadCsv(path, { ...csvOptions, ...(targetColumn !== undefined ? { target: targetColumn } : {}) });
  if (ds.d !== d) throw new DataError(`${path} has ${ds.d} feature columns; the model expects ${d}`);
  return { features: ds.features, labelled: ds };
}

/** The whole command, callable in-process; returns the exit code. */
export function runPredict(flags: PredictFlags, io: CliIO): number {
  const { model, loss } = loadModel(resolve(io.cwd, flags.model));
  const dataPath = isBundledName(flags.data) ? flags.data : resolve(io.cwd, flags.data);
  const { features, labelled } = readRows(dataPath, model, flags.target);
  const predictions = predictLabels(model, features);
  const scored = labelled && evaluate(model, labelled, loss as Parameters<typeof evaluate>[2]);
  if (flags.json) {
    io.stdout.write(JSON.stringify({ predictions, ...(scored ? { metric: scored.metricName, value: scored.metric, loss: scored.loss } : {}) }) + "\n");
    return 0;
  }
  io.stdout.write(predictions.map((p) => (typeof p === "number" ? num(p) : p)).join("\n") + "\n");
  if (scored) io.stdout.write(`${scored.metricName} ${num(scored.metric, 4)} on ${predictions.length} rows\n`);
  return 0;
}
