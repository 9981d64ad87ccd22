/** ONNX export of descent models, and descent's reference outputs to check an exported graph against. */
export {
  exportOnnx, exportOnnxGraph, onnxInputForm, ONNX_INPUT, ONNX_IR_VERSION, ONNX_ML_OPSET, ONNX_OPSET, ONNX_OUTPUTS,
  type ExportOnnxOptions, type OnnxExport, type OnnxInputForm,
} from "./export.js";
export { columnInputType, type ColumnInput } from "./columns.js";
export { checkExportable } from "./checks.js";
export { onnxReferenceOutputs, type OnnxReferenceOutputs } from "./reference.js";
