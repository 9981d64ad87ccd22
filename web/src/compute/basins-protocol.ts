/** Messages between the 2-D view and the basin-map worker. */
import type { BasinOverlay } from "./basins.js";

export interface BasinRequest {
  /** Increases with every request; only the newest one's answers are drawn. */
  id: number;
  f: string;
  optimizers: string[];
  lr: number;
  steps: number;
  /** Starts per axis of the final map. */
  resolution: number;
}

export type FromBasinWorker =
  /**
   * A map (the preview first, then the final one: `final`), with its compute time and the map as
   * a PNG data URL, encoded in the worker (null where the worker has no OffscreenCanvas).
   */
  | { type: "basins"; id: number; final: boolean; basins: BasinOverlay; ms: number; image: string | null }
  | { type: "error"; id: number; message: string };
