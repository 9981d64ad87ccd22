/** The runs of a study as jobs, and progress bookkeeping shared by the in-process and worker paths. */
import type { StudySetup } from "./setup.js";

export interface Job {
  /** Index into setup.optimizers. */
  config: number;
  seed: number;
}

/** Seed-major order (seed 1 for every configuration, then seed 2, …), so a stopped study stays balanced. */
export function studyJobs(setup: StudySetup): Job[] {
  const jobs: Job[] = [];
  for (let seed = 1; seed <= setup.repeats; seed++) {
    for (let config = 0; config < setup.optimizers.length; config++) jobs.push({ config, seed });
  }
  return jobs;
}

/** One finished run, as progress reports it. */
export interface RunReport {
  job: Job;
  optimizer: string;
  value: number;
  /** Seconds this run took. */
  seconds: number;
  done: number;
  total: number;
  /** Wall-clock seconds since the study started. */
  elapsed: number;
  /** Estimated seconds until every run is done (elapsed per run so far × runs left). */
  remaining: number;
}

/** Progress after `done` of `total` runs in `elapsed` seconds of wall-clock time. */
export function timeLeft(done: number, total: number, elapsed: number): number {
  return done === 0 ? NaN : (elapsed / done) * (total - done);
}
