/** ONNX export of descent models, and descent's reference outputs to check an exported graph against. */
export { exportOnnx, ONNX_INPUT, ONNX_IR_VERSION, ONNX_OPSET, ONNX_OUTPUTS, type ExportOnnxOptions } from "./export.js";
export { checkExportable } from "./checks.js";
export { onnxReferenceOutputs, type OnnxReferenceOutputs } from "./reference.js";
