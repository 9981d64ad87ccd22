/**
 * The playground's one timeline: Play/Pause, Step, Reset, a scrubber and a counter, for any
 * figure that can be drawn at a position 0 … last of a computed run (a step, or a tick of an
 * epoch). Every control is a native button or range input, so it works from the keyboard
 * (Tab to it; Space/Enter press; arrows, Page Up/Down, Home and End move the scrubber).
 * The elements carry the stable test ids `play`, `step`, `reset`, `scrubber` and `epoch`,
 * unique within a view: scope them by the view (`#view-2d [data-testid=play]`).
 */
import { button, h } from "./dom.js";
import "./timeline.css";

export interface TimelineOptions {
  /** Prefix of the element ids (`twod` → `twod-play`, `twod-scrubber`, …). */
  idPrefix: string;
  /** Draws the figure at position k (0 … last). */
  draw(k: number): void;
  /** The counter's text at position k, e.g. "step 12 / 100". */
  label(k: number, last: number): string;
  /** Positions one Step press moves (to the next multiple): 1 for steps, ticks per epoch for epochs. */
  stride?: number;
  /** Time a play from 0 to the end takes. */
  durationMs?: number;
  /** What the scrubber moves through, for its accessible name ("step", "epoch"). */
  unit: string;
}

export interface Timeline {
  /** The transport bar: Play, Step, Reset, the scrubber and the counter. */
  element: HTMLElement;
  /** A new run of `last` positions: stops playing and shows the whole run (position last). */
  load(last: number): void;
  /** Draws the current position again (e.g. after a resize). */
  redraw(): void;
  position(): number;
  stop(): void;
}

export function timeline(opts: TimelineOptions): Timeline {
  const stride = opts.stride ?? 1;
  const duration = opts.durationMs ?? 2500;
  let last = 0;
  let pos = 0;
  let frame = 0;
  let shown = -1;

  const counter = h("output", { "data-testid": "epoch", id: `${opts.idPrefix}-counter`, "aria-live": "off" });
  const scrubber = h("input", { type: "range", min: 0, max: 0, step: 1, value: 0, id: `${opts.idPrefix}-scrubber`, "data-testid": "scrubber", "aria-label": `Position in the run (${opts.unit})` });
  const play = button("Play", () => (frame !== 0 ? pause() : start()), { id: `${opts.idPrefix}-play`, "data-testid": "play", "aria-pressed": "false" });
  const step = button("Step", () => {
    pause();
    go(Math.min(last, (Math.floor(pos / stride) + 1) * stride));
  }, { id: `${opts.idPrefix}-step`, "data-testid": "step", title: `one ${opts.unit} forward` });
  const reset = button("Reset", () => {
    pause();
    go(0);
  }, { id: `${opts.idPrefix}-reset`, "data-testid": "reset", title: "back to the start" });
  scrubber.addEventListener("input", () => {
    pause();
    go(Number(scrubber.value));
  });

  const show = () => {
    const text = opts.label(pos, last);
    counter.textContent = text;
    scrubber.value = String(pos);
    scrubber.setAttribute("aria-valuetext", text);
    if (pos !== shown) {
      shown = pos;
      opts.draw(pos);
    }
  };
  const go = (k: number) => {
    pos = Math.max(0, Math.min(last, Math.round(k)));
    show();
  };
  const setPlaying = (on: boolean) => {
    play.textContent = on ? "Pause" : "Play";
    play.setAttribute("aria-pressed", String(on));
  };
  const pause = () => {
    if (frame !== 0) cancelAnimationFrame(frame);
    frame = 0;
    setPlaying(false);
  };
  const start = () => {
    if (last === 0) return;
    // Play from where it stands; from the end it starts over.
    if (pos >= last) go(0);
    const from = pos;
    const t0 = performance.now();
    const tick = (now: number) => {
      const k = Math.min(last, from + Math.floor(((now - t0) / duration) * last));
      go(k);
      if (k >= last) return pause();
      frame = requestAnimationFrame(tick);
    };
    setPlaying(true);
    frame = requestAnimationFrame(tick);
  };

  const element = h("div", { class: "transport timeline", role: "group", "aria-label": "Timeline", id: `${opts.idPrefix}-timeline` }, [
    play, step, reset, scrubber, counter,
  ]);
  return {
    element,
    load(n) {
      pause();
      last = Math.max(0, Math.round(n));
      scrubber.max = String(last);
      shown = -1;
      go(last);
    },
    redraw() {
      shown = -1;
      show();
    },
    position: () => pos,
    stop: pause,
  };
}
