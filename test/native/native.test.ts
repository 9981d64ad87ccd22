/**
 * The optional native kernels: Adam bit-identical to the JS loop, the finiteness scan, bounds
 * checks on the C side, and the switch that turns them off. (The GEMM is checked against the
 * reference with the other backends in test/kernels/matmul-f32.test.ts.)
 */
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { isCurrentBuild, KERNELS_VERSION, native } from "../../src/native/index.js";
import { makeOptimizer, vecAllFinite, type Options } from "../../src/optim/index.js";
import { THRESHOLDS } from "../../src/kernels/index.js";
import { bceLogitsJs } from "../../src/kernels/index.js";
import { Rng } from "../../src/random.js";

const skip = native === null ? "native kernels not built (node scripts/build-native.mjs)" : false;

function randomF32(n: number, rng: Rng, scale = 1): Float32Array {
  return Float32Array.from({ length: n }, () => rng.uniform(-scale, scale));
}

describe("native kernels", { skip }, () => {
  test("reports which instruction set it runs", () => {
    assert.ok(["avx512", "avx2", "portable"].includes(native!.isa), native!.isa);
  });

  for (const options of [{ lr: 1e-3 } as Options, { lr: 0.05, beta1: 0.8, beta2: 0.95, eps: 1e-6, maximize: true }]) {
    test(`Adam ${JSON.stringify(options)}: the native loop (large buffers) is bit-identical to the JS loop (small ones)`, () => {
      const n = 6000; // one buffer over the native threshold, and the same numbers in pieces below it
      const piece = THRESHOLDS.adam - 1;
      const rng = new Rng(11);
      const whole = { w: randomF32(n, rng) };
      const split = (x: Float32Array) => Object.fromEntries(Array.from({ length: Math.ceil(n / piece) }, (_, j) => [`p${j}`, x.slice(j * piece, (j + 1) * piece)]));
      const parts = split(whole.w);
      const adam = makeOptimizer("adam", options);
      let sWhole = adam.init(whole);
      let sParts = adam.init(parts);
      // Edge values in the gradient: NaN, ±Infinity, −0, subnormals, overflow of g² in float32.
      const edges = [NaN, Infinity, -Infinity, -0, 1e-45, -3e-42, 1e-20, 3e19, -1e30, 3.4e38];
      for (let step = 0; step < 25; step++) {
        const g = randomF32(n, rng, 3);
        edges.forEach((e, j) => (g[(step * 97 + j * 611) % n] = e));
        sWhole = adam.step(whole, { w: g }, sWhole);
        sParts = adam.step(parts, split(g), sParts);
      }
      const joined = new Float32Array(n);
      Object.values(parts).forEach((x, j) => joined.set(x, j * piece));
      assert.deepEqual(new Uint32Array(whole.w.buffer), new Uint32Array(joined.buffer));
    });
  }

  test("the logistic loss's native loop gives the JS loop's bits: sum and gradient, edge values included", () => {
    const rng = new Rng(5);
    const edges = [0, -0, 1e-30, -1e-30, 0.5, -0.5, 20, -20, 36.7, -36.7, 88, -88, 700, -700, 744.9, -745.3, 3.4e38, -3.4e38, Infinity, -Infinity, NaN];
    for (const m of [1, 7, 8, 9, 64, 569, 1000]) {
      const z = Float32Array.from({ length: m }, (_, i) => (i < edges.length && m > 100 ? edges[i]! : rng.uniform(-1, 1) * 10 ** rng.uniform(-3, 2.5)));
      const y = Float32Array.from({ length: m }, () => (rng.uniform(0, 1) < 0.5 ? 0 : 1));
      for (const upstream of [1, -2.5]) {
        const gNative = new Float32Array(m), gJs = new Float32Array(m);
        const sNative = native!.bceLogits(z, y, gNative, m, upstream / m);
        const sJs = bceLogitsJs(z, y, gJs, m, upstream);
        assert.ok(Object.is(sNative, sJs), `m ${m}: sum ${sNative} vs ${sJs}`);
        assert.deepEqual(new Uint32Array(gNative.buffer), new Uint32Array(gJs.buffer), `m ${m}: gradients`);
      }
    }
  });

  test("ReLU and its gradient, native, give the JS rule's values: NaN, −0 and infinities included", () => {
    const rng = new Rng(8);
    const n = 5000;
    const x = Float32Array.from({ length: n }, (_, i) => [NaN, -0, 0, Infinity, -Infinity, 1e-45][i] ?? rng.uniform(-1, 1));
    const g = Float32Array.from({ length: n }, () => rng.uniform(-1, 1));
    const out = new Float32Array(n), gx = new Float32Array(n);
    native!.relu(x, out);
    native!.reluGrad(g, x, gx);
    for (let i = 0; i < n; i++) {
      assert.ok(Object.is(out[i], x[i]! > 0 ? x[i] : 0), `relu at ${i}`);
      assert.ok(Object.is(gx[i], x[i]! > 0 ? g[i] : 0), `relu gradient at ${i}`);
    }
    assert.throws(() => native!.relu(x, new Float32Array(3)), /one length/);
  });

  test("column sums (the bias gradient) are summed in double in row order and rounded once, as the JS loop", () => {
    const rng = new Rng(12);
    for (const [m, n] of [[128, 256], [4096, 1], [100, 41], [1, 5000]]) {
      const g = Float32Array.from({ length: m * n }, () => rng.uniform(-1, 1) * 10 ** rng.uniform(-3, 3));
      const viaNative = new Float32Array(n);
      native!.columnSums(g, m, n, viaNative);
      const viaJs = new Float32Array(n);
      for (let j = 0; j < n; j++) {
        let s = 0;
        for (let i = 0; i < m; i++) s += g[i * n + j]!;
        viaJs[j] = s;
      }
      assert.deepEqual(new Uint32Array(viaNative.buffer), new Uint32Array(viaJs.buffer), `${m}×${n}`);
    }
  });

  test("the finiteness scan (vecAllFinite, native above 1024 elements) finds NaN and ±Infinity anywhere, in views at an offset too", () => {
    const base = new Float32Array(5000).fill(0.5);
    assert.equal(vecAllFinite(base), true);
    for (const bad of [NaN, Infinity, -Infinity]) {
      for (const at of [0, 1023, 2500, 4999]) {
        const x = base.slice();
        x[at] = bad;
        assert.equal(vecAllFinite(x), false, `${bad} at ${at}`);
        assert.equal(native!.allFinite(x.subarray(at)), false);
        if (at > 0) assert.equal(native!.allFinite(x.subarray(0, at)), true);
      }
    }
    assert.equal(native!.allFinite(Float32Array.of(3.4e38, -3.4e38, 1e-45)), true);
  });

  test("the C side refuses sizes that reach past an array instead of touching other memory", () => {
    const a = new Float32Array(6), b = new Float32Array(6), c = new Float32Array(4);
    assert.throws(() => native!.sgemm(a, 0, 3, 1, b, 0, 2, 1, c, 0, 2, 3, 3), /reach past the end/); // c needs 6
    assert.throws(() => native!.sgemm(a, 1, 3, 1, b, 0, 2, 1, c, 0, 2, 3, 2), /reach past the end/); // a from 1
    assert.throws(() => native!.adam(b, a, b, c, 6, false, 1, 0.9, 0.999, 0.1, 0.001, -1e-3, 1, 1e-8), /longer than an array/);
    assert.throws(() => native!.sgemm(new Float64Array(6) as unknown as Float32Array, 0, 3, 1, b, 0, 2, 1, c, 0, 2, 3, 2), /Float32Arrays/);
    const wrong = new Float64Array(6) as unknown as Float32Array;
    assert.throws(() => native!.adam(b, wrong, b, a, 6, false, 1, 0.9, 0.999, 0.1, 0.001, -1e-3, 1, 1e-8), /adam needs Float32Arrays/);
    assert.throws(() => native!.bceLogits(a, b, c, 5, 1), /m is longer than an array/);
    assert.throws(() => native!.bceLogits(a, wrong, c, 4, 1), /bceLogits needs Float32Arrays/);
    assert.throws(() => native!.columnSums(a, 3, 3, c), /m×n is longer than an array/);
    assert.throws(() => native!.columnSums(a, 2, 3, wrong), /columnSums needs Float32Arrays/);
    assert.throws(() => native!.reluGrad(a, b, wrong), /one length/);
    assert.equal(native!.bceLogits(a, b, c, 4, 1), 4 * Math.LN2); // z = 0, y = 0: log 2 a row, in range
  });
});

