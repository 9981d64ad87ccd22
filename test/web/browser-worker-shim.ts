/**
 * Runs a page's worker module in a Node worker thread: `self` stands in for the browser's
 * DedicatedWorkerGlobalScope (postMessage with transfers, onmessage), then the module named in
 * workerData is imported. Used by tests that check a worker's answers themselves (contour-map.test.ts).
 */
import { parentPort, workerData } from "node:worker_threads";

const port = parentPort!;
(globalThis as unknown as { self: unknown }).self = {
  postMessage: (message: unknown, transfer: Transferable[] = []) => port.postMessage(message, transfer as never),
  set onmessage(handler: (event: { data: unknown }) => void) {
    port.on("message", (data) => handler({ data }));
  },
};
await import((workerData as { module: string }).module);
