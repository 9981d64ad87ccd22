/**
 * The SGD view's worker: reads the data (the bundled set, or the user's file by the library's
 * reader) and trains the three regimes with the library's trainer, off the page's main thread.
 * The page sends at most one request at a time (it keeps only the newest while one runs).
 */
/// <reference lib="webworker" />
import breastCancerText from "../../../data/breast_cancer.csv?raw";
import { computeSgd } from "./sgd.js";
import { builtinInput, csvInput, plotOf, type SgdInput } from "./sgd-data.js";
import type { FromSgdWorker, SgdRequest, ToSgdWorker } from "./sgd-protocol.js";

const scope = self as unknown as DedicatedWorkerGlobalScope;
let file: { text: string; name: string } | null = null;
/** The last data read, by what it depends on: a slider move re-trains without re-reading the file. */
let cached: { key: string; input: SgdInput } | null = null;

function inputFor(r: SgdRequest): SgdInput {
  const key = r.dataset === "csv" ? JSON.stringify([file?.name, file?.text.length, r.target, r.xcol, r.ycol, r.missing, r.ratio, r.seed]) : r.dataset;
  if (cached?.key === key) return cached.input;
  let input: SgdInput;
  if (r.dataset === "csv") {
    if (!file) throw new Error("Choose a CSV file (files are never put in the link, so after a reload the file must be chosen again).");
    input = csvInput({ ...file, target: r.target, xColumn: r.xcol, yColumn: r.ycol, missing: r.missing }, r.ratio, r.seed);
  } else input = builtinInput(r.dataset, breastCancerText);
  cached = { key, input };
  return input;
}

scope.onmessage = (event: MessageEvent<ToSgdWorker>) => {
  const m = event.data;
  if (m.type === "file") {
    file = { text: m.text, name: m.name };
    cached = null;
    return;
  }
  try {
    const input = inputFor(m.request);
    const regimes = computeSgd(input.train, m.request, { drawn: input.drawn, ...(input.test ? { test: input.test } : {}) });
    const outcome = { regimes, plot: plotOf(input), n: input.train.n, d: input.train.d, heldOut: input.test?.n ?? 0, columns: input.columns };
    scope.postMessage({ type: "result", id: m.id, outcome } satisfies FromSgdWorker);
  } catch (e) {
    scope.postMessage({ type: "error", id: m.id, message: (e as Error).message } satisfies FromSgdWorker);
  }
};
