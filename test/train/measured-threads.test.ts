/** measuredThreads: a user's step runs unchanged (same arguments, same result) while the kernel thread count is measured. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { native } from "../../src/kernels/index.js";
import { measuredThreads } from "../../src/train/measured-threads.node.js";

test("a measured step passes its arguments and result through, and reports the count it keeps", () => {
  const seen: number[] = [];
  const step = measuredThreads((a: number, b: { k: number }) => {
    seen.push(a);
    return a * b.k;
  });
  try {
    for (let i = 0; i < 120; i++) assert.equal(step(i, { k: 3 }), 3 * i);
    assert.deepEqual(seen, Array.from({ length: 120 }, (_, i) => i));
    const r = step.parallelism;
    assert.equal(r.used.kind, "threads");
    if (native?.setThreads !== undefined && native.threads > 1) {
      assert.equal(r.how, "measured");
      assert.ok(r.used.kind === "threads" && [1, native.threads].includes(r.used.threads));
      assert.equal(native.activeThreads!(), r.used.kind === "threads" ? r.used.threads : 0, "the kept count is the one set");
    } else assert.equal(r.how, "only one way here");
  } finally {
    native?.setThreads?.(0);
  }
});
