/** Messages between the network view and its worker. */
import type { Landscape } from "./landscape.js";
import type { NetworkConfig, PlotPoints, Snapshot } from "./network.js";
import type { CsvInput } from "./csv-table.js";

export type { CsvInput } from "./csv-table.js";

/**
 * The transport's commands carry a sequence number `seq`, counted by the page; every snapshot
 * names the last command the worker had read when it posted it. A snapshot posted before the
 * page's latest command (one still in flight when the user pressed Pause, Step or moved the
 * scrubber) is stale, and the page drops it: what it shows after Pause is the worker's weights
 * as Pause found them, and nothing arrives after that.
 */
export type Command =
  /** `perTick` updates every 33 ms, or 0 for as many as fit (about 30 ms of training per tick). */
  | { type: "play"; perTick: number; seq: number }
  /** Stop, and post the live weights once more: the acknowledgement the page waits for. */
  | { type: "pause"; seq: number }
  | { type: "step"; batches: number; seq: number }
  /** Show the run as it was after `updates` updates (the scrubber); training stays paused. */
  | { type: "view"; updates: number; seq: number };

export type ToWorker =
  | { type: "reset"; config: Omit<NetworkConfig, "table">; csv: CsvInput | null; gridSize: number }
  | Command
  | { type: "model" }
  | { type: "landscape" };

export type FromWorker =
  | { type: "ready"; generation: number; points: PlotPoints; columns: string[]; drawable: string[]; target: string; rows: number; notes: string[] }
  /**
   * `past`: a recorded point the scrubber asked for, not the live weights; `live`: the updates the
   * live weights have had; `seq`: the last command read before it was posted; `playing`: whether
   * the worker goes on training after it.
   */
  | { type: "snapshot"; generation: number; seq: number; snapshot: Snapshot; live: number; playing: boolean; past: boolean }
  | { type: "model"; json: string; name: string }
  | { type: "landscape"; generation: number; landscape: Landscape; updates: number }
  | { type: "error"; generation: number; message: string };
