/** Where the shared datasets sit for tests: `shared/` beside the repository, found from this file. */
import { fileURLToPath } from "node:url";

/** The folder that holds `fashion-mnist/`, `sklearn/`, … (what DESCENT_DATA_DIR is set to in tests). */
export const SHARED_DATASETS = fileURLToPath(new URL("../../shared/datasets/", import.meta.url));
