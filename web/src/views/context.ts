/** What every view gets from the app shell, and what it gives back. */
import type { ProblemSource } from "../compute/problem.js";
import type { PlaygroundState } from "../state.js";

export interface ViewContext {
  /** The current state (always valid). */
  state(): PlaygroundState;
  /** Applies a change: validated, written to the URL, then every part of the page re-renders. */
  update(patch: Partial<PlaygroundState>): void;
  /** The problems `update(patch)` would report (empty when the change is valid). */
  check(patch: Partial<PlaygroundState>): string[];
  /** The function `f` resolved for a view of `arity` variables (kept by the shell, shared by the views). */
  problem: ProblemSource;
}

export interface ViewInstance {
  /** Recompute and redraw for `state` (called after every change). */
  render(state: PlaygroundState): void;
  /** Stop timers and listeners (the page is going away). */
  destroy(): void;
  /** Another view is shown: pause anything running (the view is kept, with its state). */
  hide?(): void;
}

export type ViewFactory = (root: HTMLElement, ctx: ViewContext) => ViewInstance;
