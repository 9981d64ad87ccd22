/**
 * The playground's one timeline: Play/Pause, Step, Reset, a scrubber and a counter. `transport`
 * is the bar for any owner (the network view's worker trains as it plays); `timeline` replays a
 * computed run, drawing it at a position 0 … last (a step, or a tick of an epoch). Every control is a native button or range input, so it works from the keyboard
 * (Tab to it; Space/Enter press; arrows, Page Up/Down, Home and End move the scrubber), and
 * P (play/pause), N (step) and R (reset) work anywhere in the view outside a field.
 * The elements carry the stable test ids `play`, `step`, `reset`, `scrubber` and `epoch`,
 * unique within a view: scope them by the view (`#view-2d [data-testid=play]`).
 */
import { button, h } from "./dom.js";
import "./timeline.css";

/** What the transport's controls ask for; the owner moves and redraws, then calls `show`. */
export interface TransportHandlers {
  play(): void;
  pause(): void;
  step(): void;
  reset(): void;
  /** The scrubber moved to position k (the owner pauses first). */
  seek(k: number): void;
}

export interface Transport {
  /** The bar: Play/Pause, Step, Reset, the scrubber and the counter (append read-outs to it). */
  element: HTMLElement;
  /** Shows a position of `last`, its counter text, and whether it is playing. */
  show(position: number, last: number, text: string, playing: boolean): void;
}

/**
 * The bar itself, for any owner: a replay of a computed run (`timeline` below) or a run that is
 * computed as it plays (the network view, whose worker trains).
 */
export function transport(idPrefix: string, unit: string, handlers: TransportHandlers): Transport {
  let playing = false;
  const counter = h("output", { "data-testid": "epoch", id: `${idPrefix}-counter`, "aria-live": "off" });
  const scrubber = h("input", { type: "range", min: 0, max: 0, step: 1, value: 0, id: `${idPrefix}-scrubber`, "data-testid": "scrubber", "aria-label": `Position in the run (${unit})` });
  const play = button("Play", () => (playing ? handlers.pause() : handlers.play()), { id: `${idPrefix}-play`, "data-testid": "play", "aria-pressed": "false", "aria-keyshortcuts": "P", title: "play or pause (P)" });
  const step = button("Step", () => handlers.step(), { id: `${idPrefix}-step`, "data-testid": "step", "aria-keyshortcuts": "N", title: `one ${unit} forward (N)` });
  const reset = button("Reset", () => handlers.reset(), { id: `${idPrefix}-reset`, "data-testid": "reset", "aria-keyshortcuts": "R", title: "back to the start (R)" });
  scrubber.addEventListener("input", () => handlers.seek(Number(scrubber.value)));
  const element = h("div", { class: "transport timeline", role: "group", "aria-label": "Timeline", id: `${idPrefix}-timeline` }, [play, step, reset, scrubber, counter]);
  // P, N and R as in the 1-D view, when the focus is not in a field and this view is the one shown.
  document.addEventListener("keydown", (event) => {
    const view = element.closest<HTMLElement>(".view");
    const target = event.target as HTMLElement;
    if (!view || view.hidden || event.ctrlKey || event.metaKey || event.altKey || /^(INPUT|SELECT|TEXTAREA)$/.test(target.tagName)) return;
    const pressed = { p: play, n: step, r: reset }[event.key.toLowerCase()];
    if (pressed) {
      event.preventDefault();
      pressed.click();
    }
  });
  return {
    element,
    show(position, last, text, on) {
      playing = on;
      play.textContent = on ? "Pause" : "Play";
      play.setAttribute("aria-pressed", String(on));
      counter.textContent = text;
      scrubber.max = String(last);
      // While the user drags, the thumb is theirs.
      if (document.activeElement !== scrubber || on) scrubber.value = String(position);
      scrubber.setAttribute("aria-valuetext", text);
    },
  };
}

export interface TimelineOptions {
  /** Prefix of the element ids (`twod` → `twod-play`, `twod-scrubber`, …). */
  idPrefix: string;
  /**
   * Draws the figure at position k (0 … last). `playing` frames may take a cheaper way (the
   * position is drawn again in full once it stops).
   */
  draw(k: number, playing: boolean): void;
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

/** A replay of a computed run: plays positions 0 … last over `durationMs`, from where it stands. */
export function timeline(opts: TimelineOptions): Timeline {
  const stride = opts.stride ?? 1;
  const duration = opts.durationMs ?? 2500;
  let last = 0;
  let pos = 0;
  let frame = 0;
  let shown = -1;

  const refresh = () => {
    bar.show(pos, last, opts.label(pos, last), frame !== 0);
    if (pos !== shown) {
      shown = pos;
      opts.draw(pos, frame !== 0);
    }
  };
  const go = (k: number) => {
    pos = Math.max(0, Math.min(last, Math.round(k)));
    refresh();
  };
  const pause = () => {
    if (frame !== 0) {
      cancelAnimationFrame(frame);
      // The last frame may have been a cheap one: draw the position in full.
      shown = -1;
    }
    frame = 0;
    refresh();
  };
  const start = () => {
    if (last === 0) return;
    // Play from where it stands; from the end it starts over.
    if (pos >= last) pos = 0;
    const from = pos;
    const t0 = performance.now();
    const tick = (now: number) => {
      const k = Math.min(last, from + Math.floor(((now - t0) / duration) * last));
      if (k >= last) {
        frame = 0;
        return go(last);
      }
      frame = requestAnimationFrame(tick);
      go(k);
    };
    frame = requestAnimationFrame(tick);
    refresh();
  };
  const bar = transport(opts.idPrefix, opts.unit, {
    play: start,
    pause,
    step() {
      pause();
      go(Math.min(last, (Math.floor(pos / stride) + 1) * stride));
    },
    reset() {
      pause();
      go(0);
    },
    seek(k) {
      pause();
      go(k);
    },
  });
  return {
    element: bar.element,
    load(n) {
      if (frame !== 0) cancelAnimationFrame(frame);
      frame = 0;
      last = Math.max(0, Math.round(n));
      shown = -1;
      go(last);
    },
    redraw() {
      shown = -1;
      refresh();
    },
    position: () => pos,
    stop: pause,
  };
}
