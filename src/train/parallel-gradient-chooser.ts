/**
 * The decision of parallel-gradient.node.ts without a clock: which way of using the cores runs
 * each batch, and which one the run keeps, from the times it is handed. Deterministic and
 * browser-safe, so the rule is tested with made-up times.
 *
 * The rule. After `warmup` untimed batches (V8 and the compiled plan settle), a trial runs the
 * candidates in rounds of interleaved blocks (A A A, B B B, A A A, B B B …), each block scored by
 * the median of its batches' times per row; within a round each candidate's score is divided by the
 * round's best, so a load that changes between rounds changes every candidate alike. After the
 * trial each candidate's figure is the median of those ratios over its rounds; the kept candidate
 * is the simplest (earliest in the list) within `margin` of the fastest, so a noisy tie keeps one
 * kernel thread. A candidate slower than the round's best by `drop` or more in each of its first
 * `minRounds` rounds leaves the trial early (and the run: it is not measured again), which bounds
 * what measuring a clear loser costs. Then the kept candidate runs, and is re-checked by a short
 * trial (`recheckRounds` rounds, over after one when every other candidate lost it by `drop`)
 * after `recheck` batches, then after twice as many each time it holds (at most `maxRecheck`); a
 * re-check switches only to a candidate faster than the kept one by `margin`, and the interval
 * starts again after a switch.
 *
 * What measuring costs a run: the batches a trial runs on the slower candidates. With the
 * defaults that is at most 2 blocks (6 batches) of a clear loser in the first trial, then one
 * block per re-check; a close loser costs more batches but little per batch.
 */

export interface ChooserSettings {
  /** Untimed batches before the first trial. */
  warmup: number;
  /** Batches per candidate in a row (the block's median counts). */
  block: number;
  /** Rounds of the first trial. */
  rounds: number;
  /** Rounds a candidate runs before a clear loss drops it. */
  minRounds: number;
  /** A candidate later in the list must be faster than an earlier one by this share to be kept over it. */
  margin: number;
  /** Slower than the round's best by this factor in each of its first minRounds rounds: dropped. */
  drop: number;
  /** Batches after a trial before the first re-check; doubles each time the choice holds. */
  recheck: number;
  maxRecheck: number;
  /** Rounds of a re-check. */
  recheckRounds: number;
}

export const CHOOSER_SETTINGS: ChooserSettings = {
  warmup: 3, block: 3, rounds: 4, minRounds: 2, margin: 0.03, drop: 1.25, recheck: 50, maxRecheck: 1600, recheckRounds: 2,
};

/** The next batch's candidate (an index into the list), and whether its time is wanted. */
export interface Turn {
  candidate: number;
  timed: boolean;
}

/** What the chooser knows: the kept candidate and, per candidate, its last trial's figures. */
export interface ChooserState {
  /** The candidate running between trials (the start candidate until the first trial ends). */
  kept: number;
  /** Trials finished (the first and the re-checks). */
  trials: number;
  /** Times the kept candidate changed after a trial. */
  switches: number;
  /** Per candidate: median over the last trial's rounds of its time ÷ the round's best (NaN: not measured). */
  relative: number[];
  /** Per candidate: median of its block medians in the last trial, per row (NaN: not measured). */
  perRow: number[];
  /** Candidates dropped for the rest of the run. */
  dropped: boolean[];
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
}

/** The chooser for `count` candidates (simplest first), starting on `start`. */
export class ParallelChooser {
  readonly state: ChooserState;
  private phase: "warmup" | "run" | "trial";
  private left: number; // batches left in the warm-up or before the next re-check
  private interval: number;
  private plan: number[] = []; // the trial's remaining blocks, one candidate each
  private round: number[] = []; // candidates of the current round
  private roundIndex = 0;
  private roundsPlanned = 0;
  private times: number[] = []; // the current block's times per row
  private blocks: number[][] = []; // per candidate: block medians of this trial
  private ratios: number[][] = []; // per candidate: its ratio to the round's best, per round
  private awaiting = false; // the last turn was timed and its time has not come yet
  private checked: boolean; // a choice stands (a trial ended): trials are re-checks

  constructor(readonly count: number, start: number, readonly settings: ChooserSettings = CHOOSER_SETTINGS) {
    this.state = {
      kept: start, trials: 0, switches: 0,
      relative: new Array<number>(count).fill(NaN), perRow: new Array<number>(count).fill(NaN),
      dropped: new Array<boolean>(count).fill(false),
    };
    this.interval = settings.recheck;
    this.checked = false;
    this.phase = count < 2 ? "run" : "warmup";
    this.left = count < 2 ? Infinity : settings.warmup;
  }

