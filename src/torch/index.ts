/** Carrying a training run to PyTorch (export --torch) and its result back (import --torch). */
export { exportTorch, checkExportFolder, toTorchLayout, type TorchExportInput, type TorchExportSummary, type TorchStart } from "./export.js";
export { importTorch } from "./import.js";
export { modelRecord, torchPreprocessing, type ModelRecord, type TorchPreprocessing } from "./preprocessing.js";
export { decodeSafetensors, encodeSafetensors, readSafetensors, safeTensor, type SafeFile, type SafeTensor } from "./safetensors.js";
export { checkTorchModel, torchLbfgs, torchLoss, torchOptimizer, torchSchedule, TORCH_OPTIMIZERS, type TorchClass } from "./translate.js";
