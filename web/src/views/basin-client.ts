/**
 * The 2-D view's side of the basin-map worker: sends a request when the settings the map depends
 * on change, keeps the newest answer, and says in a status line what is shown (a placeholder, a
 * coarse preview, or the full map) while the worker computes.
 */
import type { BasinOverlay } from "../compute/basins.js";
import type { BasinRequest, FromBasinWorker } from "../compute/basins-protocol.js";
import { h } from "../ui/dom.js";

/** A map and its picture (a PNG data URL the worker made, or null to draw it in the page). */
export interface BasinMap {
  basins: BasinOverlay;
  image: string | null;
}

export interface BasinClient {
  /** The status line (role=status), for the page. */
  status: HTMLElement;
  /** The map for these settings: the newest answer if it is for them, else null (and one is requested). */
  want(settings: Omit<BasinRequest, "id">): BasinMap | null;
  /** No map wanted: forget the shown one. */
  clear(): void;
  destroy(): void;
}

export function basinClient(idPrefix: string, onArrive: (map: BasinMap | null) => void): BasinClient {
  const status = h("p", { class: "hint basin-status", id: `${idPrefix}-basin-status`, role: "status", "data-testid": `${idPrefix}-basin-status` });
  let worker: Worker | null = null;
  let id = 0;
  let key = "";
  let shown: BasinMap | null = null;
  const grid = (b: BasinOverlay) => `${b.xs.length} × ${b.ys.length}`;
  const start = () => {
    const w = new Worker(new URL("../compute/basins-worker.ts", import.meta.url), { type: "module" });
    w.onmessage = (event: MessageEvent<FromBasinWorker>) => {
      const m = event.data;
      if (m.id !== id) return; // an answer to settings since changed
      if (m.type === "error") {
        shown = null;
        status.textContent = `Basin map failed: ${m.message}`;
      } else {
        shown = { basins: m.basins, image: m.image };
        status.textContent = m.final
          ? `Basin map: ${grid(m.basins)} starts, ${m.ms.toFixed(0)} ms in a background worker.`
          : `Basin map: a ${grid(m.basins)} preview; the full map is being computed in a background worker…`;
        status.setAttribute("aria-busy", String(!m.final));
      }
      onArrive(shown);
    };
    return w;
  };
  return {
    status,
    want(settings) {
      const next = JSON.stringify(settings);
      if (next === key) return shown;
      key = next;
      shown = null;
      id++;
      worker ??= start();
      worker.postMessage({ id, ...settings } satisfies BasinRequest);
      status.textContent = `Computing the basin map (${settings.resolution} × ${settings.resolution} starts) in a background worker…`;
      status.setAttribute("aria-busy", "true");
      return null;
    },
    clear() {
      key = "";
      shown = null;
      id++;
      status.textContent = "";
      status.removeAttribute("aria-busy");
    },
    destroy() {
      worker?.terminate();
      worker = null;
    },
  };
}
