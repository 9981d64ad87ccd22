/**
 * The basin-map worker: runs `computeBasins` off the page's main thread. For each request it posts
 * a coarse preview first, then the full map. Requests arriving while it works supersede the one in
 * hand: between the preview and the full map it yields, and only the newest request is computed.
 */
/// <reference lib="webworker" />
import { basinPixels, computeBasins, type BasinOverlay } from "./basins.js";
import type { BasinRequest, FromBasinWorker } from "./basins-protocol.js";
import { resolveProblem } from "./problem.js";

/** Starts per axis of the preview posted before the full map. */
export const PREVIEW_RESOLUTION = 50;

const scope = self as unknown as DedicatedWorkerGlobalScope;
let pending: BasinRequest | null = null;
let scheduled = false;

const post = (m: FromBasinWorker) => scope.postMessage(m, m.type === "basins" ? [m.basins.labels.buffer] : []);

/** The map as a PNG data URL, so the page only sets an image's address (null without OffscreenCanvas). */
async function pngDataUrl(b: BasinOverlay): Promise<string | null> {
  if (typeof OffscreenCanvas === "undefined") return null;
  const canvas = new OffscreenCanvas(b.xs.length, b.ys.length);
  canvas.getContext("2d")!.putImageData(new ImageData(basinPixels(b), b.xs.length, b.ys.length), 0, 0);
  return new FileReaderSync().readAsDataURL(await canvas.convertToBlob({ type: "image/png" }));
}

async function compute(request: BasinRequest, resolution: number): Promise<void> {
  const t0 = performance.now();
  const basins = computeBasins(resolveProblem(request.f, 2), request, { resolution, steps: request.steps });
  const ms = performance.now() - t0;
  post({ type: "basins", id: request.id, final: resolution === request.resolution, basins, ms, image: await pngDataUrl(basins) });
}

/** Computes the newest request: preview, a yield (a newer request replaces this one), full map. */
async function work(): Promise<void> {
  scheduled = false;
  const request = pending;
  pending = null;
  if (!request) return;
  try {
    if (request.resolution > PREVIEW_RESOLUTION) await compute(request, PREVIEW_RESOLUTION);
    // A newer request that came meanwhile replaces this one's full map.
    await new Promise((resolve) => setTimeout(resolve, 0));
    if (pending) return work();
    await compute(request, request.resolution);
  } catch (e) {
    post({ type: "error", id: request.id, message: (e as Error).message });
  }
}

scope.onmessage = (event: MessageEvent<BasinRequest>) => {
  pending = event.data;
  // Messages that queued up while a map was computed are all read before the next one starts.
  if (!scheduled) {
    scheduled = true;
    setTimeout(() => void work(), 0);
  }
};
