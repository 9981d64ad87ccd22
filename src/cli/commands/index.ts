/** Every CLI command, in the order `descent --help` lists them. One module per command. */
import type { Command } from "commander";
import type { CliIO } from "../io.js";
import { registerTour } from "./tour.js";
import { registerMinimize } from "./minimize.js";
import { registerGradient } from "./gradient.js";
import { registerCurvature } from "./curvature.js";
import { registerLrFind } from "./lr-find.js";
import { registerFunctions } from "./functions.js";
import { registerCompare } from "./compare.js";
import { registerTrain } from "./train.js";
import { registerPredict } from "./predict.js";
import { registerServe } from "./serve.js";
import { registerOptimizers } from "./optimizers.js";
import { registerStudy } from "./study.js";
import { registerExport } from "./export.js";
import { registerImport } from "./import.js";

export type RegisterCommand = (program: Command, io: CliIO, setExit: (code: number) => void) => void;

export const commands: RegisterCommand[] = [
  registerTour,
  registerMinimize,
  registerCompare,
  registerGradient,
  registerCurvature,
  registerFunctions,
  registerOptimizers,
  registerTrain,
  registerLrFind,
  registerPredict,
  registerStudy,
  registerExport,
  registerImport,
  registerServe,
];
