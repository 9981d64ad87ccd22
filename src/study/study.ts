/**
 * Running a study: every configuration with seeds 1…N, on worker threads (two by default) or in
 * this thread, with a progress callback after each run and a stop between runs on interrupt.
 */
import { availableParallelism } from "node:os";
import { Worker } from "node:worker_threads";
import { DescentError, OptionError } from "../errors.js";
import { analyzeStudy, type StudyAnalysis } from "./analyze.js";
import { studyJobs, timeLeft, type Job, type RunReport } from "./jobs.js";
import { runOne } from "./run-one.js";
import { prepareStudyDataAsync, resolveAuto, type StudySetup } from "./setup.js";
import type { WorkerReply } from "./worker.js";

export interface StudyOptions {
  /** Worker threads (default min(2, cores)); 1 or 0 runs in this thread. */
  workers?: number;
  onRun?: (report: RunReport) => void;
  /** Checked between runs; an aborted study stops and reports what finished. */
  interrupt?: AbortSignal;
  /** Called once if the worker threads could not be used and the study continues in this thread. */
  onFallback?: (reason: string) => void;
}

export interface StudyResult extends StudyAnalysis {
  setup: StudySetup;
  /** True when stopped by an interrupt before every run finished. */
  interrupted: boolean;
  seconds: number;
  /** "workers" or "in-process", for the report. */
  execution: string;
}

/** Checks the settings a user can get wrong before any data are loaded. */
export function checkSetup(setup: StudySetup): void {
  if (setup.optimizers.length < 1) throw new OptionError("--optimizers needs at least one optimizer spec");
  if (!Number.isInteger(setup.repeats) || setup.repeats < 1) throw new OptionError(`--repeats must be a whole number >= 1, got ${setup.repeats}`);
  if (!Number.isInteger(setup.batchSize) || setup.batchSize < 1) throw new OptionError(`--batch-size must be a whole number >= 1, got ${setup.batchSize}`);
  const length = setup.budget.kind === "epochs" ? setup.budget.epochs : setup.budget.minibatches;
  if (!Number.isInteger(length) || length < 1) throw new OptionError(`--${setup.budget.kind} must be a whole number >= 1, got ${length}`);
}

type Recorder = (job: Job, value: number, seconds: number) => void;

/** Runs jobs in this thread, stopping between runs when interrupted. Returns false if interrupted. */
async function runInProcess(setup: StudySetup, jobs: readonly Job[], record: Recorder, interrupt?: AbortSignal): Promise<boolean> {
  if (jobs.length === 0) return true;
  const data = await prepareStudyDataAsync(setup);
  for (const job of jobs) {
    if (interrupt?.aborted) return false;
    const start = performance.now();
    const outcome = runOne(setup, data, setup.optimizers[job.config]!, job.seed);
    record(job, outcome.value, (performance.now() - start) / 1000);
  }
  return true;
}

/**
 * A worker running the script beside this module: worker.js when compiled; under tsx, worker.ts
 * loaded by a small bootstrap that registers tsx in the new thread first (Node 20 does not apply
 * an `--import tsx` loader inside workers).
 */
function startWorker(setup: StudySetup): Worker {
  if (!import.meta.url.endsWith(".ts")) return new Worker(new URL("./worker.js", import.meta.url), { workerData: setup });
  const target = new URL("./worker.ts", import.meta.url).href;
  const api = import.meta.resolve("tsx/esm/api");
  const bootstrap = `import(${JSON.stringify(api)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(target)}); })`;
  return new Worker(bootstrap, { eval: true, workerData: setup });
}

/** A failure that is the user's (bad data path, bad optimizer option), raised again in this thread as-is. */
class WorkerUserError extends DescentError {}

/**
 * Runs jobs on `count` worker threads, handing each idle worker the next job. Resolves with the
 * jobs that never ran (all of them if the workers could not start) and whether it was interrupted.
 */
