/**
 * The streaming dataset: a CSV file (plain or gzip) too large to hold, read in chunks. Opening it
 * makes one pass for the layout, the task and classes, the row counts and the standardization
 * statistics of the training rows; afterwards every call to `chunks` re-reads the file and yields
 * the rows of one split as small typed arrays, never the whole file.
 */
import { basename } from "node:path";
import type { Delimiter, Standardizer, Task } from "../data/index.js";
import { DataError } from "../errors.js";
import { DEFAULT_CHUNK_BYTES, readLineChunks } from "./lines.js";
import { cellWhere, detectLayout, parseRow, type CsvLayout } from "./rows.js";
import { isTestRow } from "./split-hash.js";
import { LabelCollector, makeTargetEncoder } from "./targets.js";

export interface CsvStreamOptions {
  /** Target column: a header name or a 0-based index. Default: the last column. */
  target?: string | number;
  task?: Task | "auto";
  classes?: string[];
  delimiter?: Delimiter;
  header?: boolean | "auto";
  /** Share of rows (by a seeded hash of each row) held out for testing. Default 0 (none). */
  testFraction?: number;
  /** Seeds the split hash. Default 1. */
  seed?: number;
  /** Bytes read per chunk. Default 1 MiB. */
  chunkBytes?: number;
}

/** Rows of one split from one chunk of the file: raw features (n×d, row-major) and targets. */
export interface RowChunk {
  features: Float32Array;
  targets: Float32Array;
  n: number;
}

export interface CsvStream {
  path: string;
  name: string;
  layout: CsvLayout;
  d: number;
  task: Task;
  classes?: string[];
  featureNames: string[];
  targetName: string;
  trainRows: number;
  testRows: number;
  testFraction: number;
  seed: number;
  /** Mean and population std of the training rows' features (constant columns get std 1). */
  standardizer: Standardizer;
  /** Re-reads the file and yields the rows of `split`, one chunk at a time. */
  chunks(split: "train" | "test"): AsyncGenerator<RowChunk>;
}

/** Lines before the layout is fixed: enough for the header check. */
const LAYOUT_PROBE_LINES = 21;

/**
 * Opens a CSV file for streaming: one full pass over it (see the module comment). Errors name
 * the file and the row, as the in-memory loader's do.
 */
export async function openCsvStream(path: string, options: CsvStreamOptions = {}): Promise<CsvStream> {
  const testFraction = options.testFraction ?? 0;
  if (!(testFraction >= 0 && testFraction < 1)) throw new DataError(`test fraction must be in [0, 1), got ${testFraction}`);
  const seed = options.seed ?? 1;
  const chunkBytes = options.chunkBytes ?? DEFAULT_CHUNK_BYTES;
  const source = path;
  let layout: CsvLayout | undefined;
  const probe: { text: string; line: number }[] = [];
  const labels = new LabelCollector();
  let mean = new Float64Array(0);
  let m2 = new Float64Array(0);
  let row = new Float64Array(0);
  let trainRows = 0;
  let testRows = 0;

  const consume = (text: string, lineNo: number): void => {
    const l = layout!;
    const cell = parseRow(l, text, lineNo, row, 0);
    if (cell === null) return;
    labels.add(cell, () => cellWhere(l, lineNo, l.target));
    if (isTestRow(text, seed, testFraction)) {
      testRows++;
      return;
    }
    // Welford's update: one pass, no cancellation on large means.
    trainRows++;
    for (let j = 0; j < row.length; j++) {
      const delta = row[j]! - mean[j]!;
      mean[j]! += delta / trainRows;
      m2[j]! += delta * (row[j]! - mean[j]!);
    }
  };
  const fixLayout = (): void => {
    layout = detectLayout(probe, source, options);
    const d = layout.columnNames.length - 1;
    mean = new Float64Array(d);
    m2 = new Float64Array(d);
    row = new Float64Array(d);
    for (const [i, p] of probe.entries()) if (!(i === 0 && layout.hasHeader)) consume(p.text, p.line);
  };

  for await (const chunk of readLineChunks(path, chunkBytes)) {
    for (let i = 0; i < chunk.lines.length; i++) {
      const text = chunk.lines[i]!;
      const lineNo = chunk.firstLine + i;
      if (layout) consume(text, lineNo);
      else if (text.trim() !== "") {
        probe.push({ text, line: lineNo });
        if (probe.length === LAYOUT_PROBE_LINES) fixLayout();
      }
    }
  }
  if (!layout) fixLayout();
  const l = layout!;
  if (trainRows === 0) throw new DataError(`${source}: no training rows${testRows > 0 ? ` (all ${testRows} rows fell in the test split)` : ""}`);
  const { task, classes } = labels.decide(options.task ?? "auto", options.classes, `${source}: target ${l.hasHeader ? `column "${l.targetName}" (${l.target + 1})` : `column ${l.target + 1}`}`);
  const std = new Float64Array(mean.length);
  for (let j = 0; j < std.length; j++) {
    const s = Math.sqrt(m2[j]! / trainRows);
    std[j] = s > 0 ? s : 1;
  }
  const encode = makeTargetEncoder(task, classes);
  const headerLine = l.hasHeader ? probe[0]!.line : 0;
  const d = l.columnNames.length - 1;

  async function* chunks(split: "train" | "test"): AsyncGenerator<RowChunk> {
    const wantTest = split === "test";
    for await (const chunk of readLineChunks(path, chunkBytes)) {
      const features = new Float32Array(chunk.lines.length * d);
      const targets = new Float32Array(chunk.lines.length);
      let n = 0;
      for (let i = 0; i < chunk.lines.length; i++) {
        const text = chunk.lines[i]!;
        const lineNo = chunk.firstLine + i;
        if (lineNo === headerLine) continue;
        if (isTestRow(text, seed, testFraction) !== wantTest) continue;
        const cell = parseRow(l, text, lineNo, features, n * d);
        if (cell === null) continue;
        targets[n] = encode(cell, () => cellWhere(l, lineNo, l.target));
        n++;
      }
      if (n > 0) yield { features: features.subarray(0, n * d), targets: targets.subarray(0, n), n };
    }
  }

  return {
    path, name: basename(path).replace(/(\.csv|\.tsv|\.txt)?(\.gz)?$/i, ""), layout: l, d, task,
    ...(classes ? { classes } : {}),
    featureNames: l.featureNames, targetName: l.targetName, trainRows, testRows, testFraction, seed,
    standardizer: { mean, std }, chunks,
  };
}
