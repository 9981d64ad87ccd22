import { DataError } from "../errors.js";

/** JSON-safe encoding of a number JSON cannot carry (NaN, ±Infinity, −0). */
type SpecialNumber = "NaN" | "Infinity" | "-Infinity" | "-0";
type Encoded = null | boolean | string | number | { $number: SpecialNumber } | { $typed: "float32" | "float64"; data: (number | SpecialNumber)[] } | Encoded[] | { [key: string]: Encoded };

function special(x: number): SpecialNumber | undefined {
  if (Number.isNaN(x)) return "NaN";
  if (x === Infinity) return "Infinity";
  if (x === -Infinity) return "-Infinity";
  if (Object.is(x, -0)) return "-0";
  return undefined;
}

function fromSpecial(s: SpecialNumber | number): number {
  if (typeof s === "number") return s;
  return s === "NaN" ? NaN : s === "Infinity" ? Infinity : s === "-Infinity" ? -Infinity : -0;
}

/**
 * Encodes any optimizer, transformation or schedule state as plain JSON: typed arrays become
 * `{ $typed, data }`, and NaN/±Infinity/−0 are spelled out, so `deserializeState` restores every
 * bit (JSON numbers round-trip float64 exactly). State trees are shallow, so recursion is bounded.
 */
export function serializeState(state: unknown): Encoded {
  if (state === null || typeof state === "boolean" || typeof state === "string") return state;
  if (typeof state === "number") {
    const s = special(state);
    return s === undefined ? state : { $number: s };
  }
  if (state instanceof Float64Array || state instanceof Float32Array) {
    return {
      $typed: state instanceof Float32Array ? "float32" : "float64",
      data: Array.from(state, (x) => special(x) ?? x),
    };
  }
  if (Array.isArray(state)) return state.map(serializeState);
  if (typeof state === "object") {
    const out: Record<string, Encoded> = {};
    for (const [k, v] of Object.entries(state)) if (v !== undefined) out[k] = serializeState(v);
    return out;
  }
  throw new DataError(`cannot serialize optimizer state: unsupported ${typeof state}`);
}

/** Restores a state written by `serializeState` (after JSON.stringify/parse or as is). */
export function deserializeState<S = unknown>(json: unknown): S {
  return decode(json) as S;
}

function decode(json: unknown): unknown {
  if (json === null || typeof json !== "object") return json;
  if (Array.isArray(json)) return json.map(decode);
  const obj = json as Record<string, unknown>;
  if (typeof obj.$number === "string") return fromSpecial(obj.$number as SpecialNumber);
  if (typeof obj.$typed === "string") {
    if (!Array.isArray(obj.data)) throw new DataError(`bad serialized state: typed array without data`);
    const values = (obj.data as (number | SpecialNumber)[]).map(fromSpecial);
    if (obj.$typed === "float32") return Float32Array.from(values);
    if (obj.$typed === "float64") return Float64Array.from(values);
    throw new DataError(`bad serialized state: unknown dtype "${String(obj.$typed)}"`);
  }
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(obj)) out[k] = decode(v);
  return out;
}
