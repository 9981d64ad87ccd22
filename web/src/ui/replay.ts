/** Replays a computed run: calls `draw(k)` with k = 0 … last over about two seconds, then `draw(null)` (all). */
import { button } from "./dom.js";

export interface Replay {
  element: HTMLButtonElement;
  stop(): void;
}

export function replayButton(id: string, draw: (upto: number | null) => void, lastStep: () => number, durationMs = 2000): Replay {
  let frame = 0;
  const stop = () => {
    if (frame !== 0) cancelAnimationFrame(frame);
    frame = 0;
    element.setAttribute("aria-pressed", "false");
  };
  const element = button("Replay", () => {
    if (frame !== 0) {
      stop();
      return draw(null);
    }
    const last = lastStep();
    const t0 = performance.now();
    element.setAttribute("aria-pressed", "true");
    const tick = (now: number) => {
      const k = Math.floor(((now - t0) / durationMs) * last);
      if (k >= last) {
        stop();
        return draw(null);
      }
      draw(k);
      frame = requestAnimationFrame(tick);
    };
    frame = requestAnimationFrame(tick);
  }, { id, "aria-pressed": "false" });
  return { element, stop };
}
