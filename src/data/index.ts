/** The data module: datasets, loaders, splitting, standardization and batching. */
export { makeDataset, subset, classCounts, type Dataset, type Task } from "./dataset.js";
export { parseCsv, detectDelimiter, type CsvTable, type Delimiter, type ParseCsvOptions } from "./csv.js";
export { loadCsv, csvToDataset, MAX_AUTO_CLASSES, type CsvDatasetOptions } from "./csv-dataset.js";
export {
  loadIdx, parseIdx, loadIdxFolder, FASHION_MNIST_CLASSES, IDX_IMAGES_MAGIC, IDX_LABELS_MAGIC,
  type IdxArray, type IdxFolderOptions,
} from "./idx.js";
export { loadBundled, listDatasets, isBundledName, bundledDataDir, type DatasetInfo } from "./bundled.js";
export { loadDataset, idxFolderOf, isDatasetName, type LoadDatasetOptions } from "./load.js";
export { REMOTE_DATASETS, FASHION_MNIST, remoteDataset, type RemoteDataset, type RemoteFile } from "./remote-datasets.js";
export {
  fetchDataset, findLocalDataset, datasetFolders, downloadFolder, cacheRoot, matchesPublished,
  type FetchDatasetOptions, type DownloadProgress,
} from "./dataset-store.js";
export { trainTestSplit, type Split, type SplitOptions } from "./split.js";
export {
  fitStandardizer, applyStandardizer, standardizerToJSON, standardizerFromJSON,
  type Standardizer, type StandardizerJSON,
} from "./standardize.js";
export { batchIndices, gatherRows, gatherValues, type BatchOptions, type EpochBatches } from "./batches.js";
export { isMissingCell, numberParser, numericLookHint, type NumberDialect } from "./cells.js";
export { TableBuilder, selectRows, cellText, columnWhere, type Table, type TableColumn } from "./table.js";
export {
  fitColumns, encodeRows, encodedWidth, encodedNames, oneHotMask,
  type ColumnEncoding, type TargetEncoding, type ImputeStrategy, type FitColumnsOptions, type EncodedRows,
} from "./preprocess.js";
