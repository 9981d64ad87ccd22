/** The data module with its Node-only part: reading datasets from files and the bundled data folder. */
export * from "./index.js";
export { loadDataset, loadCsv, type LoadDatasetOptions } from "./load.node.js";
export { loadIdx, loadIdxFolder, type IdxFolderOptions } from "./idx-folder.node.js";
export { loadBundled, listDatasets, isBundledName, bundledDataDir, type DatasetInfo } from "./bundled.node.js";
