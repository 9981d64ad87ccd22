/**
 * A table's rows as a model's inputs and targets: columns found by name through the model's
 * encodings (order and extra columns do not matter), and its target column scored when present.
 */
import { cellText, columnWhere, encodeRows, type Table, type TableColumn } from "../data/index.js";
import { DataError } from "../errors.js";
import type { Model } from "./model.js";

/** The model's raw inputs for every row, and per categorical column the count of unseen categories. */
export function modelInputs(model: Model, table: Table): { features: Float32Array; unseen: Map<string, number> } {
  if (model.columns) {
    let named = table;
    const names = new Set(table.columns.map((c) => c.name));
    const shared = model.columns.some((c) => names.has(c.name));
    if (!table.hasHeader || (!shared && !model.columns.some((c) => c.kind === "categorical"))) {
      // A file without a header, or whose header shares no name with the model's numeric columns,
      // gives its columns in the model's order (extra ones after them).
      if (table.columns.length < model.columns.length) {
        throw new DataError(`${table.source} has ${table.columns.length} columns and no header; the model needs ${model.columns.length} (${model.columns.map((c) => c.name).join(", ")})`);
      }
      named = { ...table, columns: table.columns.map((c, j) => ({ ...c, name: model.columns![j]?.name ?? c.name })) };
    }
    return encodeRows(named, model.columns);
  }
  // A model without column names: the first `inputs` columns, in order.
  const d = model.spec.inputs;
  if (table.columns.length < d) throw new DataError(`${table.source} has ${table.columns.length} columns; the model expects ${d} features (plus an optional target)`);
  const features = new Float32Array(table.n * d);
  for (let j = 0; j < d; j++) {
    const col = table.columns[j]!;
    for (let i = 0; i < table.n; i++) {
      if (col.missing[i] || Number.isNaN(col.values[i])) {
        throw new DataError(`${table.source}: row ${table.lines[i]}, ${columnWhere(table, j)}: "${cellText(col, i) || col.text?.[i] || ""}" is not a number`);
      }
      features[i * d + j] = col.values[i]!;
    }
  }
  return { features, unseen: new Map() };
}

/**
 * The target column when the table has one: `ref` names it, else the model's target name, else
 * (unnamed models) a column just past the features. Rows whose target is missing or a label the
 * model does not know are left out of scoring.
 */
export function modelTargets(model: Model, table: Table, ref?: string): { targets: Float32Array; rows: number[] } | undefined {
  const names = table.columns.map((c) => c.name);
  let j = -1;
  if (ref !== undefined) {
    j = names.indexOf(ref);
    if (j < 0 && /^\d+$/.test(ref)) j = Number(ref) - 1;
    if (j < 0 || j >= names.length) throw new DataError(`${table.source}: no column "${ref}" (columns: ${names.join(", ")})`);
  } else if (model.columns && table.hasHeader) {
    j = model.targetName !== undefined ? names.indexOf(model.targetName) : -1;
  } else if (!model.columns) {
    j = table.columns.length === model.spec.inputs + 1 ? model.spec.inputs : -1;
  } else if (table.columns.length === model.columns.length + 1) {
    j = model.columns.length;
  }
  if (j < 0) return undefined;
  const col = table.columns[j]!;
  const rows: number[] = [];
  const values: number[] = [];
  const index = model.classes ? classIndex(model.classes) : undefined;
  for (let i = 0; i < table.n; i++) {
    if (col.missing[i]) continue;
    const v = index ? index(col, i) : col.values[i]!;
    if (v === undefined || Number.isNaN(v)) continue;
    rows.push(i);
    values.push(v);
  }
  return { targets: Float32Array.from(values), rows };
}

/** Class index of a label cell: by name, or (integer names) by value. */
function classIndex(classes: string[]): (col: TableColumn, i: number) => number | undefined {
  const byName = new Map(classes.map((c, k) => [c, k]));
  const byValue = new Map<number, number>();
  classes.forEach((c, k) => {
    const v = Number(c);
    if (c !== "" && Number.isFinite(v)) byValue.set(v, k);
  });
  return (col, i) => byName.get(cellText(col, i)) ?? (col.text ? undefined : byValue.get(col.values[i]!));
}
