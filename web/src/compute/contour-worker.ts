/**
 * The contour worker: samples f on the grid and traces its contour bands off the page's main
 * thread (contour-map.ts). Requests that queue up while it works are read before the next one
 * starts, and only the newest is computed.
 */
/// <reference lib="webworker" />
import { answerContourRequest, transferables } from "./contour-map.js";
import type { ContourRequest } from "./contour-protocol.js";

const scope = self as unknown as DedicatedWorkerGlobalScope;
let pending: ContourRequest | null = null;

scope.onmessage = (event: MessageEvent<ContourRequest>) => {
  const first = pending === null;
  pending = event.data;
  if (!first) return;
  // A timer, not the work itself: messages already queued are delivered before it runs.
  setTimeout(() => {
    const request = pending!;
    pending = null;
    const answer = answerContourRequest(request);
    scope.postMessage(answer, transferables(answer));
  }, 0);
};