test("a build from another version of the kernels, or one missing a kernel, is not used", () => {
  const fn = () => undefined;
  const current = { version: KERNELS_VERSION, sgemm: fn, adam: fn, allFinite: fn, columnSums: fn, relu: fn, reluGrad: fn, bceLogits: fn };
  assert.equal(isCurrentBuild(current), true);
  assert.equal(isCurrentBuild({ ...current, version: KERNELS_VERSION - 1 }), false, "an older build (other bits)");
  assert.equal(isCurrentBuild({ ...current, version: undefined }), false, "a build from before versions");
  assert.equal(isCurrentBuild({ ...current, bceLogits: undefined }), false, "a build missing a kernel");
  assert.equal(isCurrentBuild(null), false);
  // The built addon carries the version this checkout's JS loops match (checked where it is built).
  if (native !== null) assert.equal(native.version, KERNELS_VERSION);
});

test("DESCENT_NATIVE=0 turns the native kernels off and the WebAssembly kernels run", () => {
  const script = 'import("./src/kernels/index.ts").then((m) => console.log(m.getBackend(), m.native === null))';
  const out = execFileSync(process.execPath, ["--import", "tsx", "-e", script], { env: { ...process.env, DESCENT_NATIVE: "0" }, encoding: "utf8" });
  assert.equal(out.trim(), "wasm true");
});

