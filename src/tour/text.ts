/** The tour in the terminal: headings, short explanations and tables of the computed runs. */
import { num, point, table } from "../util/format.js";
import { curvatureTable, sharpnessTable, iterateRows, pointHeader, trainingTable, type Exhibit, type TourSection } from "./story.js";

export function wrap(text: string, width = 88): string {
  const out: string[] = [];
  let line = "";
  for (const word of text.split(/\s+/)) {
    if (line !== "" && line.length + 1 + word.length > width) {
      out.push(line);
      line = word;
    } else line = line === "" ? word : `${line} ${word}`;
  }
  if (line !== "") out.push(line);
  return out.join("\n");
}

function exhibitText(e: Exhibit): string {
  switch (e.kind) {
    case "iterates": {
      const { run, label } = e.run;
      const rows = iterateRows(run, e.rows).map((r) => (r === "…" ? ["…", "…", "…", "…"] : [r[0], point(r[1]), r[2], r[3]]));
      return `${label}\n${table(["step", pointHeader(run), "f", "|∇f|"], rows)}→ ${run.status}: ${run.reason}\n`;
    }
    case "runs":
      return table(
        ["run", "status", "steps", "end point", "f"],
        e.runs.map((r) => [r.label, r.run.status, r.run.steps, point(r.run.point, 5), r.run.value]),
      );
    case "sweep": {
      const firstBad = e.points.find((p) => p.status === "diverged");
      const edge = e.stabilityEdge !== undefined ? ` (theory: 2/L = ${num(e.stabilityEdge, 4)})` : "";
      return `learning-rate sweep over ${e.points.length} values of η from ${num(e.points[0]!.lr)} to ${num(e.points[e.points.length - 1]!.lr)}: ` +
        (firstBad ? `the first to diverge is η = ${num(firstBad.lr, 4)}${edge}\n` : `none diverged${edge}\n`);
    }
    case "curvature": {
      const t = curvatureTable(e);
      return table(t.columns, t.rows);
    }
    case "sharpness": {
      const t = sharpnessTable(e);
      return `${e.dataset}, full-batch gradient descent, η = ${e.lr}\n` + table(t.columns, t.rows);
    }
    case "training": {
      const t = trainingTable(e);
      return `${e.dataset}: ${e.runs[0]?.history.history.length ?? 0} epochs each\n` + table(t.columns, t.rows);
    }
    case "basins": {
      const counts = e.grid.minima.map((_, i) => e.grid.labels.filter((l) => l === i).length);
      const total = e.grid.labels.length;
      const lines = e.grid.minima.map((m, i) => `  ${point(m, 4)}: ${((100 * counts[i]!) / total).toFixed(1)} % of starts`);
      const none = e.grid.labels.filter((l) => l < 0).length;
      return `basins of attraction on a ${e.grid.xs.length}×${e.grid.ys.length} grid of starts:\n${lines.join("\n")}${none > 0 ? `\n  neither: ${((100 * none) / total).toFixed(1)} %` : ""}\n`;
    }
  }
}

export function sectionText(s: TourSection, index: number): string {
  const title = `${index + 1}. ${s.heading}`;
  const paras = s.paragraphs.map((p) => wrap(p)).join("\n\n");
  const body = s.exhibits.map(exhibitText).join("\n");
  return `${title}\n${"═".repeat(title.length)}\n${paras}\n\n${body}\n`;
}
