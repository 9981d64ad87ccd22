/**
 * The rule that picks how a run uses the cores (parallel-gradient-chooser.ts), driven by made-up
 * times: which candidate runs each batch, which is kept, when it is re-checked and when it switches.
 * Nothing here reads a clock.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import { CHOOSER_SETTINGS, ParallelChooser, type Turn } from "../../src/train/parallel-gradient-chooser.js";

/** Runs `batches` batches; `time(candidate, batch)` is each batch's time per row. */
function drive(chooser: ParallelChooser, batches: number, time: (candidate: number, batch: number) => number): Turn[] {
  const turns: Turn[] = [];
  for (let b = 0; b < batches; b++) {
    const t = chooser.next();
    turns.push(t);
    if (t.timed) chooser.record(time(t.candidate, b));
  }
  return turns;
}

const S = CHOOSER_SETTINGS;
const flat = (times: number[]) => (c: number) => times[c]!;

test("a warm-up, then interleaved blocks of each candidate; a clear loser leaves after minRounds rounds", () => {
  const c = new ParallelChooser(2, 1);
  const turns = drive(c, 40, flat([1.5, 1]));
  const warm = turns.slice(0, S.warmup);
  assert.ok(warm.every((t) => t.candidate === 1 && !t.timed), "the warm-up runs the start candidate, untimed");
  // Rounds of blocks, the kept (start) candidate first: 1 1 1 0 0 0 1 1 1 0 0 0.
  const trial = turns.slice(S.warmup, S.warmup + 2 * S.minRounds * S.block);
  assert.deepEqual(trial.map((t) => t.candidate), [1, 1, 1, 0, 0, 0, 1, 1, 1, 0, 0, 0]);
  assert.ok(trial.every((t) => t.timed));
  // 1.5× slower in both rounds: dropped, the trial ends there, and nothing is re-checked with one candidate left.
  assert.deepEqual(c.state.dropped, [true, false]);
  assert.equal(c.state.kept, 1);
  assert.ok(turns.slice(S.warmup + 12).every((t) => t.candidate === 1 && !t.timed));
  assert.equal(c.measuring, false);
});

test("a tie within the margin keeps the simplest candidate; a clear win keeps the faster", () => {
  const tie = new ParallelChooser(2, 1);
  drive(tie, 60, flat([1, 0.98]));
  assert.equal(tie.state.trials, 1);
  assert.equal(tie.state.kept, 0, "2% is within the 3% margin: one kernel thread");
  assert.equal(tie.state.switches, 1);
  assert.ok(Math.abs(tie.state.relative[0]! - 1 / 0.98) < 1e-12 && tie.state.relative[1] === 1);
  const win = new ParallelChooser(2, 0);
  drive(win, 60, flat([1, 0.9]));
  assert.equal(win.state.kept, 1);
  assert.deepEqual(win.state.dropped, [false, false], "10% is no clear loss: both stay for the re-checks");
});

test("ratios are taken within a round, so load that changes between rounds does not decide", () => {
  // Candidate 0 is 5% faster in every round, but the machine gets 3× slower in later rounds, when
  // candidate 0's blocks of the early rounds were not yet timed: raw medians would favour 1.
  let round = 0;
  const c = new ParallelChooser(2, 1);
  const turns = drive(c, S.warmup + 4 * 2 * S.block, (cand, b) => {
    round = Math.floor((b - S.warmup) / (2 * S.block));
    return (cand === 0 ? 0.95 : 1) * (round >= 2 ? 3 : 1);
  });
  assert.equal(turns.filter((t) => t.timed).length, 4 * 2 * S.block);
  assert.equal(c.state.kept, 0);
  assert.equal(c.state.relative[0], 1);
});

test("one slow batch in a block (an epoch's end scored in between) does not move its median", () => {
  const c = new ParallelChooser(2, 1);
  drive(c, 60, (cand, b) => (cand === 1 ? (b % 7 === 0 ? 10 : 0.9) : 1));
  assert.equal(c.state.kept, 1);
  assert.ok(Math.abs(c.state.relative[0]! - 1 / 0.9) < 1e-12);
});

