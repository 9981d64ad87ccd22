import { statSync } from "node:fs";
import { DataError } from "../errors.js";
import { isBundledName, listDatasets, loadBundled } from "./bundled.js";
import { loadCsv, type CsvDatasetOptions } from "./csv-dataset.js";
import type { Dataset } from "./dataset.js";
import { loadIdxFolder, type IdxFolderOptions } from "./idx.js";

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
