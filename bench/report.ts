/**
 * Turns measurements into the headline table (with speed ratios and the issue's goals), the
 * scaling tables, the JSON lines of `--json`, and the BENCHMARKS.md text.
 */
import { SCALING_BATCHES, SCALING_SIZES, SCALING_WIDTHS } from "./plan.js";
import { median } from "./stats.js";

/** Median metrics per task id, then per implementation; `perRound`: each metric in round order (NaN where a round failed). */
export type Results = Map<string, Map<string, { metrics: Record<string, number>; rounds: number; error?: string; perRound?: Record<string, number[]> }>>;

export const PEER_ORDER = ["torch", "torch-env", "numpy", "numpy-env", "tfjs-cpu", "tfjs-wasm", "descent-1thread", "descent-threads", "descent-dp2", "descent-wasm", "fused-c"];

/** descent's pinned ways of using the cores (bench/impls.ts), against which its default is judged. */
export const DESCENT_WAYS = ["descent-1thread", "descent-threads", "descent-dp2"];

/** A peer's figure on the row's task, and descent's figure on another task of the same run. */
type PeerOf = (impl: string) => number | undefined;
type TaskOf = (id: string, metric: string) => number | undefined;

interface Goal {
  text: string;
  /** True when met, false when missed, undefined when it cannot be judged (peer missing). */
  met(descent: number, peer: PeerOf, task: TaskOf): boolean | undefined;
  /** What the verdict should be read against, measured in the same run (W3: the machine's limit). */
  context?(peer: PeerOf, task: TaskOf, descent: number | undefined, rounds: RoundsOf): string | undefined;
}

/** An implementation's figures on the row's task and metric, round by round (undefined: not kept). */
type RoundsOf = (impl: string) => number[] | undefined;

interface Row {
  id: string;
  metric: string;
  label: string;
  higherIsBetter: boolean;
  goal?: Goal;
  /** The peers' task when it differs (the parsed-expression W1 is compared with the peers' W1). */
  peerId?: string;
  /** Only these peers' cells are filled (default: all). */
  peers?: string[];
}

/** At least `factor` times descent's figure on another task of the same run (higher is better). */
function vsTask(id: string, metric: string, factor: number, name: string): Goal {
  return {
    text: `≥ ${factor}× ${name}`,
    met: (d, _peer, task) => {
      const other = task(id, metric);
      return other === undefined ? undefined : d >= factor * other;
    },
    context: (_peer, task, d) => {
      const other = task(id, metric);
      return other === undefined || d === undefined ? undefined : `${fmt(d / other)}× ${name}`;
    },
  };
}

/** Within 0.01 of descent's figure on another task (accuracies). */
function sameAs(id: string, metric: string, name: string): Goal {
  return {
    text: `same as ${name} (±0.01)`,
    met: (d, _peer, task) => {
      const other = task(id, metric);
      return other === undefined ? undefined : Math.abs(d - other) <= 0.01;
    },
    context: (_peer, task) => (task(id, metric) === undefined ? undefined : `${name}: ${fmt(task(id, metric))}`),
  };
}

/** The best of descent's pinned ways on this task, by name and figure. */
export function bestWay(): Goal {
  const best = (peer: PeerOf) => {
    let top: [string, number] | undefined;
    for (const w of DESCENT_WAYS) {
      const v = peer(w);
      if (v !== undefined && (top === undefined || v > top[1])) top = [w, v];
    }
    return top;
  };
  return {
    text: "≥ the best pinned way",
    met: (d, peer) => {
      const b = best(peer);
      return b === undefined ? undefined : d >= b[1];
    },
    context: (peer, _task, d, rounds) => {
      const b = best(peer);
      if (b === undefined || d === undefined) return undefined;
      // The same ratio round by round (÷ the best way's run of that round, not ÷ the best run of
      // the round, which noise biases upwards): its spread is the noise to read it against.
      const ours = rounds("descent");
      const way = rounds(b[0]);
      const per = ours?.map((v, i) => v / (way?.[i] ?? NaN)).filter((x) => Number.isFinite(x)) ?? [];
      const spread = per.length > 1 ? `; per round ${fmt(median(per))} [${fmt(Math.min(...per))}–${fmt(Math.max(...per))}] over ${per.length}` : "";
      return `best: ${b[0]}, default ÷ best = ${fmt(d / b[1])}${spread}`;
    },
  };
}

