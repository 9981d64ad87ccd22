/** descent's library entry: everything a TypeScript user imports. */
export * from "./errors.js";
export { Rng, type RngState } from "./random.js";
