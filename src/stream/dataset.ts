/**
 * The streaming dataset: a CSV (plain or gzip) or Parquet file too large to hold, read in chunks
 * by the one reader (`table-chunks.ts`). Opening it makes one pass that applies the data options
 * with the same rules and fitters as in-memory loading (`data/data-rules.ts`,
 * `data/preprocess.ts`, `data/standardize.ts`): target and features, the task and classes,
 * missing cells, categories and imputation values, and the moments of the training rows' encoded
 * features and target. When a column turns out categorical or imputed (so the first pass could not
 * know its encoded values), a second pass computes the feature moments; a column that shows text
 * only after chunks of numbers has its categories counted again on one more pass. Afterwards every call to
 * `chunks` re-reads the file and yields the encoded rows of one split, never the whole file.
 */
import {
  checkNumericLook, ColumnFitter, encodedNames, encodeRows, encodeTargets, hasMissingFeature, IdentifierWatch, MissingCounter,
  MomentAccumulator, resolveRoles, rowsWithTarget, standardizerFrom, TargetFitter, columnWhere,
  type ColumnEncoding, type ColumnRoles, type DataOptions, type Standardizer, type Table, type TableShape, type Task,
} from "../data/index.js";
import { datasetName, shownPath } from "../data/index.node.js";
import { DataError } from "../errors.js";
import { targetScaleFrom, type TargetScale } from "../train/index.js";
import { splitRows } from "./split-hash.js";
import { DEFAULT_CHUNK_BYTES, tableChunks } from "./table-chunks.js";

export interface DataStreamOptions extends DataOptions {
  /** Share of rows (by a seeded hash of each row) held out for testing. Default 0 (none). */
  testFraction?: number;
  /** Seeds the split hash. Default 1. */
  seed?: number;
  /** Bytes of CSV read per chunk. Default 1 MiB (Parquet files come one row group at a time). */
  chunkBytes?: number;
}

/** Rows of one split from one chunk of the file: encoded features (n×d, row-major, not standardized) and targets. */
export interface RowChunk {
  features: Float32Array;
  /** Class indices, or values in the target's own units. */
  targets: Float32Array;
  n: number;
}

export interface DataStream {
  path: string;
  name: string;
  /** Model inputs per row (one-hot columns count one per category). */
  d: number;
  task: Task;
  classes?: string[];
  /** Names of the model inputs (`column=category` for one-hot inputs). */
  featureNames: string[];
  /** How the file's columns become the inputs, fitted on the training rows (stored in model files). */
  columns: ColumnEncoding[];
  targetName: string;
  trainRows: number;
  testRows: number;
  testFraction: number;
  seed: number;
  /** Mean and population std of the training rows' encoded features (one-hot inputs 0 and 1; constant ones std 1). */
  standardizer: Standardizer;
  /** Regression: the training targets' mean and std, which the trainer standardizes the target with. */
  targetScale?: TargetScale;
  /** What the user should know (rows dropped, task chosen, a column that looks like an identifier), one line each. */
  notes: string[];
  /** Re-reads the file and yields the rows of `split`, one chunk at a time. */
  chunks(split: "train" | "test"): AsyncGenerator<RowChunk>;
}

/** Rows a streamed column is checked over for the look of an identifier. */
const ID_CHECK_ROWS = 100_000;
/** Rows per block of the moments (blocks, not chunks, so where a chunk ends does not change a bit). */
const STAT_BLOCK_ROWS = 8192;

/**
 * Opens a CSV or Parquet file for streaming: the first pass (see the module comment). Errors name
 * the file and the row, as the in-memory loader's do.
 */