function runInWorkers(
  setup: StudySetup,
  jobs: readonly Job[],
  count: number,
  record: Recorder,
  interrupt?: AbortSignal,
): Promise<{ unfinished: Job[]; interrupted: boolean; failure?: string }> {
  const queue = [...jobs];
  const inFlight = new Map<Worker, Job>();
  return new Promise((resolve, reject) => {
    const workers: Worker[] = [];
    let settled = false;
    let anyReady = false;
    const finish = (outcome: { interrupted: boolean; failure?: string } | Error) => {
      if (settled) return;
      settled = true;
      interrupt?.removeEventListener("abort", onAbort);
      for (const w of workers) void w.terminate();
      if (outcome instanceof Error) return reject(outcome);
      resolve({ unfinished: [...inFlight.values(), ...queue], ...outcome });
    };
    const onAbort = () => finish({ interrupted: true });
    interrupt?.addEventListener("abort", onAbort);
    const feed = (w: Worker) => {
      const next = queue.shift();
      if (next === undefined) {
        inFlight.delete(w);
        if (inFlight.size === 0) finish({ interrupted: false });
        return;
      }
      inFlight.set(w, next);
      w.postMessage(next);
    };
    for (let i = 0; i < count; i++) {
      let w: Worker;
      try {
        w = startWorker(setup);
      } catch (e) {
        return finish({ interrupted: false, failure: e instanceof Error ? e.message : String(e) });
      }
      workers.push(w);
      w.on("message", (reply: WorkerReply) => {
        if (settled) return;
        if (reply.kind === "ready") {
          anyReady = true;
          feed(w);
        } else if (reply.kind === "done") {
          inFlight.delete(w);
          record(reply.job, reply.value, reply.seconds);
          if (interrupt?.aborted) return finish({ interrupted: true });
          feed(w);
        } else if (reply.userError) {
          finish(new WorkerUserError(reply.message, reply.code));
        } else {
          finish({ interrupted: false, failure: reply.message });
        }
      });
      w.on("error", (e) => finish({ interrupted: false, failure: e.message }));
      w.on("exit", (code) => {
        if (!settled && code !== 0) finish({ interrupted: false, failure: `a worker exited with code ${code}${anyReady ? "" : " before it was ready"}` });
      });
    }
    if (interrupt?.aborted) onAbort();
  });
}

/** Runs every configuration with seeds 1…repeats and analyses the metric's values. */
export async function runStudy(requested: StudySetup, options: StudyOptions = {}): Promise<StudyResult> {
  checkSetup(requested);
  const setup = await resolveAuto(requested);
  const jobs = studyJobs(setup);
  const values = setup.optimizers.map(() => new Array<number>(setup.repeats).fill(NaN));
  const finished = setup.optimizers.map(() => new Array<boolean>(setup.repeats).fill(false));
  const start = performance.now();
  let done = 0;
  const record: Recorder = (job, value, seconds) => {
    values[job.config]![job.seed - 1] = value;
    finished[job.config]![job.seed - 1] = true;
    done++;
    const elapsed = (performance.now() - start) / 1000;
    options.onRun?.({
      job, optimizer: setup.optimizers[job.config]!, value, seconds, done, total: jobs.length, elapsed,
      remaining: timeLeft(done, jobs.length, elapsed),
    });
  };
  // One seed per configuration is a quick look: not worth starting threads and loading data twice more.
  const threads = setup.repeats === 1 ? 1 : Math.min(options.workers ?? Math.min(2, availableParallelism()), jobs.length);
  let interrupted = false;
  let execution = "in-process";
  let remaining: readonly Job[] = jobs;
  if (threads >= 2) {
    const outcome = await runInWorkers(setup, jobs, threads, record, options.interrupt);
    interrupted = outcome.interrupted;
    remaining = outcome.unfinished;
    execution = `${threads} worker threads`;
    if (outcome.failure !== undefined) {
      options.onFallback?.(outcome.failure);
      execution += ", then in-process";
    }
  }
  if (!interrupted && remaining.length > 0) interrupted = !(await runInProcess(setup, remaining, record, options.interrupt));
  // A stopped study keeps only seeds every configuration finished, so pairs stay matched by seed.
  const complete = finished[0]!.map((_, s) => finished.every((f) => f[s]));
  const kept = interrupted ? values.map((v) => v.filter((_, s) => complete[s])) : values;
  return { ...analyzeStudy(setup.metric, setup.optimizers, kept), setup, interrupted, seconds: (performance.now() - start) / 1000, execution };
}
