/**
 * The data module: datasets, CSV and IDX parsing, tables and preprocessing, splitting,
 * standardization and batching. Browser-safe; reading and downloading files (loadDataset, loadCsv,
 * the bundled and downloadable datasets, IDX folders) is in ./index.node.ts.
 */
export { makeDataset, subset, classCounts, type Dataset, type Task } from "./dataset.js";
export { parseCsv, detectDelimiter, type CsvTable, type Delimiter, type ParseCsvOptions } from "./csv.js";
export { csvToDataset, MAX_AUTO_CLASSES, type CsvDatasetOptions } from "./csv-dataset.js";
export { parseIdx, FASHION_MNIST_CLASSES, IDX_IMAGES_MAGIC, IDX_LABELS_MAGIC, type IdxArray } from "./idx.js";
export { REMOTE_DATASETS, FASHION_MNIST, remoteDataset, type RemoteDataset, type RemoteFile } from "./remote-datasets.js";
export { trainTestSplit, type Split, type SplitOptions } from "./split.js";
export {
  fitStandardizer, applyStandardizer, standardizerToJSON, standardizerFromJSON, standardizerFrom, MomentAccumulator,
  type Standardizer, type StandardizerJSON,
} from "./standardize.js";
export { batchIndices, gatherRows, gatherValues, type BatchOptions, type EpochBatches } from "./batches.js";
export { isMissingCell, MISSING_CELLS, numberParser, numericLookHint, type NumberDialect } from "./cells.js";
export { TableBuilder, selectRows, cellText, columnWhere, type Table, type TableColumn } from "./table.js";
export {
  fitColumns, ColumnFitter, encodeRows, encodedWidth, encodedNames, oneHotMask,
  type ColumnEncoding, type TargetEncoding, type ImputeStrategy, type FitColumnsOptions, type EncodedRows,
} from "./preprocess.js";
export { CsvReader, readTable, type CsvDialect, type CsvReadOptions, type CsvLayout } from "./reader.js";
export { prepareTable, type PreparedData, type TableSplit } from "./table-dataset.js";
export {
  resolveColumn, resolveRoles, checkNumericLook, rowsWithTarget, hasMissingFeature, encodeTargets, MissingCounter, IdentifierWatch, TargetFitter,
  type DataOptions, type ColumnRef, type ColumnRoles, type TargetFit, type TableShape,
} from "./data-rules.js";
export { parquetToTable, parquetTables, isParquet } from "./parquet.js";
