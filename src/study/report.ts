/** A study's result as text, as the `--json` object, and as a figure of the metric per configuration. */
import { histogram, stripPlot } from "../plot/index.js";
import type { StudyResult } from "./study.js";

const METRIC_NAMES = { mcc: "MCC", accuracy: "accuracy", loss: "test loss", r2: "R²" } as const;

/** Fixed-point with enough digits for the spread to show (metric values near 1 need 5). */
function fixed(v: number, digits = 5): string {
  return Number.isFinite(v) ? v.toFixed(digits) : String(v);
}

function pValue(p: number): string {
  if (!Number.isFinite(p)) return String(p);
  return p < 1e-4 ? p.toExponential(2) : p.toPrecision(3);
}

function pad(rows: string[][]): string {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  return rows.map((r) => r.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join("  ").trimEnd()).join("\n") + "\n";
}

/** A dataset's name for reports: a path's last part, so figures and notes carry no folder of this machine. */
function dataName(data: string): string {
  return data.split(/[\\/]/).filter((part) => part !== "").at(-1) ?? data;
}

/** What the study ran, one line. */
export function describeSetup(result: StudyResult): string {
  const s = result.setup;
  const budget = s.budget.kind === "epochs" ? `${s.budget.epochs} epochs` : `${s.budget.minibatches} minibatches`;
  const preset = s.preset ? `preset ${s.preset}: ` : "";
  return `${preset}${s.model} on ${dataName(s.data)}, ${budget} of ${s.batchSize}, seeds 1…${s.repeats} per configuration (${result.execution}, ${result.seconds.toFixed(1)} s)`;
}

/** The human-readable report: per-configuration table, pairwise tests, and the verdicts. */
export function studyText(result: StudyResult): string {
  const metric = METRIC_NAMES[result.metric];
  const head = [["optimizer", "runs", `mean ${metric} ± se`, "sd", "min", "max"]];
  const rows = result.configs.map((c) => [
    c.optimizer,
    String(c.values.length - c.diverged) + (c.diverged > 0 ? ` (+${c.diverged} diverged)` : ""),
    `${fixed(c.mean)} ± ${fixed(c.se)}`,
    fixed(c.sd),
    fixed(c.min),
    fixed(c.max),
  ]);
  let out = `${describeSetup(result)}\n${result.interrupted ? "interrupted: only seeds every configuration finished are counted\n" : ""}\n`;
  out += pad([...head, ...rows]);
  if (result.pairs.length === 0) return out;
  const pairHead = [["a vs b", "Welch t", "p", "Mann–Whitney U", "p", "Cohen's d"]];
  const pairRows = result.pairs.map((p) => [`${p.a}  vs  ${p.b}`, p.t.toFixed(3), pValue(p.p_t), String(p.u), pValue(p.p_u), p.d.toFixed(3)]);
  out += "\n" + pad([...pairHead, ...pairRows]) + "\n";
  for (const p of result.pairs) {
    const agree = (p.p_t < 0.05) === (p.p_u < 0.05) ? "" : ` (Mann–Whitney ${p.p_u < 0.05 ? "does" : "does not"} find a difference at 0.05)`;
    out += p.better === null
      ? `${p.a} vs ${p.b}: no difference at the 0.05 level (Welch p = ${pValue(p.p_t)})${agree}\n`
      : `${p.better} is better than ${p.better === p.a ? p.b : p.a} at the 0.05 level (Welch p = ${pValue(p.p_t)}, d = ${Math.abs(p.d).toFixed(2)})${agree}\n`;
  }
  return out;
}

/** `--json`: {metric, configs: [{optimizer, values, mean, se, sd, min, max}], pairs: [{a, b, t, p_t, u, p_u, d}]} plus the verdict and settings. */
export function studyJson(result: StudyResult): object {
  return {
    metric: result.metric,
    configs: result.configs.map((c) => ({ optimizer: c.optimizer, values: c.values, mean: c.mean, se: c.se, sd: c.sd, min: c.min, max: c.max, diverged: c.diverged })),
    pairs: result.pairs.map((p) => ({ a: p.a, b: p.b, t: p.t, p_t: p.p_t, u: p.u, p_u: p.p_u, d: p.d, better: p.better })),
    settings: { ...result.setup },
    interrupted: result.interrupted,
    seconds: result.seconds,
  };
}

/** The metric of every run per configuration: a strip plot for few runs, overlaid histograms from 15 runs on. */
export function studyFigure(result: StudyResult, options: { idPrefix?: string } = {}): string {
  const groups = result.configs.map((c) => ({ name: c.optimizer, values: c.values }));
  const metric = METRIC_NAMES[result.metric];
  const runs = Math.max(...result.configs.map((c) => c.values.length));
  const common = {
    groups,
    title: `${metric} over ${runs} seeded runs per configuration`,
    subtitle: describeSetup(result).replace(/ \(.*\)$/, ""),
    xLabel: metric,
    ...options,
  };
  return runs >= 15 ? histogram({ ...common, yLabel: "runs", bins: Math.min(20, Math.ceil(runs / 2)) }) : stripPlot(common);
}
