/** Messages between the SGD view and its worker. */
import type { PlaygroundState } from "../state.js";
import type { RegimeResult } from "./sgd.js";
import type { SgdPlot } from "./sgd-data.js";

/** What a computation depends on (the CSV file itself is sent once, with "file"). */
export type SgdRequest = Pick<PlaygroundState, "lr" | "optimizers" | "batch" | "epochs" | "seed" | "dataset" | "ratio" | "target" | "xcol" | "ycol" | "missing">;

export interface SgdOutcome {
  regimes: RegimeResult[];
  plot: SgdPlot;
  /** Training rows, features, and held-out rows (0 for the built-in data). */
  n: number;
  d: number;
  heldOut: number;
  columns: { features: string[]; drawable: string[]; target: string } | null;
}

export type ToSgdWorker =
  | { type: "file"; text: string; name: string }
  | { type: "compute"; id: number; request: SgdRequest };

export type FromSgdWorker =
  | { type: "result"; id: number; outcome: SgdOutcome }
  | { type: "error"; id: number; message: string };
