/** Small DOM helpers: elements with attributes, and labelled form fields (every control has a label). */

type Attrs = Record<string, string | number | boolean | undefined>;

/** An element with attributes (booleans toggle the attribute) and children. */
export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Attrs = {}, children: (Node | string)[] = []): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === false) continue;
    el.setAttribute(k, v === true ? "" : String(v));
  }
  el.append(...children);
  return el;
}

/** A `<label>` wrapping its text and control, so the control's accessible name is the text. */
export function field(labelText: string, control: HTMLElement, hint?: string): HTMLLabelElement {
  const label = h("label", { class: "field" }, [h("span", { class: "field-label" }, [labelText]), control]);
  if (hint) label.append(h("small", { class: "hint" }, [hint]));
  return label;
}

/** Sets an input's value unless the user is typing in it (re-renders must not fight the caret). */
export function syncValue(input: HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement, value: string): void {
  if (document.activeElement !== input && input.value !== value) input.value = value;
}

/** A button that runs `onClick`; `key` is shown as its keyboard shortcut. */
export function button(text: string, onClick: () => void, attrs: Attrs = {}): HTMLButtonElement {
  const b = h("button", { type: "button", ...attrs }, [text]);
  b.addEventListener("click", onClick);
  return b;
}

/**
 * Marks a field invalid with `message` (the same words the page's banner shows), or valid with
 * null. While any field of a view is invalid, the view is "stale": its figures are greyed out,
 * because they still show the last valid settings.
 */
export function markField(input: HTMLElement, message: string | null): void {
  const id = `${input.id}-problem`;
  let note = document.getElementById(id);
  if (!note && message) {
    note = h("small", { class: "field-error", id, role: "alert" });
    (input.closest(".field") ?? input).after(note);
    input.setAttribute("aria-describedby", [input.getAttribute("aria-describedby"), id].filter(Boolean).join(" "));
  }
  if (note) note.textContent = message ?? "";
  input.setAttribute("aria-invalid", message ? "true" : "false");
  const view = input.closest(".view");
  view?.classList.toggle("stale", view.querySelector('[aria-invalid="true"]') !== null || view.classList.contains("failed"));
}

/** A view whose computation failed (its figure is the last good one) is greyed out like a stale one. */
export function markFailed(root: HTMLElement, failed: boolean): void {
  root.classList.toggle("failed", failed);
  root.classList.toggle("stale", failed || root.querySelector('[aria-invalid="true"]') !== null);
}

/** Controls that belong together, as a titled fieldset (the title is the group's accessible name). */
export function group(title: string, children: (Node | string)[], attrs: Attrs = {}): HTMLFieldSetElement {
  return h("fieldset", { class: "group", ...attrs }, [h("legend", {}, [title]), ...children]);
}
