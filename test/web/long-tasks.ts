/**
 * Long tasks on the page's main thread (the browser's Long Tasks API), with a bound that is honest
 * on a loaded machine. A long task is measured in wall time: when more processes want a core than
 * there are cores, the page's thread waits for one and every task is stretched by that wait.
 *
 * So the bound is calibrated in the same page at the same moment. A unit of fixed work (a loop of
 * about 8 ms on an idle core) is timed 16 times: the fastest is its cost with a core to itself
 * (short runs often get through without waiting). Then six units at once, about as long as the
 * budget, are timed 8 times, each in its own task: their 90th percentile over six fastest units is
 * how much the load stretches a task of that length now. (A short task alone overstates it: one
 * wait for a core stretches an 8 ms task far more than a 50 ms one; and the slowest run alone
 * swings too much with one unlucky wait.)
 *
 * Past a stretch of 4 (measured at 10 runnable processes per core on a 2-core machine, stretches
 * of 2 to 15 came and went within seconds) the load changes faster than it can be measured, and
 * no bound is both honest and stable: the tests then say so (a diagnostic line with the numbers)
 * and make the long-task check only where the calibration allows it. Calibrate after reading the long tasks: its own
 * runs are long tasks on a loaded machine. The bound is the Long Tasks API's 50 ms times that stretch: 50 ms on an
 * idle machine (where the runs agree), more on a loaded one. The calibration is itself
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
  /** Six units of the reference work with a core to itself (ms). */
  fastest: number;
  /** One unit of the reference work with a core to itself (ms). */
  unit: number;
  /** 90th-percentile time of six units / six fastest units: how much the load stretches a task now (≥ 1). */
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
 * Times one unit of the reference work 2 × `samples` times (its fastest is its idle cost), then
 * `units` units `samples` times, each run in its own task, while whatever the test is measuring
 * runs; the stretch is the 90th percentile of the long runs over their idle cost.
 */
export async function calibrate(page: Page, samples = 8, units = 6): Promise<Calibration> {
  // A unit's cost with a core to itself: short runs often get through without waiting.
  const short: number[] = [];
  for (let i = 0; i < 2 * samples; i++) short.push(await blockMainThread(page, 1));
  const unit = Math.min(...short);
  const long: number[] = [];
  for (let i = 0; i < samples; i++) long.push(await blockMainThread(page, units));
  const sorted = [...long].sort((a, b) => a - b);
  const p90 = sorted[Math.floor(0.9 * (sorted.length - 1))]!;
  // Too fast to time well (timer resolution), or not finite: the calibration says nothing.
  assert.ok(unit >= 0.5 && Number.isFinite(p90), `reference work took ${unit} ms at best: too short to calibrate`);
  const stretch = Math.max(1, p90 / (units * unit));
  return { fastest: units * unit, unit, stretch, bound: Math.round(50 * stretch) };
}

/** Most stretch at which a long-task bound still means something (see above). */
export const MAX_STRETCH = 4;

/** Why the long-task check cannot be made now, or null when it can. */
export function tooLoaded(c: Calibration): string | null {
  return c.stretch > MAX_STRETCH
    ? `long-task check not made: the load stretches a 50 ms task ${c.stretch.toFixed(1)}× now (more than ${MAX_STRETCH}×), too much and too unsteady to bound`
    : null;
}

/**
 * The check that the bound can fail: a block of about 150 ms of the reference work on an idle
 * core, run under the same load, is reported as a long task over the bound.
 */
export async function assertBoundCatchesBlock(page: Page, c: Calibration): Promise<void> {
  const since = await page.evaluate(() => performance.now());
  const took = await blockMainThread(page, Math.ceil(150 / c.unit));
  // The observer's entries arrive after the task: give them a frame.
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 50))));
  const caught = (await longTasksSince(page, since)).filter((t) => t.duration > c.bound);
  assert.ok(caught.length >= 1, `a ${took.toFixed(0)} ms block was not caught by the ${c.bound} ms bound (stretch ${c.stretch.toFixed(2)})`);
}
