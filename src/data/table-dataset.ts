/**
 * From a table of named columns to datasets a model trains on, with the data options every command
 * shares: which column is the target and which are features, the task, missing cells, categories.
 * Column encodings (categories, imputation values) are fitted on the training rows only and travel
 * with the datasets (`Dataset.columns`), so the model file can carry them. Pure, browser-safe.
 */
import { DataError } from "../errors.js";
import {
  checkNumericLook, encodeTargets, hasMissingFeature, IdentifierWatch, MissingCounter, resolveRoles, rowsWithTarget, TargetFitter,
  type DataOptions,
} from "./data-rules.js";
import { makeDataset, type Dataset } from "./dataset.js";
import { encodedNames, encodeRows, fitColumns } from "./preprocess.js";
import type { CsvLayout } from "./reader.js";
import { trainTestSplit } from "./split.js";
import { cellText, columnWhere, selectRows, type Table, type TableColumn } from "./table.js";

export { MAX_AUTO_CLASSES, resolveColumn, type ColumnRef, type DataOptions } from "./data-rules.js";

export interface TableSplit {
  /** Share of rows held out for testing; 0 keeps every row for training. */
  testFraction: number;
  seed: number;
}

export interface PreparedData {
  train: Dataset;
  /** Absent when testFraction is 0 (or no split was asked for). */
  test?: Dataset;
  /** What the user should know (rows dropped, task chosen, a column that looks like an ID). */
  notes: string[];
}

/**
 * Applies the data options to a table: resolves target and features, drops rows whose target is
 * missing, checks missing cells, chooses the task, splits (stratified for classes) and fits the
 * column encodings on the training rows. Without `split`, every row trains.
 */
export function prepareTable(table: Table, options: DataOptions = {}, split?: TableSplit, layout?: CsvLayout): PreparedData {
  const notes: string[] = [];
  const source = table.source;
  const roles = resolveRoles(table, options);
  const { target: t, features, categorical } = roles;
  const targetCol = table.columns[t]!;
  if (layout?.declared && layout.declared.rows !== table.n) {
    throw new DataError(`${source}: the first line declares ${layout.declared.rows} rows, the file has ${table.n}`);
  }
  checkNumericLook(table, roles);
  // Rows whose target is missing are dropped; then missing feature cells are counted per column.
  let rows = rowsWithTarget(table, t);
  if (rows.length < table.n) {
    notes.push(`note: dropped ${table.n - rows.length} row${table.n - rows.length === 1 ? "" : "s"} whose target "${targetCol.name}" is missing`);
  }
  const missing = new MissingCounter(features);
  missing.add(table, rows);
  missing.check(table, options);
  if (missing.any && options.dropMissing) {
    const before = rows.length;
    rows = rows.filter((i) => !hasMissingFeature(table, features, i));
    notes.push(`note: dropped ${before - rows.length} of ${before} rows with missing cells (--drop-missing)`);
  }
  if (rows.length === 0) throw new DataError(`${source}: no rows left to train on`);
  const kept = rows.length === table.n ? table : selectRows(table, rows);
  const all = allRows(kept.n);

  for (const j of features) {
    const watch = new IdentifierWatch(kept.columns[j]!.name);
    watch.add(kept.columns[j]!, all);
    if (watch.looksLikeIdentifier()) {
      notes.push(`warning: ${columnWhere(table, j)} has a different value in every row, like an identifier; leave it out with --drop ${kept.columns[j]!.name}`);
    }
  }

  const text = features.filter((j) => kept.columns[j]!.text !== null || categorical.has(j));
  if (text.length > 0) {
    const list = text.map((j) => `${kept.columns[j]!.name} (${new Set(textOrNumbers(kept.columns[j]!)).size})`).join(", ");
    notes.push(`note: one-hot encoding ${text.length} categorical column${text.length === 1 ? "" : "s"} (categories): ${list}`);
  }
  const targetFitter = new TargetFitter(kept, t, options, layout?.declared?.classes);
  targetFitter.add(kept, all);
  const fit = targetFitter.finish(notes);
  const target = { ...fit, values: encodeTargets(kept, t, fit, all) };
  let trainRows: ArrayLike<number> = all;
  let testRows: ArrayLike<number> | undefined;
  if (split && split.testFraction > 0) {
    const labels = makeDataset({
      name: options.name ?? "data", features: new Float32Array(0), n: kept.n, d: 0, featureNames: [], targets: target.values,
      task: target.task, ...(target.classes ? { classes: target.classes } : {}), targetName: targetCol.name,
    });
    const s = trainTestSplit(labels, { testFraction: split.testFraction, seed: split.seed });
    trainRows = s.trainIndices;
    testRows = s.testIndices;
  }
  const trainTable = selectRows(kept, trainRows);
  const columns = fitColumns(trainTable, features, { categorical, ...(options.impute ? { impute: options.impute } : {}) });
  const name = options.name ?? "data";
  const toDataset = (part: Table, indices: ArrayLike<number>, suffix: string): Dataset => {
    const targets = new Float32Array(indices.length);
    for (let k = 0; k < indices.length; k++) targets[k] = target.values[indices[k]!]!;
    const ds = makeDataset({
      name: suffix ? `${name} (${suffix})` : name, features: encodeRows(part, columns).features, n: part.n, d: encodedNames(columns).length,
      featureNames: encodedNames(columns), targets, task: target.task, ...(target.classes ? { classes: target.classes } : {}),
      targetName: targetCol.name,
    });
    ds.columns = columns;
    return ds;
  };
  const train = toDataset(trainTable, trainRows, testRows ? "train" : "");
  const test = testRows ? toDataset(selectRows(kept, testRows), testRows, "test") : undefined;
  train.notes = notes;
  return { train, ...(test ? { test } : {}), notes };
}

function allRows(n: number): number[] {
  return Array.from({ length: n }, (_, i) => i);
}

function* textOrNumbers(col: TableColumn): Generator<string> {
  for (let i = 0; i < col.values.length; i++) if (!col.missing[i]) yield cellText(col, i);
}

