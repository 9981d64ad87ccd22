/** Loading datasets from files (Node only): by name or path, CSV files, IDX folders. */
import { statSync } from "node:fs";
import { DataError } from "../errors.js";
import { isBundledName, listDatasets, loadBundled } from "./bundled.node.js";
import { csvToDataset, type CsvDatasetOptions } from "./csv-dataset.js";
import type { Dataset } from "./dataset.js";
import { loadIdxFolder, type IdxFolderOptions } from "./idx-folder.node.js";
import { readText } from "./read-file.node.js";
import { datasetName } from "./read-table-file.node.js";
import { findLocalDataset, whereToPut } from "./dataset-store.node.js";
import { REMOTE_DATASETS, remoteDataset } from "./remote-datasets.js";

export type LoadDatasetOptions = CsvDatasetOptions & IdxFolderOptions;

/** Whether `name` is a dataset name (bundled or downloadable) rather than a path. */
export function isDatasetName(name: string): boolean {
  return isBundledName(name) || remoteDataset(name) !== undefined;
}

/**
 * The IDX folder behind `nameOrPath`: the local copy of a downloadable dataset (`fashion-mnist`;
 * a DataError saying how to get it when it is not here), or a path that is a folder; else undefined.
 */
export function idxFolderOf(nameOrPath: string): string | undefined {
  const remote = remoteDataset(nameOrPath);
  if (remote !== undefined) {
    const dir = findLocalDataset(remote);
    if (dir === undefined) {
      throw new DataError(
        `${remote.name} is not on this machine yet: the CLI downloads it (descent train --data ${remote.name}), the library with await fetchDataset("${remote.name}"); or ${whereToPut(remote)}`,
      );
    }
    return dir;
  }
  if (isBundledName(nameOrPath)) return undefined;
  try {
    return statSync(nameOrPath).isDirectory() ? nameOrPath : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Loads a dataset by what `nameOrPath` is: a bundled name (`iris`, …), a downloadable one
 * (`fashion-mnist`, once fetched), a folder of IDX files (MNIST layout; `split` picks train or
 * test), or a CSV file (CSV options apply).
 */
export function loadDataset(nameOrPath: string, options: LoadDatasetOptions = {}): Dataset {
  if (isBundledName(nameOrPath)) return loadBundled(nameOrPath);
  if (remoteDataset(nameOrPath) !== undefined) return loadIdxFolder(idxFolderOf(nameOrPath)!, options);
  let isFolder: boolean;
  try {
    isFolder = statSync(nameOrPath).isDirectory();
  } catch {
    const looksLikeName = !/[/\\.]/.test(nameOrPath);
    if (looksLikeName) {
      const bundled = listDatasets().map((d) => d.name).join(", ");
      const remote = REMOTE_DATASETS.map((d) => d.name).join(", ");
      throw new DataError(`no dataset "${nameOrPath}": not a bundled dataset (${bundled}), a downloadable one (${remote}), nor a file`);
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
  const name = options.name ?? datasetName(pathOrText);
  return csvToDataset(text, { ...options, name, source: options.source ?? pathOrText });
}