test("the native kernels give the same bits on one thread as on the pool (products and Adam steps split by rows, columns and ranges)", { skip }, () => {
  // A fixed workload whose products and Adam step are large enough to be split; its output is
  // hashed in this process (all threads) and in a child limited to one thread.
  const script = `
    const { native } = await import("./src/native/index.ts");
    const { Rng } = await import("./src/random.ts");
    const rng = new Rng(9);
    const rand = (n) => Float32Array.from({ length: n }, () => rng.uniform(-1, 1));
    const outputs = [];
    for (const [m, k, n, layout] of [[300, 200, 70, 0], [70, 200, 300, 0], [257, 129, 200, 1], [200, 129, 257, 2]]) {
      const a = rand(m * k), b = rand(k * n), c = rand(m * n);
      const [ars, acs] = layout === 1 ? [1, m] : [k, 1];
      const [brs, bcs] = layout === 2 ? [1, k] : [n, 1];
      native.sgemm(a, 0, ars, acs, b, 0, brs, bcs, c, 0, m, k, n);
      outputs.push(c);
    }
    const p = rand(100003), g = rand(100003), mm = new Float32Array(100003), v = new Float32Array(100003);
    // Hundreds of back-to-back pool calls: every generation handed over and joined correctly.
    for (let s = 0; s < 300; s++) native.adam(g, mm, v, p, p.length, true, 1, 0.9, 0.999, 0.1, 0.001, -1e-3, 1, 1e-8);
    outputs.push(p, mm, v);
    let h = 2166136261;
    for (const o of outputs) for (const w of new Uint32Array(o.buffer)) h = Math.imul(h ^ w, 16777619) >>> 0;
    console.log(native.threads, h);
  `;
  const run = (threads: string | undefined) => {
    const env = { ...process.env };
    if (threads === undefined) delete env.DESCENT_THREADS;
    else env.DESCENT_THREADS = threads;
    return execFileSync(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], { env, encoding: "utf8" }).trim().split(" ");
  };
  const [oneThread, hashOne] = run("1");
  const [pool, hashPool] = run("4");
  assert.equal(oneThread, "1");
  assert.equal(pool, "4");
  assert.equal(hashPool, hashOne);
});

