/** Loading datasets from files (Node only): by name or path, CSV files, IDX folders. */
import { statSync } from "node:fs";
import { DataError } from "../errors.js";
import { isBundledName, listDatasets, loadBundled } from "./bundled.node.js";
import { basename } from "node:path";
import { csvToDataset, type CsvDatasetOptions } from "./csv-dataset.js";
import type { Dataset } from "./dataset.js";
import { loadIdxFolder, type IdxFolderOptions } from "./idx-folder.node.js";
import { readText } from "./read-file.node.js";

export type LoadDatasetOptions = CsvDatasetOptions & IdxFolderOptions;

/**
 * Loads a dataset by what `nameOrPath` is: a bundled name (`iris`, …), a folder of IDX files
 * (MNIST layout; `split` picks train or test), or a CSV file (CSV options apply).
 */
export function loadDataset(nameOrPath: string, options: LoadDatasetOptions = {}): Dataset {
  if (isBundledName(nameOrPath)) return loadBundled(nameOrPath);
  let isFolder: boolean;
  try {
    isFolder = statSync(nameOrPath).isDirectory();
  } catch {
    const looksLikeName = !/[/\\.]/.test(nameOrPath);
    if (looksLikeName) {
      const names = listDatasets().map((d) => d.name).join(", ");
      throw new DataError(`no dataset "${nameOrPath}": not a bundled dataset (${names}) nor a file`);
    }
    throw new DataError(`cannot read ${nameOrPath}: no such file`);
  }
  if (isFolder) return loadIdxFolder(nameOrPath, options);
  return loadCsv(nameOrPath, options);
}

/**
 * Loads a CSV file (or CSV text: a string holding a newline is taken as the text itself) as a
 * Dataset. See `csvToDataset` for the rules.
 */
export function loadCsv(pathOrText: string, options: CsvDatasetOptions = {}): Dataset {
  if (pathOrText.includes("\n")) return csvToDataset(pathOrText, options);
  const text = readText(pathOrText);
  const name = options.name ?? basename(pathOrText).replace(/(\.csv|\.tsv|\.txt)?(\.gz)?$/i, "");
  return csvToDataset(text, { ...options, name, source: options.source ?? pathOrText });
}
