/** `descent export --model m.json --onnx m.onnx`: a trained model as an ONNX graph for any ONNX runtime. */
import { resolve } from "node:path";
import type { Command } from "commander";
import { exportOnnx, ONNX_OPSET } from "../../onnx/index.js";
import { checkOutputPath, loadModel } from "../../train/index.node.js";
import { writeFileAtomic } from "../../util/atomic-write.node.js";
import type { CliIO } from "../io.js";
import type { RegisterCommand } from "./index.js";

export interface ExportFlags {
  model: string;
  onnx: string;
  json?: boolean;
}

export const registerExport: RegisterCommand = (program: Command, io: CliIO, setExit) => {
  program
    .command("export")
    .description("write a trained model as ONNX (standardization included) for Python, Node or the browser")
    .requiredOption("--model <file>", "a model written by `descent train --save`")
    .requiredOption("--onnx <file>", "the ONNX file to write (input `features`; outputs `prediction`, or `probabilities` and `label`)")
    .option("--json", "print what was written as one JSON object")
    .addHelpText("after", "\nExample:\n  descent train --data iris --save iris.json && descent export --model iris.json --onnx iris.onnx\n\nSee docs/onnx.md for running the file in Python, Node and the browser.")
    .action((flags: ExportFlags) => setExit(runExport(flags, io)));
};

/** The whole command, callable in-process; returns the exit code. */
export function runExport(flags: ExportFlags, io: CliIO): number {
  const modelPath = resolve(io.cwd, flags.model);
  const onnxPath = resolve(io.cwd, flags.onnx);
  checkOutputPath(onnxPath, "--onnx");
  const { model } = loadModel(modelPath);
  const bytes = exportOnnx(model);
  writeFileAtomic(onnxPath, bytes);
  const { spec } = model;
  const outputs = spec.head === "identity"
    ? [`prediction [batch${spec.outputs > 1 ? `, ${spec.outputs}` : ""}]`]
    : [`probabilities [batch, ${spec.head === "sigmoid" ? 2 : spec.outputs}]`, "label [batch]"];
  if (flags.json) {
    io.stdout.write(JSON.stringify({ onnx: flags.onnx, bytes: bytes.length, opset: ONNX_OPSET, input: { name: "features", shape: ["batch", spec.inputs] }, outputs, classes: model.classes ?? null }) + "\n");
    return 0;
  }
  io.stdout.write(`wrote ${flags.onnx} (ONNX opset ${ONNX_OPSET}, ${bytes.length} bytes): features [batch, ${spec.inputs}] → ${outputs.join(", ")}\n`);
  return 0;
}
