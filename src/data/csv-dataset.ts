import { type Delimiter } from "./csv.js";
import type { Dataset } from "./dataset.js";
import { readTable } from "./reader.js";
import { prepareTable, type DataOptions } from "./table-dataset.js";

export interface CsvDatasetOptions extends Omit<DataOptions, "delimiter"> {
  /** Default "auto": comma, semicolon, tab or whitespace, guessed from the first line. */
  delimiter?: Delimiter | "auto";
  /** Names the input in error messages when text is given. Default "input". */
  source?: string;
}

export { MAX_AUTO_CLASSES } from "./table-dataset.js";
export { looksLikeHeader } from "./reader.js";

/**
 * Turns CSV text into a Dataset with every row (no split): the one CSV reader (`reader.ts`) and
 * the data options (`table-dataset.ts`: target, features, categories, missing cells, task). Text
 * feature columns are one-hot encoded (`Dataset.columns` says how); text labels become classes
 * sorted by code unit unless `options.classes` gives the order; numeric labels are sorted by
 * value. A scikit-learn first line `n_rows,n_features,class0,…` supplies the class names. Errors
 * name the source, the line (1-based, as in the file) and the column.
 */
export function csvToDataset(text: string, options: CsvDatasetOptions = {}): Dataset {
  const { delimiter, source, ...rest } = options;
  const { table, layout } = readTable(text, {
    ...rest, ...(delimiter && delimiter !== "auto" ? { delimiter } : {}), source: source ?? "input",
  });
  return prepareTable(table, { ...rest, name: options.name ?? "csv" }, undefined, layout).train;
}
