/**
 * Keyboard use of a chart: the figure takes focus (with the page's focus ring), the arrow keys
 * move a cursor over it (Shift for bigger steps, Home to the centre), the readout says the point
 * and what the function does there, and Enter or Space does what a click does at that point.
 * A contour map's cursor moves in x and y (`mapKeyboard`); a function plot's moves along x and is
 * drawn as a vertical line (`curveKeyboard`).
 */
import { domainOf } from "../compute/paths.js";
import type { Problem } from "../compute/problem.js";
import { frameOf, toPixels } from "../ui/figure.js";
import { h } from "../ui/dom.js";
import { formatNumber as fmt } from "../ui/format.js";
import { pointText } from "./hover.js";

/** Cursor steps across the chart: 40 per width, or 8 with Shift. */
const FINE = 40;
const COARSE = 8;

export interface MapKeyboard {
  /** Draws the cursor on the freshly mounted chart (call after every redraw of the figure). */
  redraw(): void;
  /** The instructions, for the page (the figure's accessible description points to them). */
  help: HTMLElement;
}

type Interval = readonly [number, number];

/** What a chart gives its keyboard cursor: a point is [x] on a plot, [x, y] on a map. */
interface CursorSpace {
  idPrefix: string;
  /** The x interval the chart shows, and the y interval for a map (null while nothing is drawn). */
  domain(): { x: Interval; y?: Interval } | null;
  /** Where the cursor starts when the chart first gets focus, else the centre. */
  initial(): readonly number[] | null;
  /** What Enter does at the cursor. */
  pick(point: number[]): void;
  /** The readout's text at the cursor. */
  describe(point: readonly number[]): string;
  /** The help line, the accessible name and role description. */
  help: string;
  label: string;
  role: string;
}

