/** descent's expression language: parse, print, differentiate, evaluate, compile, named functions. */
export {
  FUNCTION_NAMES,
  CONSTANTS,
  MAX_DEPTH,
  variablesOf,
  type Expr,
  type FunctionName,
  type ConstantName,
  type BinaryOperator,
} from "./ast.js";
export { parse, type ParseOptions } from "./parser.js";
export { format } from "./format.js";
export { simplify } from "./simplify.js";
export { differentiate } from "./differentiate.js";
export { hessianOf } from "./hessian.js";
export { evaluate } from "./evaluate.js";
export { compile, compileSource, type CompiledFunction } from "./compile.js";
export { toTensorFunction } from "./to-tensor.js";
export {
  NAMED_FUNCTIONS,
  DEFAULT_DOMAIN,
  resolveFunction,
  type NamedFunction,
  type KnownMinimum,
  type ResolvedFunction,
} from "./functions.js";
