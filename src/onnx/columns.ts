/**
 * The model's column encodings (src/data/preprocess.ts) as the front of an ONNX graph: one input
 * per original column, imputation, one-hot encoding, concatenated into the encoded vector the
 * network's first layer (after standardization) takes. Each step does what descent's `encodeRows`
 * does, with ONNX-ML operators where one exists (onnx.ai/onnx/operators, domain ai.onnx.ml):
 *  - a numeric column: float32 [batch, 1]; a missing cell is NaN, replaced by `Imputer` with the
 *    stored value;
 *  - a categorical column of text: string [batch, 1], the cell as written; a missing spelling
 *    (empty, NA, N/A, NaN, null, ?, in any case) is found by `LabelEncoder` and replaced by the
 *    stored category (`Where`); `OneHotEncoder(zeros=1)` gives all zeros for an unseen category,
 *    as descent does (scikit-learn's handle_unknown="ignore");
 *  - a categorical column of numbers (`--categorical`): float32 [batch, 1], compared by value with
 *    each category (`Equal`), so 3 and 3.0 are one category as in descent; NaN is missing.
 * Without a stored imputation value descent refuses a missing cell; the graph cannot refuse, so a
 * missing number gives NaN outputs and a missing category all zeros (documented in docs/onnx.md).
 */
import { MISSING_CELLS, type ColumnEncoding } from "../data/index.js";
import { unsupported } from "./checks.js";
import { GraphBuilder, ONNX_ML_DOMAIN } from "./graph-builder.js";
import { ONNX_BOOL, ONNX_FLOAT, ONNX_STRING } from "./schema.js";

/** What one graph input takes, for the CLI's summary and the metadata. */
export interface ColumnInput {
  name: string;
  type: "float32" | "string";
  kind: ColumnEncoding["kind"];
}

/** A category written as JavaScript writes a number ("3", "2.5"): the column's cells were numbers. */
function isNumberText(k: string): boolean {
  return k !== "" && String(Number(k)) === k;
}

/** The type of a column's graph input: numbers as float32, text categories as strings. */
export function columnInputType(c: ColumnEncoding): ColumnInput["type"] {
  return c.kind === "numeric" || c.categories.every(isNumberText) ? "float32" : "string";
}

/** Every spelling `isMissingCell` accepts: each missing word in every mix of upper and lower case. */
export function missingSpellings(): string[] {
  const out = new Set<string>();
  for (const word of MISSING_CELLS) {
    let forms = [""];
    for (const ch of word) {
      const cases = ch.toLowerCase() === ch.toUpperCase() ? [ch] : [ch.toLowerCase(), ch.toUpperCase()];
      forms = forms.flatMap((f) => cases.map((c) => f + c));
    }
    for (const f of forms) out.add(f);
  }
  return [...out];
}

/** NaN cells replaced by `value`. */
function imputeNumber(g: GraphBuilder, x: string, value: number, prefix: string): string {
  return g.node("Imputer", [x], [
    { name: "imputed_value_floats", kind: "floats", value: [value] },
    { name: "replaced_value_float", kind: "float", value: NaN },
  ], `${prefix}.imputed`, ONNX_ML_DOMAIN);
}

function numericColumn(g: GraphBuilder, c: Extract<ColumnEncoding, { kind: "numeric" }>, x: string): string {
  return c.impute === undefined ? x : imputeNumber(g, x, c.impute, c.name);
}

/** [batch, 1] float32 → [batch, C] one-hot by value. */
function numberCategories(g: GraphBuilder, c: Extract<ColumnEncoding, { kind: "categorical" }>, x: string): string {
  const values = c.categories.map(Number);
  const rounded = new Set(values.map(Math.fround));
  if (rounded.size !== values.length) {
    throw unsupported(`column "${c.name}" has categories that are one number in float32 (${c.categories.slice(0, 4).join(", ")}…); export with --input encoded`);
  }
  const imputed = c.impute === undefined ? x : imputeNumber(g, x, Number(c.impute), c.name);
  const categories = g.floatConstant(`${c.name}.categories`, [values.length], values);
  const equal = g.node("Equal", [imputed, categories], [], `${c.name}.is_category`);
  return g.node("Cast", [equal], [{ name: "to", kind: "int", value: ONNX_FLOAT }], `${c.name}.onehot`);
}

/** [batch, 1] string → [batch, C] one-hot, unseen categories all zeros. */
function textCategories(g: GraphBuilder, c: Extract<ColumnEncoding, { kind: "categorical" }>, x: string, axis1: () => string): string {
  let cells = x;
  if (c.impute !== undefined) {
    const spellings = missingSpellings();
    const missingCode = g.node("LabelEncoder", [x], [
      { name: "keys_strings", kind: "strings", value: spellings },
      { name: "values_int64s", kind: "ints", value: spellings.map(() => 1) },
      { name: "default_int64", kind: "int", value: 0 },
    ], `${c.name}.missing_code`, ONNX_ML_DOMAIN);
    const missing = g.node("Cast", [missingCode], [{ name: "to", kind: "int", value: ONNX_BOOL }], `${c.name}.missing`);
    cells = g.node("Where", [missing, g.stringConstant(`${c.name}.impute`, [], [c.impute]), x], [], `${c.name}.imputed`);
  }
  const onehot = g.node("OneHotEncoder", [cells], [
    { name: "cats_strings", kind: "strings", value: c.categories },
    { name: "zeros", kind: "int", value: 1 },
  ], `${c.name}.onehot3d`, ONNX_ML_DOMAIN);
  // OneHotEncoder appends the category axis: [batch, 1, C] → [batch, C].
  return g.node("Squeeze", [onehot, axis1()], [], `${c.name}.onehot`);
}

/**
 * Adds one input per column and the nodes that encode them; returns the encoded [batch, inputs]
 * value (before standardization) and what each input takes.
 */
export function addColumnInputs(g: GraphBuilder, columns: readonly ColumnEncoding[]): { encoded: string; inputs: ColumnInput[] } {
  const parts: string[] = [];
  const inputs: ColumnInput[] = [];
  let axis: string | undefined;
  const axis1 = (): string => (axis ??= g.int64Constant("columns.axis_1", [1]));
  for (const c of columns) {
    const type = columnInputType(c);
    const doc = c.kind === "numeric"
      ? `numeric column "${c.name}"${c.impute !== undefined ? `; NaN is imputed with ${c.impute}` : "; NaN is not imputed"}`
      : `categorical column "${c.name}" (${c.categories.length} categories${c.impute !== undefined ? `; missing cells take "${c.impute}"` : ""}; unseen ones encode as zeros)`;
    const x = g.input(c.name, type === "string" ? ONNX_STRING : ONNX_FLOAT, ["batch", 1], doc);
    inputs.push({ name: c.name, type, kind: c.kind });
    if (c.kind === "numeric") parts.push(numericColumn(g, c, x));
    else if (c.categories.length > 0) parts.push(type === "float32" ? numberCategories(g, c, x) : textCategories(g, c, x, axis1));
  }
  if (parts.length === 1) return { encoded: parts[0]!, inputs };
  return { encoded: g.node("Concat", parts, [{ name: "axis", kind: "int", value: 1 }], "encoded"), inputs };
}
