/** Messages between a contour map's view (2-D, race) and the contour worker. */
import type { ContourMap } from "./contour-map.js";

export interface ContourRequest {
  /** Increases with every request; only the newest one is computed and drawn. */
  id: number;
  /** The function as the state holds it (a built-in's name or an expression in x and y). */
  f: string;
}

export type FromContourWorker =
  | { type: "contours"; id: number; f: string; map: ContourMap; ms: number }
  | { type: "error"; id: number; f: string; message: string };
