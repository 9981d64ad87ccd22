/**
 * Comparisons (0/1 tensors with no gradient: they are piecewise constant) and `where`, which
 * selects between two differentiable tensors by a condition.
 */
import { allocate, commonDType, type FloatArray } from "../dtype.js";
import { broadcastIndex, broadcastShapes, expandTo, sameShape, sizeOf, sumToShape } from "../shape.js";
import { emit } from "../node.js";
import type { Tensor, Operand } from "../tensor.js";
import { operands } from "./elementwise-binary.js";
import { asTensor } from "../create.js";
import { reduceToShape } from "./graph-shape.js";

function compareOp(op: string, x: Operand, y: Operand, test: (a: number, b: number) => boolean): Tensor {
  const [a, b] = operands(x, y, op);
  const shape = sameShape(a.shape, b.shape) ? a.shape : broadcastShapes(a.shape, b.shape, op);
  const n = sizeOf(shape);
  const out = allocate(a.dtype, n);
  // A broadcast operand is read through its index map (made once per op, so a plan's replay reuses it).
  const ia = a.data.length === n ? null : broadcastIndex(a.shape, shape);
  const ib = b.data.length === n ? null : broadcastIndex(b.shape, shape);
  return emit([a, b], out, shape, () => {
    const ad = a.data;
    const bd = b.data;
    if (ia === null && ib === null) for (let i = 0; i < n; i++) out[i] = test(ad[i]!, bd[i]!) ? 1 : 0;
    else for (let i = 0; i < n; i++) out[i] = test(ad[ia === null ? i : ia[i]!]!, bd[ib === null ? i : ib[i]!]!) ? 1 : 0;
  });
}

/** a < b as 0/1; no gradient (zero almost everywhere). */
export const lt = (x: Operand, y: Operand): Tensor => compareOp("lt", x, y, (a, b) => a < b);
/** a ≤ b as 0/1; no gradient. */
export const le = (x: Operand, y: Operand): Tensor => compareOp("le", x, y, (a, b) => a <= b);
/** a > b as 0/1; no gradient. */
export const gt = (x: Operand, y: Operand): Tensor => compareOp("gt", x, y, (a, b) => a > b);
/** a ≥ b as 0/1; no gradient. */
export const ge = (x: Operand, y: Operand): Tensor => compareOp("ge", x, y, (a, b) => a >= b);
/** a = b as 0/1; no gradient. */
export const eq = (x: Operand, y: Operand): Tensor => compareOp("eq", x, y, (a, b) => a === b);

/**
 * Elementwise select: cond ≠ 0 ? a : b, all three broadcast together. dL/da = g where cond holds
 * (else 0), dL/db = g where it does not; the condition gets no gradient.
 */
export function where(cond: Tensor, x: Operand, y: Operand): Tensor {
  const [a, b] = operands(x, y, "where");
  const c = asTensor(cond, a.dtype);
  commonDType(c.dtype, a.dtype, "where");
  const shape = broadcastShapes(broadcastShapes(c.shape, a.shape, "where"), b.shape, "where");
  const n = sizeOf(shape);
  const full = (t: Tensor): FloatArray => (t.data.length === n ? t.data : expandTo(t.data, t.shape, shape, t.dtype));
  let cd = c.data;
  const out = allocate(a.dtype, n);
  return emit([c, a, b], out, shape, () => {
    cd = full(c);
    const ad = full(a);
    const bd = full(b);
    for (let i = 0; i < n; i++) out[i] = cd[i] !== 0 ? ad[i]! : bd[i]!;
  }, (g) => {
    const ga = a.requiresGrad ? allocate(a.dtype, n) : null;
    const gb = b.requiresGrad ? allocate(b.dtype, n) : null;
    for (let i = 0; i < n; i++) {
      if (cd[i] !== 0) { if (ga) ga[i] = g[i]!; } else if (gb) gb[i] = g[i]!;
    }
    return [
      null,
      ga && sumToShape(ga, shape, a.shape, a.dtype),
      gb && sumToShape(gb, shape, b.shape, b.dtype),
    ];
  }, (g) => [
    null,
    a.requiresGrad ? reduceToShape(where(c, g, 0), a.shape) : null,
    b.requiresGrad ? reduceToShape(where(c, 0, g), b.shape) : null,
  ]);
}
