/**
 * Long tasks on the page's main thread (the browser's Long Tasks API), with a bound that is honest
 * on a loaded machine. A long task is measured in wall time: when more processes want a core than
 * there are cores, the page's thread waits for one and every task is stretched by that wait.
 *
 * So the bound is calibrated in the same page at the same moment: a fixed piece of work (a loop
 * that takes about 5–10 ms on an idle core, long enough to be preempted) is timed 12 times, each
 * in its own task; the fastest run is its cost with a core to itself, and the slowest over the
 * fastest is the most the load stretched a task just now. The bound is the Long Tasks API's 50 ms
 * times that stretch: 50 ms on an idle machine (where the runs agree), more on a loaded one. The calibration is itself
 * checked: under the same load, one task of 150 ms of the same work (three times the budget on an
 * idle core) must come out over the bound, so however loaded the machine, the bound never lets
 * through a task three times the budget.
 */
import assert from "node:assert/strict";
import type { Page } from "playwright-core";

export interface LongTask {
  start: number;
  duration: number;
}

export interface Calibration {
  /** The reference work's fastest time (ms): its cost with a core to itself. */
  fastest: number;
  /** Slowest time / fastest time: the most the load stretched a task just now (≥ 1). */
  stretch: number;
  /** 50 ms × stretch, rounded. */
  bound: number;
}

/** Starts collecting long tasks from the page's first script on (call before `goto`). */
export async function observeLongTasks(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const w = window as unknown as { __longTasks: { start: number; duration: number }[] };
    w.__longTasks = [];
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) w.__longTasks.push({ start: e.startTime, duration: e.duration });
    }).observe({ type: "longtask", buffered: true });
  });
}

/** The long tasks that started at or after `since` (the page's performance.now()). */
export async function longTasksSince(page: Page, since: number): Promise<LongTask[]> {
  return page.evaluate((t) => (window as unknown as { __longTasks: LongTask[] }).__longTasks.filter((x) => x.start >= t), since);
}

/**
 * Runs `units` units of the reference work on the page's main thread in one task of the page's
 * own (a timer's: work run straight from the test's evaluate is not a task the Long Tasks API
 * reports); returns its ms.
 */
export async function blockMainThread(page: Page, units: number): Promise<number> {
  return page.evaluate(
    (n) =>
      new Promise<number>((resolve) =>
        setTimeout(() => {
          const t0 = performance.now();
          let s = 0;
          for (let i = 0; i < n * 1_000_000; i++) s += Math.sqrt(i + s * 1e-9);
          (window as unknown as { __sink: number }).__sink = s;
          resolve(performance.now() - t0);
        }, 0),
      ),
    units,
  );
}

/**
 * Times one unit of the reference work `samples` times, each in its own task, while whatever the
 * test is measuring runs; the stretch is the slowest over the fastest.
 */
export async function calibrate(page: Page, samples = 12): Promise<Calibration> {
  const times: number[] = [];
  for (let i = 0; i < samples; i++) times.push(await blockMainThread(page, 1));
  const sorted = [...times].sort((a, b) => a - b);
  const fastest = sorted[0]!;
  const slowest = sorted[sorted.length - 1]!;
  // Too fast to time well (timer resolution), or not finite: the calibration says nothing.
  assert.ok(fastest >= 0.5 && Number.isFinite(slowest), `reference work took ${fastest} ms at best: too short to calibrate`);
  const stretch = Math.max(1, slowest / fastest);
  return { fastest, stretch, bound: Math.round(50 * stretch) };
}

/**
 * The check that the bound can fail: a block of about 150 ms of the reference work on an idle
 * core, run under the same load, is reported as a long task over the bound.
 */
export async function assertBoundCatchesBlock(page: Page, c: Calibration): Promise<void> {
  const since = await page.evaluate(() => performance.now());
  const took = await blockMainThread(page, Math.ceil(150 / c.fastest));
  // The observer's entries arrive after the task: give them a frame.
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 50))));
  const caught = (await longTasksSince(page, since)).filter((t) => t.duration > c.bound);
  assert.ok(caught.length >= 1, `a ${took.toFixed(0)} ms block was not caught by the ${c.bound} ms bound (stretch ${c.stretch.toFixed(2)})`);
}