function chartKeyboard(figure: HTMLElement, readout: HTMLElement, space: CursorSpace): MapKeyboard {
  const help = h("p", { class: "hint map-help", id: `${space.idPrefix}-map-help` }, [space.help]);
  figure.tabIndex = 0;
  figure.setAttribute("role", "application");
  figure.setAttribute("aria-roledescription", space.role);
  figure.setAttribute("aria-label", space.label);
  figure.setAttribute("aria-describedby", [help.id, readout.id].join(" "));
  let cursor: number[] | null = null;
  // Mounted charts are replaced on every draw: the cursor is an overlay put back each time.
  const redraw = () => {
    const svg = figure.querySelector("svg");
    const d = space.domain();
    svg?.querySelector(".map-cursor")?.remove();
    if (!svg || !d || !cursor || document.activeElement !== figure) return;
    const frame = frameOf(svg);
    const [x, y] = toPixels(frame, d.x, d.y ?? [0, 1])(cursor[0]!, cursor[1] ?? 0);
    const ns = "http://www.w3.org/2000/svg";
    const g = document.createElementNS(ns, "g");
    g.setAttribute("class", "map-cursor");
    g.setAttribute("data-testid", `${space.idPrefix}-cursor`);
    g.setAttribute("data-x", String(cursor[0]));
    if (cursor.length > 1) g.setAttribute("data-y", String(cursor[1]));
    // A crosshair on a map; on a plot, a line through the frame at x.
    const strokes = d.y
      ? [[x - 12, y, x - 4, y], [x + 4, y, x + 12, y], [x, y - 12, x, y - 4], [x, y + 4, x, y + 12]]
      : [[x, frame.top, x, frame.top + frame.height]];
    for (const [stroke, width] of [["#ffffff", 5], ["#000000", 2]] as const) {
      for (const [x1, y1, x2, y2] of strokes) {
        const line = document.createElementNS(ns, "line");
        for (const [k, v] of [["x1", x1!], ["y1", y1!], ["x2", x2!], ["y2", y2!]] as const) line.setAttribute(k, v.toFixed(1));
        line.setAttribute("stroke", stroke);
        line.setAttribute("stroke-width", String(width));
        line.setAttribute("stroke-linecap", "round");
        g.append(line);
      }
    }
    svg.append(g);
  };
  const say = () => {
    if (cursor && space.domain()) readout.textContent = space.describe(cursor);
  };
  const centre = (d: { x: Interval; y?: Interval }) => [d.x, ...(d.y ? [d.y] : [])].map(([lo, hi]) => round((lo + hi) / 2));
  figure.addEventListener("focus", () => {
    const d = space.domain();
    if (!d) return;
    if (!cursor) {
      const p = space.initial();
      cursor = p && p.length === (d.y ? 2 : 1) ? [...p] : centre(d);
    }
    redraw();
    say();
  });
  figure.addEventListener("blur", () => figure.querySelector(".map-cursor")?.remove());
  figure.addEventListener("keydown", (event) => {
    const d = space.domain();
    if (!d || event.altKey || event.ctrlKey || event.metaKey) return;
    const n = event.shiftKey ? COARSE : FINE;
    const at = cursor ?? centre(d);
    const axes = d.y ? [d.x, d.y] : [d.x];
    // [axis, direction] of each arrow; a plot has no y to move.
    const arrows: Record<string, [number, number]> = { ArrowLeft: [0, -1], ArrowRight: [0, 1], ...(d.y ? { ArrowUp: [1, 1], ArrowDown: [1, -1] } : {}) };
    const arrow = arrows[event.key];
    if (arrow) {
      const [axis, sign] = arrow;
      const [lo, hi] = axes[axis]!;
      cursor = at.map((v, i) => (i === axis ? round(Math.min(hi, Math.max(lo, v + (sign * (hi - lo)) / n))) : v));
    } else if (event.key === "Home") {
      cursor = centre(d);
    } else if (event.key === "Enter" || event.key === " ") {
      cursor = at;
      space.pick([...at]);
    } else return;
    event.preventDefault();
    redraw();
    say();
  });
  return { redraw, help };
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

/** A contour map of f(x, y): the cursor moves in x and y; the readout says f and ∇f. */
export function mapKeyboard(figure: HTMLElement, readout: HTMLElement, opts: MapKeyboardOptions): MapKeyboard {
  return chartKeyboard(figure, readout, {
    idPrefix: opts.idPrefix,
    domain: () => {
      const problem = opts.problem();
      return problem && domainOf(problem);
    },
    initial: opts.initial,
    pick: ([x, y]) => opts.pick([x!, y!]),
    describe: ([x, y]) => pointText(opts.problem()!, [x!, y!]),
    help: `Keyboard: focus the map (Tab), move the cursor with the arrow keys (Shift for bigger steps, Home for the centre); Enter ${opts.action}.`,
    label: `Contour map: arrow keys move a cursor, Enter ${opts.action}`,
    role: "contour map",
  });
}

export interface CurveKeyboardOptions {
  idPrefix: string;
  /** The function plotted and the x interval shown (null while nothing is drawn). */
  curve(): { problem: Problem; x: Interval } | null;
  initial(): number | null;
  pick(x: number): void;
  action: string;
}

/** A plot of f(x): ← and → move the cursor along x; the readout says f(x) and f′(x). */
export function curveKeyboard(figure: HTMLElement, readout: HTMLElement, opts: CurveKeyboardOptions): MapKeyboard {
  return chartKeyboard(figure, readout, {
    idPrefix: opts.idPrefix,
    domain: () => {
      const c = opts.curve();
      return c && { x: c.x };
    },
    initial: () => {
      const x = opts.initial();
      return x === null ? null : [x];
    },
    pick: ([x]) => opts.pick(x!),
    describe: ([x]) => {
      const g = new Float64Array(1);
      const v = opts.curve()!.problem.compiled.valueAndGrad(Float64Array.of(x!), g);
      return `x = ${fmt(x!, 3)}   f(x) = ${fmt(v)}   f′(x) = ${fmt(g[0]!)}`;
    },
    help: `Keyboard: focus the plot (Tab), move the cursor along x with ← and → (Shift for bigger steps, Home for the middle); Enter ${opts.action}.`,
    label: `Function plot: the left and right arrow keys move a cursor along x, Enter ${opts.action}`,
    role: "function plot",
  });
}

/** Three significant digits, as a click gives. */
function round(v: number): number {
  return Number(v.toPrecision(3)) + 0; // + 0 turns −0 into 0
}