const vsPeer = (impl: string, factor: number, higher: boolean): Goal["met"] => (d, peer) => {
  const p = peer(impl);
  if (p === undefined || !Number.isFinite(d)) return undefined;
  return higher ? d >= factor * p : d <= factor * p;
};

export const HEADLINE_ROWS: Row[] = [
  { id: "W1", metric: "steps_per_s", label: "W1 Rosenbrock Adam, autodiff (steps/s)", higherIsBetter: true, goal: { text: "≥ 10× torch", met: vsPeer("torch", 10, true) } },
  { id: "W1-expr", metric: "steps_per_s", label: "W1 parsed expression (steps/s)", higherIsBetter: true, peerId: "W1", goal: { text: "≥ 100× torch", met: vsPeer("torch", 100, true) } },
  { id: "W2", metric: "samples_per_s", label: "W2 MLP 784-256-10 epoch (samples/s)", higherIsBetter: true, goal: { text: "≥ torch 1 thread", met: vsPeer("torch", 1, true) } },
  { id: "W2", metric: "test_acc", label: "W2 test accuracy", higherIsBetter: true, goal: { text: "same as torch (±0.01)", met: (d, p) => (p("torch") === undefined ? undefined : Math.abs(d - p("torch")!) <= 0.01) } },
  {
    id: "W3", metric: "ms_per_step", label: "W3 Adam step, 10⁷ float32 (ms)", higherIsBetter: false,
    goal: {
      text: "≤ 8 ms", met: (d) => d <= 8,
      // The issue set 8 ms as half the bandwidth limit of a machine twice as fast; this one's own
      // fused C loop may itself take longer than 8 ms, which the verdict should say.
      context: (peer) => (peer("fused-c") === undefined ? undefined : `the fused C loop takes ${fmt(peer("fused-c"))} ms here`),
    },
  },
  // The goal's own definition of 8 ms, "half the memory-bandwidth limit", read on this machine: at
  // least half the GB/s of a plain fused C loop (bench/peers/adam_fused.c) in the same run.
  { id: "W3", metric: "gb_per_s", label: "W3 bandwidth at 28 B/element (GB/s)", higherIsBetter: true, goal: { text: "≥ ½ fused C (half the bandwidth limit)", met: vsPeer("fused-c", 0.5, true) } },
  { id: "W4", metric: "ms_per_1000_epochs", label: "W4 logistic regression (ms / 1000 epochs)", higherIsBetter: false, goal: { text: "≤ numpy", met: vsPeer("numpy", 1, false) } },
  { id: "W4", metric: "train_acc", label: "W4 training accuracy", higherIsBetter: true, goal: { text: "0.9877", met: (d) => Math.abs(d - 0.98769771529) < 1e-4 } },
  { id: "W1-jit", metric: "steps_per_s", label: "W1 through tensors and the compiled step (steps/s)", higherIsBetter: true, peerId: "W1", goal: vsTask("W1-expr", "steps_per_s", 0.5, "parsed-expression W1") },
  { id: "W2-1024", metric: "samples_per_s", label: "W2 at batch 1024 (samples/s)", higherIsBetter: true, goal: { text: "≥ torch 1 thread", met: vsPeer("torch", 1, true) } },
  { id: "W2", metric: "samples_per_s", label: "W2 default against descent's own ways, batch 128", higherIsBetter: true, peers: DESCENT_WAYS, goal: bestWay() },
  { id: "W2-1024", metric: "samples_per_s", label: "W2 default against descent's own ways, batch 1024", higherIsBetter: true, peers: DESCENT_WAYS, goal: bestWay() },
  { id: "W5", metric: "samples_per_s", label: "W5 your own loop, W2's MLP (samples/s)", higherIsBetter: true, peers: [], goal: vsTask("W2", "samples_per_s", 0.9, "W2") },
  { id: "W5", metric: "test_acc", label: "W5 test accuracy", higherIsBetter: true, peers: [], goal: sameAs("W2", "test_acc", "W2") },
  { id: "W6", metric: "samples_per_s", label: "W6 custom loss (label smoothing) through train() (samples/s)", higherIsBetter: true, peers: [], goal: vsTask("W2", "samples_per_s", 0.9, "W2") },
  { id: "W6", metric: "test_acc", label: "W6 test accuracy", higherIsBetter: true, peers: [], goal: sameAs("W2", "test_acc", "W2") },
  { id: "playground", metric: "frame_ms", label: "Playground frame: 5 optimizers × 500 steps (ms)", higherIsBetter: false, goal: { text: "< 16 ms", met: (d) => d < 16 } },
  { id: "playground", metric: "basin_map_ms", label: "Basin map 100 × 100 × 200 steps (ms)", higherIsBetter: false, goal: { text: "< 1000 ms", met: (d) => d < 1000 } },
];

