/**
 * The tour's HTML report: every exhibit becomes a figure (SVG and PNG) or a table, in the article's
 * order. Figures come from the plot module; this file only decides which figure shows what.
 */
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { DataError } from "../errors.js";
import {
  figure1D,
  figureBasins,
  figureContour,
  figureLrSweep,
  figureOptimizerPaths,
  figureTraining,
  figureSharpness,
  figureValueVsStep,
  renderReport,
  writeFigure,
  type ReportFigure,
  type ReportSection,
  type ReportTable,
} from "../plot/index.node.js";
import { num, point } from "../util/format.js";
import { curvatureTable, sharpnessTable, iterateRows, pointHeader, trainingTable, type Exhibit, type TourFunction, type TourSection } from "./story.js";
import { writeFileAtomic } from "../util/atomic-write.node.js";

interface Output {
  figures: ReportFigure[];
  tables: ReportTable[];
}

function domain2(fn: TourFunction) {
  return { x: fn.domain[0]!, y: fn.domain[1]! };
}

function minimaMarks(fn: TourFunction) {
  return fn.minima.map((m) => ({ point: m.point, label: m.kind }));
}

/** Writes `name.svg` and `name.png` and returns the report's figure entry. */
function figure(dir: string, name: string, svg: string, caption: string): ReportFigure {
  writeFigure(join(dir, `${name}.svg`), svg);
  writeFigure(join(dir, `${name}.png`), svg);
  return { file: `${name}.svg`, caption };
}

function iterateTable(e: Extract<Exhibit, { kind: "iterates" }>): ReportTable {
  const run = e.run.run;
  const rows = iterateRows(run, e.rows).map((r) => (r === "…" ? ["…", "…", "…", "…"] : [r[0], point(r[1]), num(r[2]), num(r[3])]));
  return { columns: ["step", pointHeader(run), "f", "|∇f|"], rows: [...rows, [`${e.run.label}: ${run.status}`, run.reason, "", ""]] };
}

function exhibitOutput(dir: string, id: string, e: Exhibit, out: Output): void {
  const name = `${id}-${out.figures.length + 1}`;
  switch (e.kind) {
    case "iterates":
      out.tables.push(iterateTable(e));
      return;
    case "runs": {
      if (e.picture === "curve") {
        for (const r of e.runs) {
          const idx = out.figures.length + 1;
          out.figures.push(figure(dir, `${id}-${idx}`, figure1D((x) => e.fn.value([x]), r.run, { idPrefix: `${id}-${idx}` }), `${e.fn.name}: ${r.label} (${r.run.status}, ${r.run.steps} steps).`));
        }
      } else if (e.picture === "contour") {
        const svg = figureContour((x, y) => e.fn.value([x, y]), domain2(e.fn), e.runs.map((r) => r.run), minimaMarks(e.fn));
        out.figures.push(figure(dir, name, svg, `${e.fn.name}: trajectories from ${e.runs.length} starts; lighter is lower.`));
      } else {
        const runs = e.runs.map((r) => r.run);
        const minValue = e.fn.minima.length > 0 ? Math.min(...e.fn.minima.map((m) => m.value)) : undefined;
        out.figures.push(figure(dir, name, figureOptimizerPaths((x, y) => e.fn.value([x, y]), domain2(e.fn), runs, minimaMarks(e.fn)), `${e.fn.name}: optimizers from one start.`));
        out.figures.push(
          figure(dir, `${name}b`, figureValueVsStep(runs, { ...(minValue !== undefined ? { minValue } : {}), names: e.runs.map((r) => r.label) }), `${e.fn.name}: value per step (log axis).`),
        );
      }
      return;
    }
    case "sweep": {
      const svg = figureLrSweep({
        lrs: e.points.map((p) => p.lr),
        finals: e.points.map((p) => (p.status === "diverged" ? Infinity : p.finalValue)),
        ...(e.stabilityEdge !== undefined ? { stabilityEdge: e.stabilityEdge } : {}),
      });
      out.figures.push(figure(dir, name, svg, `${e.fn.name}: final value against the learning rate; past 2/L the runs diverge.`));
      return;
    }
    case "basins": {
      const svg = figureBasins({ xs: e.grid.xs, ys: e.grid.ys, labels: e.grid.labels, names: e.fn.minima.map((m) => `${m.kind} ${point(m.point, 3)}`), minima: minimaMarks(e.fn) });
      out.figures.push(figure(dir, name, svg, `${e.fn.name}: each start coloured by the minimum gradient descent reaches from it.`));
      return;
    }
    case "curvature": {
      const t = curvatureTable(e);
      out.tables.push({ columns: t.columns, rows: t.rows });
      return;
    }
    case "sharpness": {
      const history = { metric: "accuracy" as const, history: e.history };
      out.figures.push(figure(dir, name, figureSharpness(history, { idPrefix: name }), `${e.dataset}: sharpness (top Hessian eigenvalue of the training loss) against 2/η = ${num(2 / e.lr, 4)}.`));
      out.figures.push(figure(dir, `${name}b`, figureTraining([{ name: "full batch", history }], { idPrefix: `${name}b` }).loss, `${e.dataset}: the loss keeps falling, not monotonically.`));
      const t = sharpnessTable(e);
      out.tables.push({ columns: t.columns, rows: t.rows.map((r) => r.map((v) => num(v))) });
      return;
    }
    case "training": {
      const { loss, metric } = figureTraining(e.runs.map((r) => ({ name: r.label, history: r.history })));
      out.figures.push(figure(dir, name, loss, `${e.dataset}: loss per epoch (train dashed, test solid).`));
      out.figures.push(figure(dir, `${name}b`, metric, `${e.dataset}: ${e.runs[0]?.history.metric ?? "metric"} per epoch.`));
      const t = trainingTable(e);
      out.tables.push({ columns: t.columns, rows: t.rows.map(([label, batch, updates, loss, metric, seconds]) => [label, batch, updates, num(loss), num(metric), num(seconds, 3)]) });
      return;
    }
  }
}

/** A section made elsewhere (the optional momentum study), with its figure's SVG source. */
export interface ExtraSection {
  section: ReportSection;
  figures: { file: string; svg: string }[];
}

/** Writes every figure and `index.html` into `dir`; returns the index path. */
export async function writeTourReport(dir: string, sections: TourSection[], extra: ExtraSection[] = []): Promise<string> {
  try {
    mkdirSync(dir, { recursive: true });
  } catch (e) {
    throw new DataError(`cannot create the report folder ${dir}: ${(e as Error).message}`);
  }
  const reportSections: ReportSection[] = sections.map((s) => {
    const out: Output = { figures: [], tables: [] };
    for (const e of s.exhibits) exhibitOutput(dir, s.id, e, out);
    return { heading: s.heading, paragraphs: s.paragraphs, figures: out.figures, tables: out.tables };
  });
  for (const x of extra) {
    for (const f of x.figures) {
      writeFigure(join(dir, f.file), f.svg);
      writeFigure(join(dir, f.file.replace(/\.svg$/, ".png")), f.svg);
    }
    reportSections.push(x.section);
  }
  const html = renderReport({
    title: "descent tour: gradient descent, step by step",
    subtitle: "After “A simple guide to gradient descent in machine learning” (Kneusel, Math for Deep Learning, ch. 11). Made by `descent tour`.",
    sections: reportSections,
  });
  const index = join(dir, "index.html");
  writeFileAtomic(index, html);
  return index;
}
