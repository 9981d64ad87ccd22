/** A self-contained HTML report: sections of prose, figures (by relative file name) and tables. */

export interface ReportFigure {
  /** File name relative to the report (e.g. "contour.svg"). */
  file: string;
  caption: string;
}

export interface ReportTable {
  columns: readonly string[];
  rows: readonly (readonly (string | number)[])[];
}

export interface ReportSection {
  heading: string;
  paragraphs: readonly string[];
  figures?: readonly ReportFigure[];
  tables?: readonly ReportTable[];
}

export interface Report {
  title: string;
  /** One line under the title (e.g. the command that produced the report). */
  subtitle?: string;
  sections: readonly ReportSection[];
}

/** Escape for HTML text and double-quoted attributes. */
export function escapeHtml(s: string): string {
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&#39;");
}

/** A relative file name as an href: each path segment percent-encoded, so spaces and "#" survive. */
export function fileHref(file: string): string {
  return file.split("/").map(encodeURIComponent).join("/");
}

const STYLE = `
body { font-family: Inter, "DejaVu Sans", Arial, sans-serif; color: #222; max-width: 860px; margin: 2rem auto; padding: 0 1rem; line-height: 1.55; }
h1 { font-size: 1.8rem; margin-bottom: 0.2rem; }
.subtitle { color: #555; margin-top: 0; }
h2 { font-size: 1.3rem; margin-top: 2.2rem; border-bottom: 1px solid #ddd; padding-bottom: 0.2rem; }
figure { margin: 1.2rem 0; }
figure img { max-width: 100%; height: auto; border: 1px solid #eee; }
figcaption { color: #444; font-size: 0.92rem; margin-top: 0.3rem; }
table { border-collapse: collapse; margin: 1rem 0; font-size: 0.92rem; }
th, td { border: 1px solid #ddd; padding: 0.3rem 0.6rem; text-align: left; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
th { background: #f4f6f8; }
nav ol { padding-left: 1.2rem; }
`;

function renderTable(t: ReportTable): string {
  const head = `<tr>${t.columns.map((c) => `<th>${escapeHtml(c)}</th>`).join("")}</tr>`;
  const body = t.rows
    .map((r) => `<tr>${r.map((v) => (typeof v === "number" ? `<td class="num">${escapeHtml(String(v))}</td>` : `<td>${escapeHtml(v)}</td>`)).join("")}</tr>`)
    .join("\n");
  return `<table>\n<thead>${head}</thead>\n<tbody>\n${body}\n</tbody>\n</table>`;
}

/** The report as one HTML page; sections appear in the order given, with a table of contents. */
export function renderReport(report: Report): string {
  const toc = report.sections.map((s, i) => `<li><a href="#s${i + 1}">${escapeHtml(s.heading)}</a></li>`).join("\n");
  let figureNumber = 0;
  const sections = report.sections.map((s, i) => {
    const parts = [`<h2 id="s${i + 1}">${escapeHtml(s.heading)}</h2>`];
    for (const p of s.paragraphs) parts.push(`<p>${escapeHtml(p)}</p>`);
    for (const t of s.tables ?? []) parts.push(renderTable(t));
    for (const f of s.figures ?? []) {
      figureNumber++;
      parts.push(
        `<figure><img src="${escapeHtml(fileHref(f.file))}" alt="${escapeHtml(f.caption)}">` +
          `<figcaption>Figure ${figureNumber}. ${escapeHtml(f.caption)}</figcaption></figure>`,
      );
    }
    return `<section>\n${parts.join("\n")}\n</section>`;
  });
  return [
    "<!DOCTYPE html>",
    '<html lang="en">',
    "<head>",
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(report.title)}</title>`,
    `<style>${STYLE}</style>`,
    "</head>",
    "<body>",
    `<h1>${escapeHtml(report.title)}</h1>`,
    report.subtitle ? `<p class="subtitle">${escapeHtml(report.subtitle)}</p>` : "",
    `<nav><ol>\n${toc}\n</ol></nav>`,
    ...sections,
    "</body>",
    "</html>",
    "",
  ].join("\n");
}
