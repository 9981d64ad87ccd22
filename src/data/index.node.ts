/** The data module with its Node-only part: reading datasets from files, the bundled and downloadable datasets. */
export * from "./index.js";
export { loadDataset, loadCsv, idxFolderOf, isDatasetName, type LoadDatasetOptions } from "./load.node.js";
export { loadIdx, loadIdxFolder, type IdxFolderOptions } from "./idx-folder.node.js";
export { loadBundled, listDatasets, isBundledName, bundledDataDir, type DatasetInfo } from "./bundled.node.js";
export {
  fetchDataset, findLocalDataset, datasetFolders, downloadFolder, cacheRoot, matchesPublished,
  type FetchDatasetOptions, type DownloadProgress,
} from "./dataset-store.node.js";
export { loadFileData, loadFileDataAsync, readTableFile, readTableFileAsync, isDataFile, datasetName, shownPath } from "./read-table-file.node.js";