export async function openDataStream(path: string, options: DataStreamOptions = {}): Promise<DataStream> {
  const testFraction = options.testFraction ?? 0;
  if (!(testFraction >= 0 && testFraction < 1)) throw new DataError(`test fraction must be in [0, 1), got ${testFraction}`);
  const seed = options.seed ?? 1;
  const chunkBytes = options.chunkBytes ?? DEFAULT_CHUNK_BYTES;
  const source = shownPath(path);
  const chunksOf = () => tableChunks(path, options, source, chunkBytes);
  const fitOptions = (categorical: Set<number>) => ({ categorical, ...(options.impute ? { impute: options.impute } : {}) });
  const notes: string[] = [];

  let shape: TableShape | undefined;
  let roles: ColumnRoles | undefined;
  let missing: MissingCounter | undefined;
  let targetFitter: TargetFitter | undefined;
  let columnFitter: ColumnFitter | undefined;
  let watches: IdentifierWatch[] = [];
  let declaredRows: number | undefined;
  let rows = 0;
  let withTarget = 0;
  let kept = 0;
  let trainRows = 0;
  let testRows = 0;
  // The first pass's moments of encoded features hold while every feature column stays numeric
  // and no training row needs an imputed value; else a second pass computes them.
  let featureMoments: MomentAccumulator | undefined;
  let momentsHold = true;
  const targetMoments = new MomentAccumulator(1, STAT_BLOCK_ROWS);

  for await (const { table, layout } of chunksOf()) {
    if (!roles) {
      shape = table;
      roles = resolveRoles(table, options);
      missing = new MissingCounter(roles.features);
      targetFitter = new TargetFitter(table, roles.target, options, layout?.declared?.classes);
      columnFitter = new ColumnFitter(table.columns.map((c) => c.name), roles.features, fitOptions(roles.categorical));
      watches = roles.features.map((j) => new IdentifierWatch(table.columns[j]!.name, ID_CHECK_ROWS));
      featureMoments = new MomentAccumulator(roles.features.length, STAT_BLOCK_ROWS);
      declaredRows = layout?.declared?.rows;
    }
    const r = roles;
    checkNumericLook(table, r);
    rows += table.n;
    const present = rowsWithTarget(table, r.target);
    withTarget += present.length;
    missing!.add(table, present);
    const usable = options.dropMissing ? present.filter((i) => !hasMissingFeature(table, r.features, i)) : present;
    kept += usable.length;
    targetFitter!.add(table, usable);
    r.features.forEach((j, k) => watches[k]!.add(table.columns[j]!, usable));
    const split = splitRows(table, usable, seed, testFraction);
    trainRows += split.train.length;
    testRows += split.test.length;
    columnFitter!.add(table, split.train);
    if (momentsHold && (r.features.some((j) => table.columns[j]!.text !== null || r.categorical.has(j)) || split.train.some((i) => hasMissingFeature(table, r.features, i)))) {
      momentsHold = false;
    }
    if (momentsHold) featureMoments!.add(encodeRows(table, numericEncodings(table, r), split.train).features, split.train.length);
    const targetCol = table.columns[r.target]!;
    if (targetCol.text === null) targetMoments.add(Float32Array.from(split.train, (i) => targetCol.values[i]!), split.train.length);
  }
  if (!roles || !shape) throw new DataError(`${source}: no rows`);
  const t = roles.target;
  const targetName = shape.columns[t]!.name;
  if (declaredRows !== undefined && declaredRows !== rows) throw new DataError(`${source}: the first line declares ${declaredRows} rows, the file has ${rows}`);
  if (withTarget < rows) notes.push(`note: dropped ${rows - withTarget} row${rows - withTarget === 1 ? "" : "s"} whose target "${targetName}" is missing`);
  missing!.check(shape, options);
  if (options.dropMissing && missing!.any) notes.push(`note: dropped ${withTarget - kept} of ${withTarget} rows with missing cells (--drop-missing)`);
  if (kept === 0) throw new DataError(`${source}: no rows left to train on`);
  if (trainRows === 0) throw new DataError(`${source}: no training rows (all ${testRows} rows fell in the test split)`);
  roles.features.forEach((j, k) => {
    if (watches[k]!.looksLikeIdentifier()) {
      notes.push(`warning: ${columnWhere(shape!, j)} has a different value in every row, like an identifier; leave it out with --drop ${shape!.columns[j]!.name}`);
    }
  });
  /** The usable rows of one chunk, split by hash. */
  const r = roles;
  const rowsOf = (table: Table) => {
    const present = rowsWithTarget(table, t);
    return splitRows(table, options.dropMissing ? present.filter((i) => !hasMissingFeature(table, r.features, i)) : present, seed, testFraction);
  };
  const recount = columnFitter!.recount();
  if (recount.length > 0) {
    // Columns that showed text only after chunks of numbers: count their categories again, numbers included.
    columnFitter = new ColumnFitter(shape.columns.map((c) => c.name), r.features, fitOptions(new Set([...r.categorical, ...recount])));
    for await (const { table } of chunksOf()) columnFitter.add(table, rowsOf(table).train);
  }
  const columns = columnFitter!.finish();
  const oneHot = columns.filter((c) => c.kind === "categorical");
  if (oneHot.length > 0) {
    const list = oneHot.map((c) => `${c.name} (${c.kind === "categorical" ? c.categories.length : 0})`).join(", ");
    notes.push(`note: one-hot encoding ${oneHot.length} categorical column${oneHot.length === 1 ? "" : "s"} (categories): ${list}`);
  }
  const target = targetFitter!.finish(notes);

  let moments = featureMoments!;
  if (!momentsHold) {
    moments = new MomentAccumulator(encodedNames(columns).length, STAT_BLOCK_ROWS);
    for await (const { table } of chunksOf()) {
      const train = rowsOf(table).train;
      moments.add(encodeRows(table, columns, train).features, train.length);
    }
  }

  async function* chunks(which: "train" | "test"): AsyncGenerator<RowChunk> {
    for await (const { table } of chunksOf()) {
      const selected = rowsOf(table)[which];
      if (selected.length === 0) continue;
      const targets = encodeTargets(table, t, target, selected);
      yield { features: encodeRows(table, columns, selected).features, targets, n: selected.length };
    }
  }

  return {
    path, name: datasetName(path), d: moments.d, task: target.task, ...(target.classes ? { classes: target.classes } : {}),
    featureNames: encodedNames(columns), columns, targetName, trainRows, testRows, testFraction, seed,
    standardizer: standardizerFrom(moments, columns),
    ...(target.task === "regression" ? { targetScale: targetScaleFrom(targetMoments) } : {}),
    notes, chunks,
  };
}

/** Numeric encodings of the feature columns (what they are while no text has been seen). */
function numericEncodings(table: Table, roles: ColumnRoles): ColumnEncoding[] {
  return roles.features.map((j) => ({ name: table.columns[j]!.name, kind: "numeric" }));
}
