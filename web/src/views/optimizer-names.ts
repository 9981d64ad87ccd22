/** Optimizer names for the quick-add pickers, straight from the registry. */
import { listOptimizers } from "../../../src/optim/index.js";

export function optimizerNames(): string[] {
  return listOptimizers().map((o) => o.name);
}
