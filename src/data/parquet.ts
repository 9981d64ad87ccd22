/**
 * Parquet files as tables, read by hyparquet (a maintained reader; no Parquet code of ours). The
 * cells go through the same TableBuilder as CSV cells, so the data options and their messages
 * are the same. Pure (bytes in, table out): the web page can use it on a File's bytes.
 */
import { parquetMetadata, parquetMetadataAsync, parquetReadObjects, parquetSchema, type AsyncBuffer, type FileMetaData } from "hyparquet";
import { DataError } from "../errors.js";
import { TableBuilder, type Table } from "./table.js";

/** Whether the bytes are a Parquet file (they start and end with "PAR1"). */
export function isParquet(bytes: Uint8Array): boolean {
  const magic = (at: number) => bytes[at] === 0x50 && bytes[at + 1] === 0x41 && bytes[at + 2] === 0x52 && bytes[at + 3] === 0x31;
  return bytes.length >= 12 && magic(0) && magic(bytes.length - 4);
}

/** The rows of a Parquet file as a table (numbers as numbers, nulls as missing cells). */
export async function parquetToTable(bytes: Uint8Array, source: string): Promise<Table> {
  const file = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  let metadata: FileMetaData;
  try {
    metadata = parquetMetadata(file);
  } catch (e) {
    throw unreadable(source, e);
  }
  const names = columnNames(metadata);
  const rows = await readRows(file, metadata, source);
  if (rows.length === 0) throw new DataError(`${source}: no rows`);
  const builder = new TableBuilder(names, source, true);
  addRows(builder, rows, names, source, 0);
  return builder.take();
}

/**
 * A Parquet file's rows one row group at a time, each as a table: the chunks of streaming.
 * `file` is hyparquet's AsyncBuffer (an ArrayBuffer, or a file read by ranges).
 */
export async function* parquetTables(file: AsyncBuffer, source: string): AsyncGenerator<Table> {
  let metadata: FileMetaData;
  try {
    metadata = await parquetMetadataAsync(file);
  } catch (e) {
    throw unreadable(source, e);
  }
  const names = columnNames(metadata);
  let rowStart = 0;
  for (const group of metadata.row_groups) {
    const rowEnd = rowStart + Number(group.num_rows);
    if (rowEnd === rowStart) continue;
    const builder = new TableBuilder(names, source, true);
    addRows(builder, await readRows(file, metadata, source, rowStart, rowEnd), names, source, rowStart);
    yield builder.take();
    rowStart = rowEnd;
  }
}

function unreadable(source: string, e: unknown): DataError {
  return new DataError(`${source}: cannot read it as Parquet: ${(e as Error).message.split("\n")[0]}`);
}

function columnNames(metadata: FileMetaData): string[] {
  return parquetSchema(metadata).children.map((c) => c.element.name);
}

async function readRows(file: AsyncBuffer, metadata: FileMetaData, source: string, rowStart?: number, rowEnd?: number): Promise<Record<string, unknown>[]> {
  try {
    return await parquetReadObjects({ file, metadata, ...(rowStart !== undefined ? { rowStart, rowEnd } : {}) });
  } catch (e) {
    throw unreadable(source, e);
  }
}

/** Adds the rows; messages call row i of the file (0-based `first + i`) row first + i + 1. */
function addRows(builder: TableBuilder, rows: Record<string, unknown>[], names: string[], source: string, first: number): void {
  const fields = new Array<string>(names.length);
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i]!;
    for (let j = 0; j < names.length; j++) fields[j] = cellOf(row[names[j]!], source, names[j]!);
    builder.add(fields, first + i + 1);
  }
}

function cellOf(v: unknown, source: string, column: string): string {
  if (v === null || v === undefined) return "";
  if (typeof v === "number" || typeof v === "bigint" || typeof v === "boolean") return String(v);
  if (typeof v === "string") return v;
  if (v instanceof Date) return v.toISOString();
  throw new DataError(`${source}: column "${column}" holds nested values (lists or records); descent reads flat columns`);
}
