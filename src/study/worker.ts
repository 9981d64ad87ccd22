/**
 * Worker-thread entry: prepares the study's data once, then runs the jobs it is sent one at a
 * time and posts each outcome back. Errors are posted as messages so the main thread can tell a
 * user error (DescentError) from a crash.
 */
import { parentPort, workerData } from "node:worker_threads";
import { isDescentError } from "../errors.js";
import type { Job } from "./jobs.js";
import { runOne } from "./run-one.js";
import { prepareStudyDataAsync, type StudySetup } from "./setup.js";

/** Messages a worker posts. */
export type WorkerReply =
  | { kind: "ready" }
  | { kind: "done"; job: Job; value: number; seconds: number }
  | { kind: "error"; message: string; userError: boolean; code?: string };

async function serve(): Promise<void> {
  const port = parentPort;
  if (port === null) return;
  const setup = workerData as StudySetup;
  const post = (reply: WorkerReply) => port.postMessage(reply);
  const fail = (e: unknown) =>
    post({ kind: "error", message: e instanceof Error ? e.message : String(e), userError: isDescentError(e), code: isDescentError(e) ? e.code : undefined });
  let data;
  try {
    data = await prepareStudyDataAsync(setup);
  } catch (e) {
    fail(e);
    return;
  }
  const ready = data;
  port.on("message", (job: Job) => {
    try {
      const start = performance.now();
      const outcome = runOne(setup, ready, setup.optimizers[job.config]!, job.seed);
      post({ kind: "done", job, value: outcome.value, seconds: (performance.now() - start) / 1000 });
    } catch (e) {
      fail(e);
    }
  });
  post({ kind: "ready" });
}

void serve();
