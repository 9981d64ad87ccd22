/**
 * Keyboard use of a contour map: the figure takes focus (with the page's focus ring), the arrow
 * keys move a cursor over the map (Shift for bigger steps, Home to the centre), the readout says
 * the point, f and ∇f there, and Enter or Space does what a click does at that point.
 */
import { domainOf } from "../compute/paths.js";
import type { Problem } from "../compute/problem.js";
import { frameOf, toPixels } from "../ui/figure.js";
import { h } from "../ui/dom.js";
import { pointText } from "./hover.js";

/** Cursor steps across the map: 40 per width, or 8 with Shift. */
const FINE = 40;
const COARSE = 8;

export interface MapKeyboard {
  /** Draws the cursor on the freshly mounted chart (call after every redraw of the figure). */
  redraw(): void;
  /** The instructions, for the page (the figure's accessible description points to them). */
  help: HTMLElement;
}

export interface MapKeyboardOptions {
  idPrefix: string;
  problem(): Problem | null;
  /** Where the cursor starts when the map first gets focus (e.g. the last start), else the centre. */
  initial(): readonly number[] | null;
  /** What Enter does at the cursor, e.g. add a start there. */
  pick(point: [number, number]): void;
  /** Words for Enter in the help line, e.g. "adds a start there". */
  action: string;
}

export function mapKeyboard(figure: HTMLElement, readout: HTMLElement, opts: MapKeyboardOptions): MapKeyboard {
  const help = h("p", { class: "hint map-help", id: `${opts.idPrefix}-map-help` }, [
    `Keyboard: focus the map (Tab), move the cursor with the arrow keys (Shift for bigger steps, Home for the centre); Enter ${opts.action}.`,
  ]);
  figure.tabIndex = 0;
  figure.setAttribute("role", "application");
  figure.setAttribute("aria-roledescription", "contour map");
  figure.setAttribute("aria-label", `Contour map: arrow keys move a cursor, Enter ${opts.action}`);
  figure.setAttribute("aria-describedby", [help.id, readout.id].join(" "));
  let cursor: [number, number] | null = null;
  // Mounted charts are replaced on every draw: the cursor is an overlay put back each time.
  const redraw = () => {
    const svg = figure.querySelector("svg");
    const problem = opts.problem();
    svg?.querySelector(".map-cursor")?.remove();
    if (!svg || !problem || !cursor || document.activeElement !== figure) return;
    const d = domainOf(problem);
    const [x, y] = toPixels(frameOf(svg), d.x, d.y)(cursor[0], cursor[1]);
    const ns = "http://www.w3.org/2000/svg";
    const g = document.createElementNS(ns, "g");
    g.setAttribute("class", "map-cursor");
    g.setAttribute("data-testid", `${opts.idPrefix}-cursor`);
    g.setAttribute("data-x", String(cursor[0]));
    g.setAttribute("data-y", String(cursor[1]));
    for (const [stroke, width] of [["#ffffff", 5], ["#000000", 2]] as const) {
      for (const [x1, y1, x2, y2] of [[x - 12, y, x - 4, y], [x + 4, y, x + 12, y], [x, y - 12, x, y - 4], [x, y + 4, x, y + 12]]) {
        const line = document.createElementNS(ns, "line");
        for (const [k, v] of [["x1", x1], ["y1", y1], ["x2", x2], ["y2", y2]] as const) line.setAttribute(k, v.toFixed(1));
        line.setAttribute("stroke", stroke);
        line.setAttribute("stroke-width", String(width));
        line.setAttribute("stroke-linecap", "round");
        g.append(line);
      }
    }
    svg.append(g);
  };
  const say = () => {
    const problem = opts.problem();
    if (problem && cursor) readout.textContent = pointText(problem, cursor);
  };
  const centre = (problem: Problem): [number, number] => {
    const d = domainOf(problem);
    return [round((d.x[0] + d.x[1]) / 2), round((d.y[0] + d.y[1]) / 2)];
  };
  figure.addEventListener("focus", () => {
    const problem = opts.problem();
    if (!problem) return;
    if (!cursor) {
      const p = opts.initial();
      cursor = p && p.length === 2 ? [p[0]!, p[1]!] : centre(problem);
    }
    redraw();
    say();
  });
  figure.addEventListener("blur", () => figure.querySelector(".map-cursor")?.remove());
  figure.addEventListener("keydown", (event) => {
    const problem = opts.problem();
    if (!problem || event.altKey || event.ctrlKey || event.metaKey) return;
    const d = domainOf(problem);
    const n = event.shiftKey ? COARSE : FINE;
    const dx = (d.x[1] - d.x[0]) / n;
    const dy = (d.y[1] - d.y[0]) / n;
    const [x, y] = cursor ?? centre(problem);
    const clamp = (v: number, [lo, hi]: readonly [number, number]) => round(Math.min(hi, Math.max(lo, v)));
    const moves: Record<string, [number, number]> = { ArrowLeft: [x - dx, y], ArrowRight: [x + dx, y], ArrowUp: [x, y + dy], ArrowDown: [x, y - dy] };
    if (event.key in moves) {
      const [nx, ny] = moves[event.key]!;
      cursor = [clamp(nx, d.x), clamp(ny, d.y)];
    } else if (event.key === "Home") {
      cursor = centre(problem);
    } else if (event.key === "Enter" || event.key === " ") {
      cursor = [x, y];
      opts.pick([x, y]);
    } else return;
    event.preventDefault();
    redraw();
    say();
  });
  return { redraw, help };
}

/** Three significant digits, as a click gives. */
function round(v: number): number {
  return Number(v.toPrecision(3)) + 0; // + 0 turns −0 into 0
}
