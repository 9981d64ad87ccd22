/**
 * The data module: datasets, CSV and IDX parsing, splitting, standardization and batching. Browser-safe;
 * reading files (loadDataset, loadCsv, the bundled datasets, IDX folders) is in ./index.node.ts.
 */
export { makeDataset, subset, classCounts, type Dataset, type Task } from "./dataset.js";
export { parseCsv, detectDelimiter, type CsvTable, type Delimiter, type ParseCsvOptions } from "./csv.js";
export { csvToDataset, MAX_AUTO_CLASSES, type CsvDatasetOptions } from "./csv-dataset.js";
export { parseIdx, FASHION_MNIST_CLASSES, IDX_IMAGES_MAGIC, IDX_LABELS_MAGIC, type IdxArray } from "./idx.js";
export { trainTestSplit, type Split, type SplitOptions } from "./split.js";
export {
  fitStandardizer, applyStandardizer, standardizerToJSON, standardizerFromJSON,
  type Standardizer, type StandardizerJSON,
} from "./standardize.js";
export { batchIndices, gatherRows, gatherValues, type BatchOptions, type EpochBatches } from "./batches.js";