/** A number for a table: thousands separators for big ones, 3 significant digits for small. */
export function fmt(v: number | undefined): string {
  if (v === undefined || !Number.isFinite(v)) return "–";
  const a = Math.abs(v);
  if (a >= 1000) return Math.round(v).toLocaleString("en-US");
  if (a >= 100) return v.toFixed(0);
  if (a >= 1) return v.toPrecision(3);
  return v.toPrecision(3);
}

function metricOf(results: Results, id: string, impl: string, metric: string): number | undefined {
  const v = results.get(id)?.get(impl)?.metrics[metric];
  return v === undefined || !Number.isFinite(v) ? undefined : v;
}

/** How many times faster descent is than the peer (>1: descent faster). */
export function speedRatio(descent: number, peer: number, higherIsBetter: boolean): number {
  return higherIsBetter ? descent / peer : peer / descent;
}

function isAccuracy(metric: string): boolean {
  return metric.endsWith("_acc");
}

function peerCell(row: Row, d: number | undefined, p: number | undefined): string {
  if (p === undefined) return "–";
  if (d === undefined || isAccuracy(row.metric)) return fmt(p);
  return `${fmt(p)} (${fmt(speedRatio(d, p, row.higherIsBetter))}×)`;
}

function markdownTable(header: string[], rows: string[][]): string {
  const line = (cells: string[]) => `| ${cells.join(" | ")} |`;
  return [line(header), line(header.map((_, i) => (i === 0 ? "---" : "---:"))), ...rows.map(line)].join("\n");
}

/** Peers that produced at least one number. */
export function peersPresent(results: Results): string[] {
  return PEER_ORDER.filter((p) => [...results.values()].some((m) => m.has(p) && Object.keys(m.get(p)!.metrics).length > 0));
}

/** The headline table: descent's figure, each peer's figure with descent's speed ratio over it, the goal. */
export function headlineTable(results: Results): string {
  const peers = peersPresent(results);
  const rows: string[][] = [];
  const task: TaskOf = (id, metric) => metricOf(results, id, "descent", metric);
  for (const row of HEADLINE_ROWS) {
    if (!results.has(row.id)) continue;
    const d = metricOf(results, row.id, "descent", row.metric);
    const peer = (impl: string) => metricOf(results, row.peerId ?? row.id, impl, row.metric);
    const met = row.goal && d !== undefined ? row.goal.met(d, peer, task) : undefined;
    const rounds = (impl: string) => results.get(row.peerId ?? row.id)?.get(impl)?.perRound?.[row.metric];
    const context = row.goal?.context?.(peer, task, d, rounds);
    const verdict = row.goal === undefined ? "" : `${row.goal.text}: ${met === undefined ? "n/a" : met ? "**met**" : "**missed**"}${context ? ` (${context})` : ""}`;
    const shown = (p: string) => (row.peers === undefined || row.peers.includes(p) ? peer(p) : undefined);
    rows.push([row.label, fmt(d), ...peers.map((p) => peerCell(row, d, shown(p))), verdict]);
  }
  return markdownTable(["workload", "descent", ...peers, "goal"], rows);
}

/** The ratios each JSON line carries: descent against the run's other figures the goals use. */
export function ratiosOf(results: Results, id: string): Record<string, number> {
  const out: Record<string, number> = {};
  const task: TaskOf = (tid, metric) => metricOf(results, tid, "descent", metric);
  for (const row of HEADLINE_ROWS) {
    if (row.id !== id || !row.higherIsBetter || isAccuracy(row.metric)) continue;
    const d = metricOf(results, id, "descent", row.metric);
    if (d === undefined) continue;
    const peer = (impl: string) => metricOf(results, row.peerId ?? id, impl, row.metric);
    if (row.goal?.text.includes("W2")) {
      const w2 = task("W2", "samples_per_s");
      if (w2 !== undefined) out.vs_W2 = d / w2;
    }
    if (row.id === "W1-jit") {
      const expr = task("W1-expr", "steps_per_s");
      if (expr !== undefined) out.vs_W1_expr = d / expr;
    }
    if (row.peers === DESCENT_WAYS) {
      for (const w of DESCENT_WAYS) {
        const v = peer(w);
        if (v !== undefined) out[`vs_${w}`] = d / v;
      }
    }
    const torch = peer("torch");
    if (torch !== undefined && row.peers === undefined) out.vs_torch = d / torch;
  }
  return out;
}