test("re-checks come after recheck batches, then twice as long each time the choice holds", () => {
  const c = new ParallelChooser(2, 1);
  const turns = drive(c, 6000, flat([1, 0.9]));
  // Gaps of untimed batches between trials after the first: 50, 100, 200, 400, 800, 1600, 1600 …
  const gaps: number[] = [];
  let run = 0;
  for (const t of turns.slice(S.warmup)) {
    if (t.timed) {
      if (run > 0) gaps.push(run);
      run = 0;
    } else run += 1;
  }
  assert.deepEqual(gaps.slice(0, 7), [50, 100, 200, 400, 800, 1600, 1600]);
  assert.equal(c.state.switches, 0);
  assert.ok(c.state.trials >= 7);
});

test("a re-check switches when another candidate has become clearly faster, and checks again soon", () => {
  const c = new ParallelChooser(2, 1);
  let load = false;
  const turns: Turn[] = [];
  for (let b = 0; b < 400; b++) {
    if (b === 100) load = true; // from here one kernel thread is the faster (another process took a core)
    const t = c.next();
    turns.push(t);
    if (t.timed) c.record(t.candidate === 0 ? 1 : load ? 1.2 : 0.9);
  }
  assert.equal(c.state.kept, 0);
  assert.equal(c.state.switches, 1);
  // The first trial kept 1; the re-check after 50 batches held; the one after 100 more switched.
  const firstOn0 = turns.findIndex((t, i) => i > 200 && t.candidate === 0 && !t.timed);
  assert.ok(firstOn0 > 0 && turns.slice(firstOn0, firstOn0 + S.recheck).every((t) => t.candidate === 0 && !t.timed));
  assert.ok(turns[firstOn0 + S.recheck]!.timed, "after a switch the next re-check comes after `recheck` batches again");
});

test("a re-check ends after one round when the other candidates clearly lost it, and drops none of them", () => {
  const c = new ParallelChooser(2, 1);
  const turns = drive(c, S.warmup + 12 + S.recheck + 20, (cand, b) => (cand === 1 ? 1 : b < S.warmup + 12 ? 1.1 : 2));
  assert.equal(c.state.trials, 2);
  const recheck = turns.slice(S.warmup + 12 + S.recheck).filter((t) => t.timed);
  assert.deepEqual(recheck.map((t) => t.candidate), [1, 1, 1, 0, 0, 0]);
  assert.deepEqual(c.state.dropped, [false, false]);
});

test("three candidates: a clear loser leaves, the others go on to the end of the trial", () => {
  const c = new ParallelChooser(3, 1);
  const turns = drive(c, 60, flat([1, 0.95, 3]));
  assert.deepEqual(c.state.dropped, [false, false, true]);
  const trial = turns.filter((t) => t.timed).map((t) => t.candidate);
  assert.deepEqual(trial, [1, 1, 1, 0, 0, 0, 2, 2, 2, 1, 1, 1, 0, 0, 0, 2, 2, 2, 1, 1, 1, 0, 0, 0, 1, 1, 1, 0, 0, 0]);
  assert.equal(c.state.kept, 1, "5% faster than the simplest: kept");
});

test("a timed batch whose time never comes does not count; one candidate is never measured", () => {
  const c = new ParallelChooser(2, 1);
  drive(c, S.warmup, flat([1, 1]));
  c.next(); // timed, but no record
  const after = drive(c, 12, flat([1.5, 1]));
  assert.deepEqual(after.map((t) => t.candidate), [1, 1, 1, 0, 0, 0, 1, 1, 1, 0, 0, 0]);
  const one = new ParallelChooser(1, 0);
  assert.ok(drive(one, 100, flat([1])).every((t) => t.candidate === 0 && !t.timed));
});
