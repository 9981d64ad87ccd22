/** `descent import --torch CHECKPOINT --out model.json`: weights trained in PyTorch back into a descent model file. */
import { resolve } from "node:path";
import type { Command } from "commander";
import { OptionError } from "../../errors.js";
import { importTorch, modelRecord } from "../../torch/index.js";
import { checkOutputPath, loadModel, saveModel } from "../../train/index.node.js";
import type { CliIO } from "../io.js";
import type { RegisterCommand } from "./index.js";

export interface ImportFlags {
  torch?: string;
  out?: string;
  like?: string;
  json?: boolean;
}

export const registerImport: RegisterCommand = (program: Command, io: CliIO, setExit) => {
  program
    .command("import")
    .description("read weights trained elsewhere (a PyTorch safetensors checkpoint) into a descent model file")
    .option("--torch <checkpoint>", "a .safetensors checkpoint written by an exported train.py (or a state_dict with --like)")
    .option("--out <file>", "the model file to write (for predict, export --onnx and the playground)")
    .option("--like <model.json>", "take the architecture and preprocessing from this model file (for checkpoints without descent's record)")
    .option("--json", "print what was written as one JSON object")
    .addHelpText("after", "\nExample:\n  descent import --torch run/checkpoints/last.safetensors --out model.json\n\nSee docs/scale.md.")
    .action((flags: ImportFlags) => setExit(runImport(flags, io)));
};

export function runImport(flags: ImportFlags, io: CliIO): number {
  if (flags.torch === undefined) throw new OptionError("import needs --torch CHECKPOINT.safetensors");
  if (flags.out === undefined) throw new OptionError("import needs --out MODEL.json, the model file to write");
  const out = resolve(io.cwd, flags.out);
  checkOutputPath(out, "--out");
  const like = flags.like === undefined ? undefined : loadModel(resolve(io.cwd, flags.like));
  const { model, loss } = importTorch(resolve(io.cwd, flags.torch), like ? { record: modelRecord(like.model, like.loss ?? "") } : undefined);
  saveModel(out, model, loss !== undefined && loss !== "" ? { loss } : {});
  const layers = [model.spec.inputs, ...model.spec.hidden, model.spec.outputs].join("-");
  if (flags.json) {
    io.stdout.write(JSON.stringify({ out: flags.out, kind: model.spec.kind, layers, classes: model.classes ?? null }) + "\n");
    return 0;
  }
  io.stdout.write(`wrote ${flags.out}: ${model.spec.kind} ${layers}${model.classes ? ` (classes ${model.classes.join(", ")})` : ""}\n`);
  return 0;
}