  /** Whether a trial is under way (its batches may run on candidates other than the kept one). */
  get measuring(): boolean {
    return this.phase === "trial";
  }

  /** The candidate for the next batch. */
  next(): Turn {
    this.awaiting = false; // a timed batch whose time never came (the caller skipped it) does not count
    if (this.phase !== "trial") {
      if (this.left <= 0) this.startTrial();
      else {
        this.left -= 1;
        return this.turn(this.state.kept, false);
      }
    }
    return this.turn(this.plan[0]!, true);
  }

  /** The time per row of the last timed batch (from its start to the next batch's start). */
  record(msPerRow: number): void {
    if (!this.awaiting) return;
    this.awaiting = false;
    this.times.push(msPerRow);
    if (this.times.length < this.settings.block) return;
    this.blocks[this.plan[0]!]!.push(median(this.times));
    this.times = [];
    this.plan.shift();
    if (this.plan.length === 0) this.endRound();
  }

  private turn(candidate: number, timed: boolean): Turn {
    this.awaiting = timed;
    return { candidate, timed };
  }

  private startTrial(): void {
    this.phase = "trial";
    const active = this.activeCandidates();
    // The kept candidate's block first: the others are compared with it as it has been running.
    this.round = [this.state.kept, ...active.filter((c) => c !== this.state.kept)];
    this.roundIndex = 0;
    this.roundsPlanned = !this.checked ? this.settings.rounds : this.settings.recheckRounds;
    this.blocks = Array.from({ length: this.count }, () => []);
    this.ratios = Array.from({ length: this.count }, () => []);
    this.times = [];
    this.plan = [...this.round];
  }

  private activeCandidates(): number[] {
    return Array.from({ length: this.count }, (_, i) => i).filter((i) => !this.state.dropped[i]);
  }

  private endRound(): void {
    const scores = this.round.map((c) => this.blocks[c]!.at(-1)!);
    const best = Math.min(...scores);
    this.round.forEach((c, i) => this.ratios[c]!.push(scores[i]! / best));
    this.roundIndex += 1;
    const { drop, minRounds } = this.settings;
    const lost = (c: number) => this.ratios[c]!.every((r) => r >= drop);
    if (!this.checked && this.roundIndex === minRounds) {
      // A clear loser in each of its rounds leaves for good (never the last candidate standing).
      for (const c of this.round) if (lost(c) && this.round.some((x) => x !== c && !this.state.dropped[x])) this.state.dropped[c] = true;
    }
    const remaining = this.round.filter((c) => !this.state.dropped[c]);
    // A re-check ends once every other candidate clearly lost to the kept one (it is not dropped: load changes).
    const kept = this.state.kept;
    const held = this.checked && remaining.every((c) => c === kept || this.ratios[c]!.at(-1)! >= drop * this.ratios[kept]!.at(-1)!);
    if (this.roundIndex >= this.roundsPlanned || remaining.length < 2 || held) {
      this.decide();
      return;
    }
    this.round = remaining;
    this.plan = [...remaining];
  }

  private decide(): void {
    const measured = Array.from({ length: this.count }, (_, c) => c).filter((c) => this.ratios[c]!.length > 0);
    for (let c = 0; c < this.count; c++) {
      this.state.relative[c] = this.ratios[c]!.length > 0 ? median(this.ratios[c]!) : NaN;
      this.state.perRow[c] = this.blocks[c]!.length > 0 ? median(this.blocks[c]!) : NaN;
    }
    const standing = measured.filter((c) => !this.state.dropped[c]);
    const rel = (c: number) => this.state.relative[c]!;
    const fastest = standing.reduce((a, b) => (rel(b) < rel(a) ? b : a));
    let kept: number;
    if (!this.checked) {
      // The simplest candidate within the margin of the fastest.
      kept = standing.find((c) => rel(c) <= rel(fastest) * (1 + this.settings.margin))!;
    } else {
      // A re-check moves only for a clear win over the kept candidate.
      const current = this.state.kept;
      kept = this.state.dropped[current] || rel(fastest) * (1 + this.settings.margin) < rel(current) ? fastest : current;
    }
    const changed = kept !== this.state.kept;
    if (changed) this.state.switches += 1;
    this.interval = !this.checked || changed ? this.settings.recheck : Math.min(this.interval * 2, this.settings.maxRecheck);
    this.state.kept = kept;
    this.state.trials += 1;
    this.checked = true;
    this.phase = "run";
    // With one candidate left there is nothing to re-check.
    this.left = this.activeCandidates().length < 2 ? Infinity : this.interval;
    this.plan = [];
  }
}
