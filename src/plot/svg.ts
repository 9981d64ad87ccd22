/**
 * A tiny string-based SVG builder. Output must be byte-for-byte reproducible, so every number
 * goes through `num` (fixed precision, no "-0") and attributes are written in the order given.
 */

/** Attribute values; `undefined` and `false` drop the attribute. */
export type AttrValue = string | number | boolean | undefined;
export type Attrs = Record<string, AttrValue>;

/** A number with at most `digits` decimals, trailing zeros removed, never "-0" or "NaN". */
export function num(value: number, digits = 2): string {
  if (!Number.isFinite(value)) throw new RangeError(`cannot write non-finite number ${value} into SVG`);
  const fixed = value.toFixed(digits);
  const trimmed = fixed.includes(".") ? fixed.replace(/0+$/, "").replace(/\.$/, "") : fixed;
  return trimmed === "-0" ? "0" : trimmed;
}

/** Escapes character data for XML text nodes. */
export function escapeText(text: string): string {
  return stripInvalidXmlChars(text).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

/** Escapes a value for a double-quoted XML attribute. */
export function escapeAttr(text: string): string {
  return escapeText(text).replace(/"/g, "&quot;").replace(/'/g, "&#39;").replace(/\n/g, "&#10;");
}

/** XML 1.0 forbids most control characters even when escaped; drop them. */
function stripInvalidXmlChars(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, "");
}

function attrString(attrs: Attrs): string {
  let out = "";
  for (const [key, value] of Object.entries(attrs)) {
    if (value === undefined || value === false) continue;
    const text = typeof value === "number" ? num(value) : value === true ? key : value;
    out += ` ${key}="${escapeAttr(text)}"`;
  }
  return out;
}

/** An element; `children` is already-built markup (use `text` for character data). */
export function el(tag: string, attrs: Attrs = {}, children: string | readonly string[] = ""): string {
  const body = typeof children === "string" ? children : children.join("");
  return body === "" ? `<${tag}${attrString(attrs)}/>` : `<${tag}${attrString(attrs)}>${body}</${tag}>`;
}

/** A `<text>` element with escaped content. */
export function text(x: number, y: number, content: string, attrs: Attrs = {}): string {
  return `<text${attrString({ x, y, ...attrs })}>${escapeText(content)}</text>`;
}

/** Group children, optionally with attributes (class, clip-path, transform). */
export function group(children: readonly string[], attrs: Attrs = {}): string {
  return el("g", attrs, children);
}

/** Path data "M x y L x y …" for a polyline; `null` entries break the line into pieces. */
export function polylinePath(points: readonly ([number, number] | null)[]): string {
  let d = "";
  let penDown = false;
  for (const p of points) {
    if (p === null) {
      penDown = false;
      continue;
    }
    d += `${penDown ? "L" : "M"}${num(p[0])} ${num(p[1])}`;
    penDown = true;
  }
  return d;
}

/** A complete standalone SVG document with an XML prolog and a white background. */
export function svgDocument(width: number, height: number, body: readonly string[], defs: readonly string[] = []): string {
  const head = `<?xml version="1.0" encoding="UTF-8"?>\n`;
  const open =
    `<svg xmlns="http://www.w3.org/2000/svg" width="${num(width)}" height="${num(height)}" ` +
    `viewBox="0 0 ${num(width)} ${num(height)}">`;
  const defsBlock = defs.length > 0 ? `<defs>${defs.join("")}</defs>` : "";
  const background = el("rect", { width, height, fill: "#ffffff" });
  return `${head}${open}${defsBlock}${background}${body.join("\n")}</svg>\n`;
}
