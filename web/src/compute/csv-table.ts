/**
 * A CSV file the user picked, read by the library's one reader (`csvToDataset`, the rules and
 * options of the CLI's data flags), with the two columns to draw resolved by name. Shared by the
 * network and SGD workers; the file's text only ever travels from the page to its own worker.
 */
import { csvToDataset } from "../lib.js";
import type { TableSource } from "./network.js";

/** A CSV file's text and the reading options. */
export interface CsvInput {
  text: string;
  name: string;
  /** Target column name ("" = the reader's default, the last column). */
  target: string;
  /** Columns to draw by name ("" = the first two features). */
  xColumn: string;
  yColumn: string;
  /** Missing feature cells: "" refuses them (naming the columns), else fill or drop, as the CLI's --impute / --drop-missing. */
  missing: "" | "mean" | "median" | "most-frequent" | "drop";
}

/** The CSV read by the library's reader, and the drawn columns resolved by name. */
export function tableFrom(csv: CsvInput): TableSource {
  const data = csvToDataset(csv.text, {
    source: csv.name,
    name: csv.name.replace(/\.[^.]*$/, ""),
    ...(csv.target !== "" ? { target: csv.target } : {}),
    ...(csv.missing === "drop" ? { dropMissing: true } : csv.missing !== "" ? { impute: csv.missing } : {}),
  });
  if (data.d < 1) throw new Error(`${csv.name}: no feature columns besides the target`);
  // Only numeric inputs make an axis (a one-hot input is 0 or 1).
  const drawable = drawableInputs(data);
  const find = (name: string, fallback: number, what: string) => {
    if (name === "") return data.featureNames.indexOf(drawable[Math.min(fallback, drawable.length - 1)] ?? data.featureNames[0]!);
    const j = data.featureNames.indexOf(name);
    if (j < 0) throw new Error(`${csv.name}: no feature column "${name}" to draw on the ${what} axis (columns: ${data.featureNames.join(", ")})`);
    return j;
  };
  return { data, xColumn: find(csv.xColumn, 0, "x"), yColumn: find(csv.yColumn, 1, "y"), notes: [] };
}

/** The inputs that are numeric columns (not one-hot indicators): the ones an axis can show. */
export function drawableInputs(data: TableSource["data"]): string[] {
  if (!data.columns) return data.featureNames;
  const numeric = data.columns.filter((c) => c.kind === "numeric").map((c) => c.name);
  return numeric.length > 0 ? numeric : data.featureNames;
}

/** The file's column names for the pickers: the source columns (before one-hot) besides the target. */
export function sourceColumns(data: TableSource["data"]): string[] {
  return data.columns?.map((c) => c.name) ?? data.featureNames;
}
