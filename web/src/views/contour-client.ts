/**
 * A contour view's side of the contour worker: the map of a function (f on the grid and its
 * bands), from a small cache when it was computed before, else asked of the worker, which answers
 * through `onArrive` (only for the function wanted last). The page then only draws. A failure in
 * the worker is shown in the view's error line.
 */
import type { ContourMap } from "../compute/contour-map.js";
import type { ContourRequest, FromContourWorker } from "../compute/contour-protocol.js";

/** Maps kept (about 0.2 MB each), the least recently wanted dropped first: switching between a few functions redraws at once. */
const CACHED = 8;

export interface ContourClient {
  /** The map of `f` if it is at hand; else null, and the worker is asked for it. */
  want(f: string): ContourMap | null;
  destroy(): void;
}

export function contourClient(error: HTMLElement, onArrive: (f: string, map: ContourMap) => void): ContourClient {
  const cache = new Map<string, ContourMap>();
  let worker: Worker | null = null;
  let id = 0;
  let wanted = "";
  const start = () => {
    const w = new Worker(new URL("../compute/contour-worker.ts", import.meta.url), { type: "module" });
    w.onmessage = (event: MessageEvent<FromContourWorker>) => {
      const m = event.data;
      if (m.type === "contours") {
        cache.delete(m.f);
        cache.set(m.f, m.map);
        if (cache.size > CACHED) cache.delete(cache.keys().next().value!);
      }
      if (m.id !== id || m.f !== wanted) return;
      if (m.type === "contours") return onArrive(m.f, m.map);
      error.hidden = false;
      error.textContent = m.message;
    };
    return w;
  };
  return {
    want(f) {
      wanted = f;
      id++; // an answer still on its way is for an older request
      const map = cache.get(f);
      if (map) {
        // Kept the longest: the least recently wanted map is the one dropped.
        cache.delete(f);
        cache.set(f, map);
        return map;
      }
      worker ??= start();
      worker.postMessage({ id, f } satisfies ContourRequest);
      return null;
    },
    destroy() {
      worker?.terminate();
      worker = null;
    },
  };
}
