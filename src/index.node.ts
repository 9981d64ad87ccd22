/**
 * descent's entry under Node (the `node` export condition, and `descent/node`): the browser-safe
 * library of ./index.ts plus what needs Node: datasets and models read from and written to files,
 * PNG figures, checkpoints and training on CSV files larger than memory.
 */
export * from "./index.js";
// These namespaces replace the browser-safe ones of the same names with their Node-complete forms.
export * as data from "./data/index.node.js";
export * as training from "./train/index.node.js";
export * as plot from "./plot/index.node.js";
export * as streaming from "./stream/index.js";
export * as study from "./study/index.js";
export * as stats from "./stats/index.js";

export { loadDataset, loadCsv, type LoadDatasetOptions } from "./data/index.node.js";
export { saveModel, loadModel } from "./train/index.node.js";
// Training under Node measures how to use the cores (parallel-gradient.node.ts); the browser entry's `train` runs on one thread.
export { train } from "./train/index.node.js";
