/**
 * A view's computation failed: its figure still shows the last good settings, so it greys out,
 * and when the failure is the typed function's (it does not parse, or has the wrong variables)
 * the function field turns red with the same message.
 */
import { markFailed, markField } from "../ui/dom.js";

export function showFailure(root: HTMLElement, message: string | null): void {
  const fn = root.querySelector<HTMLInputElement>('input[id$="-fn"]');
  if (fn) markField(fn, message !== null && /cannot parse|is a function of|unknown (function|variable)|empty/.test(message) ? message : null);
  markFailed(root, message !== null);
}