function scalingTable(results: Results, ids: string[], labels: string[], first: string, cell: (m: Record<string, number>, row: number) => string): string {
  const impls = ["descent", ...peersPresent(results)].filter((impl) => ids.some((id) => results.get(id)?.has(impl)));
  const rows = ids.map((id, i) => [labels[i]!, ...impls.map((impl) => {
    const r = results.get(id)?.get(impl);
    if (r?.error !== undefined) return "failed";
    return r === undefined || Object.keys(r.metrics).length === 0 ? "–" : cell(r.metrics, i);
  })]);
  return markdownTable([first, ...impls], rows);
}

/** FLOPs of one MLP training batch: forward 2·m·(784h + 10h), backward twice that. */
function mlpGflops(m: Record<string, number>, hidden: number, batch: number): number {
  const flops = 6 * batch * (784 * hidden + hidden * 10);
  return flops / (m.ms_per_batch! * 1e6);
}

/** The three scaling tables as markdown (empty when scaling did not run). */
export function scalingTables(results: Results): string {
  if (!results.has("W2-h64")) return "";
  const widths = scalingTable(results, SCALING_WIDTHS.map((h) => `W2-h${h}`), SCALING_WIDTHS.map(String), "hidden (batch 128)",
    (m) => `${fmt(m.samples_per_s)}/s · ${fmt(m.ms_per_batch)} ms`);
  const widthsFlops = scalingTable(results, SCALING_WIDTHS.map((h) => `W2-h${h}`), SCALING_WIDTHS.map(String), "hidden (batch 128)",
    (m, i) => fmt(mlpGflops(m, SCALING_WIDTHS[i]!, 128)));
  const batches = scalingTable(results, SCALING_BATCHES.map((b) => `W2-b${b}`), SCALING_BATCHES.map(String), "batch (hidden 256)",
    (m) => `${fmt(m.samples_per_s)}/s · ${fmt(m.ms_per_batch)} ms`);
  const sizes = scalingTable(results, SCALING_SIZES.map((n) => `W3-n${n}`), SCALING_SIZES.map((n) => `10^${Math.round(Math.log10(n))}`), "elements",
    (m) => `${fmt(m.ms_per_step)} ms · ${fmt(m.gb_per_s)} GB/s`);
  return [
    "#### W2 against hidden width (samples/s · ms per batch)", widths,
    "#### W2 against hidden width (GFLOP/s: 6·batch·(784h + 10h) per batch)", widthsFlops,
    "#### W2 against batch size (samples/s · ms per batch)", batches,
    "#### W3 against parameter size (ms per Adam step · GB/s at 28 B/element)", sizes,
  ].join("\n\n");
}

/** One line per implementation that failed a task, with its message. */
export function failures(results: Results): string[] {
  const out: string[] = [];
  for (const [id, byImpl] of results) {
    for (const [impl, r] of byImpl) if (r.error !== undefined) out.push(`${id}, ${impl}: ${r.error}`);
  }
  return out;
}

/** The `--json` lines: descent's metrics at top level, the peers' under `peers`. */
export function jsonLines(results: Results): string[] {
  const lines: string[] = [];
  for (const [id, byImpl] of results) {
    const d = byImpl.get("descent");
    const peers: Record<string, Record<string, number>> = {};
    for (const [impl, r] of byImpl) if (impl !== "descent" && Object.keys(r.metrics).length > 0) peers[impl] = r.metrics;
    const ratios = ratiosOf(results, id);
    lines.push(JSON.stringify({
      workload: id, ...(d?.metrics ?? {}), ...(d?.error ? { error: d.error } : {}), rounds: d?.rounds ?? 0,
      ...(Object.keys(ratios).length > 0 ? { ratios } : {}), peers,
    }));
  }
  return lines;
}