for (const isa of ["avx2", "portable"]) {
  // Each build checked on this CPU by asking for it (a CPU without AVX2 runs only the portable one).
  const unavailable = skip || (isa === "avx2" && native!.isa === "portable" ? "this CPU has no AVX2" : false);
  test(`the ${isa} build (DESCENT_NATIVE_ISA=${isa}): GEMM within float32 rounding of a float64 reference, the loss and Adam bit-identical to JS`, { skip: unavailable }, () => {
    const script = `
      const { native } = await import("./src/native/index.ts");
      const { bceLogitsJs } = await import("./src/kernels/index.ts");
      const { Rng } = await import("./src/random.ts");
      if (native.isa !== "${isa}") throw new Error("running " + native.isa);
      const rng = new Rng(4);
      const rand = (n) => Float32Array.from({ length: n }, () => rng.uniform(-1, 1));
      for (const [m, k, n] of [[1, 7, 1], [37, 300, 1], [1, 40, 37], [33, 17, 29], [130, 270, 70], [569, 30, 1], [30, 569, 1], [17, 5, 1], [1, 5, 17]]) {
        for (const layout of [0, 1, 2]) {
          const a = rand(m * k), b = rand(k * n), c = rand(m * n), c0 = c.slice();
          const [ars, acs] = layout === 1 ? [1, m] : [k, 1];
          const [brs, bcs] = layout === 2 ? [1, k] : [n, 1];
          native.sgemm(a, 0, ars, acs, b, 0, brs, bcs, c, 0, m, k, n);
          for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) {
            let s = c0[i * n + j], t = Math.abs(s);
            for (let p = 0; p < k; p++) { const q = a[i * ars + p * acs] * b[p * brs + j * bcs]; s += q; t += Math.abs(q); }
            if (!(Math.abs(c[i * n + j] - s) <= (k + 2) * 2 ** -23 * t)) throw new Error("gemm " + [m, k, n, layout, i, j]);
          }
        }
      }
      const z = Float32Array.from({ length: 333 }, () => rng.uniform(-50, 50)), y = Float32Array.from({ length: 333 }, () => +(rng.uniform(0, 1) < 0.5));
      const g1 = new Float32Array(333), g2 = new Float32Array(333);
      if (!Object.is(native.bceLogits(z, y, g1, 333, 1 / 333), bceLogitsJs(z, y, g2, 333)) || g1.some((v, i) => !Object.is(v, g2[i]))) throw new Error("bce");
      const { makeOptimizer } = await import("./src/optim/index.ts");
      const { THRESHOLDS } = await import("./src/kernels/index.ts");
      const piece = THRESHOLDS.adam - 1; // pieces run the JS loop, the whole the native one
      const split = (x) => Object.fromEntries(Array.from({ length: Math.ceil(x.length / piece) }, (_, j) => ["p" + j, x.slice(j * piece, (j + 1) * piece)]));
      const w = rand(3000), parts = split(w);
      const adam = makeOptimizer("adam", { lr: 0.01 });
      let sw = adam.init({ w }), sp = adam.init(parts);
      for (let s = 0; s < 5; s++) {
        const g = rand(3000);
        g[s * 7] = 1e-44, g[s * 7 + 1] = NaN, g[s * 7 + 2] = 2e30;
        sw = adam.step({ w }, { w: g }, sw);
        sp = adam.step(parts, split(g), sp);
      }
      if (w.some((x, i) => !Object.is(x, parts["p" + Math.floor(i / piece)][i % piece]))) throw new Error("adam");
      console.log("ok");
    `;
    const out = execFileSync(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], {
      env: { ...process.env, DESCENT_NATIVE_ISA: isa }, encoding: "utf8",
    });
    assert.equal(out.trim(), "ok");
  });
}
