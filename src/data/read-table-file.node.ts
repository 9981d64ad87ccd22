/**
 * Node-only: a data file read into a table with the one CSV reader (plain or gzip). The reader
 * itself (`reader.ts`) stays free of file access so the browser can use it on a File's text.
 */
import { statSync } from "node:fs";
import { basename, isAbsolute, relative } from "node:path";
import { isBundledName } from "./bundled.node.js";
import { DataError } from "../errors.js";
import { parquetToTable, isParquet } from "./parquet.js";
import { maybeGunzip, readBytes } from "./read-file.node.js";
import { readTable, type CsvDialect, type CsvLayout } from "./reader.js";
import type { Table } from "./table.js";
import { prepareTable, type DataOptions, type PreparedData, type TableSplit } from "./table-dataset.js";

/** The dataset name a file gives: its base name without .csv/.tsv/.txt/.parquet/.gz. */
export function datasetName(path: string): string {
  return basename(path).replace(/(\.csv|\.tsv|\.txt|\.parquet)?(\.gz)?$/i, "");
}

/** Reads a CSV file (gzip allowed) as a table; errors name the file. */
export function readTableFile(path: string, dialect: CsvDialect = {}): { table: Table; layout?: CsvLayout } {
  const bytes = maybeGunzip(readBytes(path), path);
  if (isParquet(bytes)) {
    throw new DataError(`${shownPath(path)} is a Parquet file, which is read asynchronously: use loadFileDataAsync (the CLI does)`);
  }
  return readTable(bytes.toString("utf8"), { ...dialect, source: shownPath(path) });
}

/** Reads a CSV file (gzip allowed) or a Parquet file as a table. */
export async function readTableFileAsync(path: string, dialect: CsvDialect = {}): Promise<{ table: Table; layout?: CsvLayout }> {
  const bytes = maybeGunzip(readBytes(path), path);
  if (isParquet(bytes)) return { table: await parquetToTable(bytes, shownPath(path)) };
  return readTable(bytes.toString("utf8"), { ...dialect, source: shownPath(path) });
}

/** The path as messages show it: relative to the working folder when it lies inside it. */
export function shownPath(path: string): string {
  const rel = relative(process.cwd(), path);
  return rel !== "" && !rel.startsWith("..") && !isAbsolute(rel) ? rel : path;
}

/**
 * A data file through the data options: train and test datasets (test absent for a fraction of
 * 0, or without `split`) with encodings fitted on the training rows, and the notes for the user.
 */
export function loadFileData(path: string, options: DataOptions = {}, split?: TableSplit): PreparedData {
  const { table, layout } = readTableFile(path, options);
  return prepareTable(table, { name: datasetName(path), ...options }, split, layout);
}

/** `loadFileData` for CSV and Parquet files. */
export async function loadFileDataAsync(path: string, options: DataOptions = {}, split?: TableSplit): Promise<PreparedData> {
  const { table, layout } = await readTableFileAsync(path, options);
  return prepareTable(table, { name: datasetName(path), ...options }, split, layout);
}

/** Whether `nameOrPath` is a data file (not a bundled or downloadable name, not a folder). */
export function isDataFile(nameOrPath: string): boolean {
  if (isBundledName(nameOrPath)) return false;
  try {
    return statSync(nameOrPath).isFile();
  } catch {
    return false;
  }
}
