/** The data module: datasets, loaders, splitting, standardization and batching. */
export { makeDataset, subset, classCounts, type Dataset, type Task } from "./dataset.js";
export { parseCsv, detectDelimiter, type CsvTable, type Delimiter, type ParseCsvOptions } from "./csv.js";
export { loadCsv, csvToDataset, MAX_AUTO_CLASSES, type CsvDatasetOptions } from "./csv-dataset.js";
export { loadBundled, listDatasets, isBundledName, bundledDataDir, type DatasetInfo } from "./bundled.js";
