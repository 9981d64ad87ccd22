/** Messages between the network view and its worker. */
import type { Landscape } from "./landscape.js";
import type { NetworkConfig, PlotPoints, Snapshot } from "./network.js";
import type { CsvInput } from "./csv-table.js";

export type { CsvInput } from "./csv-table.js";

export type ToWorker =
  | { type: "reset"; config: Omit<NetworkConfig, "table">; csv: CsvInput | null; gridSize: number }
  /** `perTick` updates every 33 ms, or 0 for as many as fit (about 30 ms of training per tick). */
  | { type: "play"; perTick: number }
  | { type: "pause" }
  | { type: "step"; batches: number }
  /** Show the run as it was after `updates` updates (the scrubber); training stays paused. */
  | { type: "view"; updates: number }
  | { type: "model" }
  | { type: "landscape" };

export type FromWorker =
  | { type: "ready"; generation: number; points: PlotPoints; columns: string[]; drawable: string[]; target: string; rows: number; notes: string[] }
  /** `past`: a recorded point the scrubber asked for, not the live weights. */
  | { type: "snapshot"; generation: number; snapshot: Snapshot; playing: boolean; past: boolean }
  | { type: "model"; json: string; name: string }
  | { type: "landscape"; generation: number; landscape: Landscape; updates: number }
  | { type: "error"; generation: number; message: string };
