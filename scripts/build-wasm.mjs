#!/usr/bin/env node
// Generates the float32 matrix-product kernel in WebAssembly text (SIMD128), assembles it with
// wabt and writes both the readable .wat and a TS module holding the binary as base64, so neither
// `npm install` nor the runtime needs wabt. Run after changing this file: `node scripts/build-wasm.mjs`.
//
// Shape of the kernel (BLIS-like): for each KC-deep slice of k, pack B's slice into NR-wide column
// panels and, per MR-row block of A, pack A's slice into an MR-wide panel; then an MR×NR
// micro-kernel keeps the whole output tile in registers over the slice and adds it into C once.
// Packing reads A and B through (row, column) strides, so one kernel serves A·B, Aᵀ·B and A·Bᵀ.
// x64 V8 has 16 xmm registers (one reserved): MR·NR/4 accumulators + NR/4 B vectors + 1 splat
// must stay within 15, hence the default 4×8 (11) tile.
import { readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { dirname, join } from "node:path";
import wabtInit from "wabt";

/**
 * Tile shapes, measured on the project's 2-core Xeon (Node 20): 4×8 for plain mul+add (11 live
 * vectors plus V8's temporaries); with relaxed_madd no product temporary is needed, so 6×8 fits.
 * Environment variables override them for tuning; UNROLL is k steps per loop trip.
 */
const env = (name, fallback) => Number(process.env[name] ?? fallback);
const PLAIN = { MR: env("MR", 4), NR: env("NR", 8), KC: env("KC", 256), UNROLL: env("UNROLL", 1), FMA: false };
const RELAXED = { MR: env("FMA_MR", 6), NR: env("FMA_NR", 8), KC: env("KC", 256), UNROLL: env("UNROLL", 1), FMA: true };

const range = (n) => Array.from({ length: n }, (_, i) => i);
const acc = (r, q) => `$c${r}_${q}`;

/** MR×NR micro-kernel: C[rows×cols] += Apanel[kc×MR]ᵀ-ish · Bpanel[kc×NR]; full tiles use vector adds into C. */
function microKernel(cfg) {
  const { MR, NR, KC, UNROLL, FMA } = cfg;
  const NV = NR / 4;
  const locals = [
    ...range(MR).flatMap((r) => range(NV).map((q) => `(local ${acc(r, q)} v128)`)),
    ...range(NV).map((q) => `(local $b${q} v128)`),
    "(local $av v128) (local $row i32) (local $j i32) (local $t i32)",
  ];
  const step = (u) => [
    ...range(NV).map((q) => `(local.set $b${q} (v128.load offset=${16 * q + 4 * NR * u} (local.get $pb)))`),
    ...range(MR).flatMap((r) => [
      `(local.set $av (v128.load32_splat offset=${4 * r + 4 * MR * u} (local.get $pa)))`,
      ...range(NV).map((q) => `(local.set ${acc(r, q)} ${FMA
        ? `(f32x4.relaxed_madd (local.get $av) (local.get $b${q}) (local.get ${acc(r, q)}))`
        : `(f32x4.add (local.get ${acc(r, q)}) (f32x4.mul (local.get $av) (local.get $b${q})))`})`),
    ]),
  ];
  const advance = (u) => [
    `(local.set $pa (i32.add (local.get $pa) (i32.const ${4 * MR * u})))`,
    `(local.set $pb (i32.add (local.get $pb) (i32.const ${4 * NR * u})))`,
    `(local.set $kc (i32.sub (local.get $kc) (i32.const ${u})))`,
  ];
  const fullStore = range(MR).flatMap((r) => [
    `(local.set $row (i32.add (local.get $c) (i32.mul (local.get $ldc) (i32.const ${r}))))`,
    ...range(NV).map((q) => `(v128.store offset=${16 * q} (local.get $row) (f32x4.add (v128.load offset=${16 * q} (local.get $row)) (local.get ${acc(r, q)})))`),
  ]);
  const scratchStore = range(MR).flatMap((r) => range(NV).map((q) => `(v128.store offset=${4 * (r * NR + 4 * q)} (local.get $scratch) (local.get ${acc(r, q)}))`));
  return `
  ;; C (byte address c, row pitch ldc bytes) += the MR×NR tile of packed A (pa) times packed B (pb), kc deep.
  ;; Only the first rows×cols entries are written, so edge tiles need no padding in C.
  (func $micro (param $pa i32) (param $pb i32) (param $kc i32) (param $c i32) (param $ldc i32) (param $rows i32) (param $cols i32) (param $scratch i32)
    ${locals.join("\n    ")}
    (block $unrolled (loop $ku
      (br_if $unrolled (i32.lt_u (local.get $kc) (i32.const ${UNROLL})))
      ${range(UNROLL).flatMap(step).join("\n      ")}
      ${advance(UNROLL).join("\n      ")}
      (br $ku)))
    (block $done (loop $k
      (br_if $done (i32.eqz (local.get $kc)))
      ${step(0).join("\n      ")}
      ${advance(1).join("\n      ")}
      (br $k)))
    (if (i32.and (i32.eq (local.get $rows) (i32.const ${MR})) (i32.eq (local.get $cols) (i32.const ${NR})))
      (then
        ${fullStore.join("\n        ")}
        (return)))
    ${scratchStore.join("\n    ")}
    (local.set $row (i32.const 0))
    (block $rdone (loop $r
      (br_if $rdone (i32.ge_u (local.get $row) (local.get $rows)))
      (local.set $j (i32.const 0))
      (block $jdone (loop $jl
        (br_if $jdone (i32.ge_u (local.get $j) (local.get $cols)))
        (local.set $t (i32.add (i32.add (local.get $c) (i32.mul (local.get $row) (local.get $ldc))) (i32.shl (local.get $j) (i32.const 2))))
        (f32.store (local.get $t) (f32.add (f32.load (local.get $t))
          (f32.load (i32.add (local.get $scratch) (i32.shl (i32.add (i32.mul (local.get $row) (i32.const ${NR})) (local.get $j)) (i32.const 2))))))
        (local.set $j (i32.add (local.get $j) (i32.const 1)))
        (br $jl)))
      (local.set $row (i32.add (local.get $row) (i32.const 1)))
      (br $r)))
  )`;
}

/** Packs B(p, j) = b[p·brs + j·bcs] for p in [pc, pc+kc) into NR-wide panels, zero-padding past n. */
function packB(cfg) {
  const { MR, NR, KC, UNROLL, FMA } = cfg;
  const NV = NR / 4;
  return `
  (func $packB (param $b i32) (param $brs i32) (param $bcs i32) (param $pc i32) (param $kc i32) (param $n i32) (param $dst i32)
    (local $j0 i32) (local $p i32) (local $jj i32) (local $src i32) (local $w i32)
    (local.set $j0 (i32.const 0))
    (block $jdone (loop $jl
      (br_if $jdone (i32.ge_u (local.get $j0) (local.get $n)))
      (local.set $w (select (i32.const ${NR}) (i32.sub (local.get $n) (local.get $j0)) (i32.le_u (i32.add (local.get $j0) (i32.const ${NR})) (local.get $n))))
      (local.set $p (i32.const 0))
      (block $pdone (loop $pl
        (br_if $pdone (i32.ge_u (local.get $p) (local.get $kc)))
        ;; byte address of B(pc+p, j0)
        (local.set $src (i32.add (local.get $b) (i32.shl (i32.add (i32.mul (i32.add (local.get $pc) (local.get $p)) (local.get $brs)) (i32.mul (local.get $j0) (local.get $bcs))) (i32.const 2))))
        (if (i32.and (i32.eq (local.get $bcs) (i32.const 1)) (i32.eq (local.get $w) (i32.const ${NR})))
          (then
            ${range(NV).map((q) => `(v128.store offset=${16 * q} (local.get $dst) (v128.load offset=${16 * q} (local.get $src)))`).join("\n            ")})
          (else
            (local.set $jj (i32.const 0))
            (block $wdone (loop $wl
              (br_if $wdone (i32.ge_u (local.get $jj) (i32.const ${NR})))
              (f32.store (i32.add (local.get $dst) (i32.shl (local.get $jj) (i32.const 2)))
                (if (result f32) (i32.lt_u (local.get $jj) (local.get $w))
                  (then (f32.load (i32.add (local.get $src) (i32.shl (i32.mul (local.get $jj) (local.get $bcs)) (i32.const 2)))))
                  (else (f32.const 0))))
              (local.set $jj (i32.add (local.get $jj) (i32.const 1)))
              (br $wl)))))
        (local.set $dst (i32.add (local.get $dst) (i32.const ${4 * NR})))
        (local.set $p (i32.add (local.get $p) (i32.const 1)))
        (br $pl)))
      (local.set $j0 (i32.add (local.get $j0) (i32.const ${NR})))
      (br $jl)))
  )`;
}

/**
 * Packs A(i, p) = a[i·ars + p·acs] for i in [i0, i0+MR), p in [pc, pc+kc) as kc groups of MR,
 * zero-padding past m. Full blocks take a branch-free path: one v128 copy when the MR values are
 * contiguous (Aᵀ·B), else MR scalar copies from MR row pointers.
 */
function packA(cfg) {
  const { MR, NR, KC, UNROLL, FMA } = cfg;
  const NV = NR / 4;
  const rows = range(MR);
  return `
  (func $packA (param $a i32) (param $ars i32) (param $acs i32) (param $i0 i32) (param $pc i32) (param $kc i32) (param $m i32) (param $dst i32)
    (local $p i32) (local $r i32) (local $h i32) (local $src i32) (local $acs4 i32) (local $ars4 i32) (local $end i32)
    (local.set $h (select (i32.const ${MR}) (i32.sub (local.get $m) (local.get $i0)) (i32.le_u (i32.add (local.get $i0) (i32.const ${MR})) (local.get $m))))
    (local.set $acs4 (i32.shl (local.get $acs) (i32.const 2)))
    (local.set $ars4 (i32.shl (local.get $ars) (i32.const 2)))
    (local.set $src (i32.add (local.get $a) (i32.shl (i32.add (i32.mul (local.get $i0) (local.get $ars)) (i32.mul (local.get $pc) (local.get $acs))) (i32.const 2))))
    (local.set $end (i32.add (local.get $dst) (i32.mul (local.get $kc) (i32.const ${4 * MR}))))
    ${MR === 4 ? `(if (i32.and (i32.eq (local.get $h) (i32.const 4)) (i32.eq (local.get $ars) (i32.const 1)))
      (then
        (block $vdone (loop $vl
          (br_if $vdone (i32.ge_u (local.get $dst) (local.get $end)))
          (v128.store (local.get $dst) (v128.load (local.get $src)))
          (local.set $src (i32.add (local.get $src) (local.get $acs4)))
          (local.set $dst (i32.add (local.get $dst) (i32.const 16)))
          (br $vl)))
        (return)))` : ""}
    (if (i32.eq (local.get $h) (i32.const ${MR}))
      (then
        (block $fdone (loop $fl
          (br_if $fdone (i32.ge_u (local.get $dst) (local.get $end)))
          ${rows.map((r) => `(f32.store offset=${4 * r} (local.get $dst) (f32.load (i32.add (local.get $src) (i32.mul (local.get $ars4) (i32.const ${r})))))`).join("\n          ")}
          (local.set $src (i32.add (local.get $src) (local.get $acs4)))
          (local.set $dst (i32.add (local.get $dst) (i32.const ${4 * MR})))
          (br $fl)))
        (return)))
    (local.set $p (i32.const 0))
    (block $pdone (loop $pl
      (br_if $pdone (i32.ge_u (local.get $p) (local.get $kc)))
      (local.set $r (i32.const 0))
      (block $rdone (loop $rl
        (br_if $rdone (i32.ge_u (local.get $r) (i32.const ${MR})))
        (f32.store (i32.add (local.get $dst) (i32.shl (local.get $r) (i32.const 2)))
          (if (result f32) (i32.lt_u (local.get $r) (local.get $h))
            (then (f32.load (i32.add (local.get $src) (i32.mul (local.get $r) (local.get $ars4)))))
            (else (f32.const 0))))
        (local.set $r (i32.add (local.get $r) (i32.const 1)))
        (br $rl)))
      (local.set $src (i32.add (local.get $src) (local.get $acs4)))
      (local.set $dst (i32.add (local.get $dst) (i32.const ${4 * MR})))
      (local.set $p (i32.add (local.get $p) (i32.const 1)))
      (br $pl)))
  )`;
}

/** The exported driver: C[m×n] += A·B with A(i,p) = a[i·ars + p·acs], B(p,j) = b[p·brs + j·bcs]. */
function gemm(cfg) {
  const { MR, NR, KC, UNROLL, FMA } = cfg;
  const NV = NR / 4;
  return `
  ;; All pointers are byte addresses, strides are in elements. packA needs MR·KC floats,
  ;; packB ceil(n/NR)·NR·KC floats, scratch MR·NR floats.
  (func (export "gemm") (param $a i32) (param $ars i32) (param $acs i32) (param $b i32) (param $brs i32) (param $bcs i32)
      (param $c i32) (param $m i32) (param $k i32) (param $n i32) (param $pa i32) (param $pb i32) (param $scratch i32)
    (local $pc i32) (local $kc i32) (local $i0 i32) (local $j0 i32) (local $ldc i32) (local $crow i32) (local $panel i32)
    (local.set $ldc (i32.shl (local.get $n) (i32.const 2)))
    (local.set $pc (i32.const 0))
    (block $kdone (loop $kl
      (br_if $kdone (i32.ge_u (local.get $pc) (local.get $k)))
      (local.set $kc (select (i32.const ${KC}) (i32.sub (local.get $k) (local.get $pc)) (i32.le_u (i32.add (local.get $pc) (i32.const ${KC})) (local.get $k))))
      (call $packB (local.get $b) (local.get $brs) (local.get $bcs) (local.get $pc) (local.get $kc) (local.get $n) (local.get $pb))
      (local.set $i0 (i32.const 0))
      (block $idone (loop $il
        (br_if $idone (i32.ge_u (local.get $i0) (local.get $m)))
        (call $packA (local.get $a) (local.get $ars) (local.get $acs) (local.get $i0) (local.get $pc) (local.get $kc) (local.get $m) (local.get $pa))
        (local.set $crow (i32.add (local.get $c) (i32.mul (local.get $i0) (local.get $ldc))))
        (local.set $j0 (i32.const 0))
        (local.set $panel (local.get $pb))
        (block $jdone (loop $jl
          (br_if $jdone (i32.ge_u (local.get $j0) (local.get $n)))
          (call $micro (local.get $pa) (local.get $panel) (local.get $kc)
            (i32.add (local.get $crow) (i32.shl (local.get $j0) (i32.const 2))) (local.get $ldc)
            (select (i32.const ${MR}) (i32.sub (local.get $m) (local.get $i0)) (i32.le_u (i32.add (local.get $i0) (i32.const ${MR})) (local.get $m)))
            (select (i32.const ${NR}) (i32.sub (local.get $n) (local.get $j0)) (i32.le_u (i32.add (local.get $j0) (i32.const ${NR})) (local.get $n)))
            (local.get $scratch))
          (local.set $panel (i32.add (local.get $panel) (i32.mul (local.get $kc) (i32.const ${4 * NR}))))
          (local.set $j0 (i32.add (local.get $j0) (i32.const ${NR})))
          (br $jl)))
        (local.set $i0 (i32.add (local.get $i0) (i32.const ${MR})))
        (br $il)))
      (local.set $pc (i32.add (local.get $pc) (local.get $kc)))
      (br $kl)))
  )`;
}

/** The module text. */
const moduleText = (cfg) => `;; GENERATED by scripts/build-wasm.mjs (MR=${cfg.MR}, NR=${cfg.NR}, KC=${cfg.KC}, UNROLL=${cfg.UNROLL}${cfg.FMA ? ", relaxed_madd" : ""}); edit the generator, not this file.
(module
  (import "env" "memory" (memory 1))
  (global (export "MR") i32 (i32.const ${cfg.MR}))
  (global (export "NR") i32 (i32.const ${cfg.NR}))
  (global (export "KC") i32 (i32.const ${cfg.KC}))
${microKernel(cfg)}
${packB(cfg)}
${packA(cfg)}
${gemm(cfg)}
)
`;

const here = dirname(fileURLToPath(import.meta.url));
// WASM_OUT_DIR lets tuning experiments write variants elsewhere.
const outDir = process.env.WASM_OUT_DIR ?? join(here, "..", "src", "autodiff", "kernels", "wasm");
const wabt = await wabtInit();
/** Assembles; modules using relaxed SIMD are checked by V8 only when this Node accepts them. */
function assemble(text, relaxed) {
  const parsed = wabt.parseWat("matmul-f32.wat", text, { simd: true, relaxed_simd: relaxed });
  const { buffer } = parsed.toBinary({});
  parsed.destroy();
  if (!relaxed && !WebAssembly.validate(buffer)) throw new Error("assembled module does not validate");
  return buffer;
}
const base64 = (bytes) => Buffer.from(bytes).toString("base64");
const modules = {
  MATMUL_F32_WASM_BASE64: ["The SIMD128 float32 matrix-product module", assemble(moduleText(PLAIN), false)],
  MATMUL_F32_RELAXED_WASM_BASE64: ["The module with f32x4.relaxed_madd (fused multiply-add), for engines with relaxed SIMD", assemble(moduleText(RELAXED), true)],
};
writeFileSync(join(outDir, "matmul-f32.wat"), moduleText(PLAIN));
writeFileSync(join(outDir, "matmul-f32-relaxed.wat"), moduleText(RELAXED));
const ts = `// GENERATED by scripts/build-wasm.mjs from matmul-f32.wat and matmul-f32-relaxed.wat; do not edit.
// Base64 so the modules load synchronously anywhere (no fs, no fetch).
${Object.entries(modules).map(([name, [doc, bytes]]) => `
/** ${doc} (${bytes.length} bytes). */
export const ${name} =
  "${base64(bytes)}";
`).join("")}`;
const tsPath = join(outDir, "matmul-f32.wasm.ts");
const previous = (() => { try { return readFileSync(tsPath, "utf8"); } catch { return ""; } })();
writeFileSync(tsPath, ts);
console.log(`${previous === ts ? "unchanged" : "wrote"} ${tsPath} (plain ${PLAIN.MR}×${PLAIN.NR}, relaxed ${RELAXED.MR}×${RELAXED.NR}, KC=${PLAIN.KC})`);
