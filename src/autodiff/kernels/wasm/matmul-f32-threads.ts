/**
 * Node only: float32 matrix products split by rows across the main thread and worker threads,
 * all running the SIMD128 module on one shared WebAssembly.Memory. Workers wait on Atomics in a
 * per-worker control block and are unref'd, so they never keep the process alive. Browsers need
 * cross-origin isolation for shared memory, so the web build never imports this file.
 */
import { Worker } from "node:worker_threads";
import { MATMUL_F32_RELAXED_SHARED_WASM_BASE64, MATMUL_F32_SHARED_WASM_BASE64 } from "./matmul-f32.wasm.js";
import { pickModuleBytes, StridedMatmulF32, type WasmVariant } from "./matmul-f32-wasm.js";

type Gemm = (a: number, ars: number, acs: number, b: number, brs: number, bcs: number, c: number, m: number, k: number, n: number, pa: number, pb: number, scratch: number) => void;

const PAGE_BYTES = 65536;
const MAX_PAGES = 16384; // as declared by the shared module
/** Int32 words per worker control block: [generation, done, 13 gemm arguments]. */
const CONTROL_WORDS = 16;
const GENERATION = 0, DONE = 1, ARGS = 2, STOP = -1;

/** Each worker instantiates the module on the shared memory and runs gemm whenever its generation word changes. */
const WORKER_SOURCE = `
const { workerData } = require("node:worker_threads");
const { module, memory, control } = workerData;
const gemm = new WebAssembly.Instance(module, { env: { memory } }).exports.gemm;
const ctl = new Int32Array(memory.buffer, control * 4, ${CONTROL_WORDS});
let seen = 0;
Atomics.store(ctl, ${DONE}, 0);
Atomics.notify(ctl, ${DONE});
for (;;) {
  Atomics.wait(ctl, ${GENERATION}, seen);
  seen = Atomics.load(ctl, ${GENERATION});
  if (seen === ${STOP}) break;
  const a = (i) => ctl[${ARGS} + i];
  gemm(a(0), a(1), a(2), a(3), a(4), a(5), a(6), a(7), a(8), a(9), a(10), a(11), a(12));
  Atomics.store(ctl, ${DONE}, seen);
  Atomics.notify(ctl, ${DONE});
}
`;

const align4 = (floats: number): number => (floats + 3) & ~3;

/** A main-thread gemm plus `threads - 1` workers sharing one memory. */
export class ThreadedMatmulF32 extends StridedMatmulF32 {
  private readonly memory: WebAssembly.Memory;
  private readonly gemm: Gemm;
  private readonly workers: Worker[] = [];
  private readonly control: Int32Array;
  private readonly mr: number;
  private readonly nr: number;
  private readonly kc: number;
  private heap: Float32Array;
  private generation = 0;
  readonly variant: WasmVariant;

  /**
   * @param threads threads in all, the calling one included (≥ 1)
   * @param minThreadWork products with m·k·n below this run on the calling thread only
   * @param allowRelaxed use the fused multiply-add build when the engine supports relaxed SIMD
   */
  constructor(readonly threads: number, private readonly minThreadWork: number, allowRelaxed = true) {
    super();
    this.memory = new WebAssembly.Memory({ initial: 16, maximum: MAX_PAGES, shared: true });
    const { bytes, variant } = pickModuleBytes(allowRelaxed, MATMUL_F32_RELAXED_SHARED_WASM_BASE64, MATMUL_F32_SHARED_WASM_BASE64);
    this.variant = variant;
    const module = new WebAssembly.Module(bytes);
    const exports = new WebAssembly.Instance(module, { env: { memory: this.memory } }).exports as Record<string, unknown>;
    this.gemm = exports.gemm as Gemm;
    this.mr = (exports.MR as WebAssembly.Global).value as number;
    this.nr = (exports.NR as WebAssembly.Global).value as number;
    this.kc = (exports.KC as WebAssembly.Global).value as number;
    // Control blocks live at the start of the memory, before any operand.
    this.control = new Int32Array(this.memory.buffer, 0, CONTROL_WORDS * threads);
    for (let w = 1; w < threads; w++) {
      const ctl = this.block(w);
      Atomics.store(ctl, DONE, -2);
      const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { module, memory: this.memory, control: w * CONTROL_WORDS } });
      worker.unref();
      this.workers.push(worker);
    }
    // Block until every worker has instantiated the module (it resets DONE to 0).
    for (let w = 1; w < threads; w++) Atomics.wait(this.block(w), DONE, -2);
    this.heap = new Float32Array(this.memory.buffer);
  }

  /** Stops the workers (they are unref'd, so this is only needed to free them early). */
  close(): void {
    for (let w = 1; w < this.threads; w++) {
      Atomics.store(this.block(w), GENERATION, STOP);
      Atomics.notify(this.block(w), GENERATION);
    }
  }

  private block(w: number): Int32Array {
    return this.control.subarray(w * CONTROL_WORDS, (w + 1) * CONTROL_WORDS);
  }

  protected run(
    a: Float32Array, ars: number, acs: number, b: Float32Array, brs: number, bcs: number,
    out: Float32Array, m: number, k: number, n: number, aOff: number, bOff: number, oOff: number,
  ): boolean {
    if (m === 0 || n === 0 || k === 0) return true;
    const aLen = m * k, bLen = k * n, cLen = m * n;
    const kc = Math.min(this.kc, k);
    const aAt = align4(CONTROL_WORDS * this.threads);
    const bAt = aAt + align4(aLen);
    const cAt = bAt + align4(bLen);
    // Each thread packs into its own region: MR·KC floats of A, its B panels, one scratch tile.
    const perThread = align4(this.mr * kc) + Math.ceil(n / this.nr) * this.nr * kc + align4(this.mr * this.nr);
    const packAt = cAt + align4(cLen);
    if (!this.reserve(packAt + perThread * this.threads)) return false;
    const heap = this.heap;
    heap.set(a.subarray(aOff, aOff + aLen), aAt);
    heap.set(b.subarray(bOff, bOff + bLen), bAt);
    heap.set(out.subarray(oOff, oOff + cLen), cAt);
    // Rows per thread, a multiple of MR so only the last block has an edge.
    const parallel = m * k * n >= this.minThreadWork && m >= 2 * this.mr;
    const rowsEach = parallel ? Math.ceil(m / this.threads / this.mr) * this.mr : m;
    const generation = ++this.generation;
    const args = (t: number): number[] => {
      const i0 = Math.min(m, t * rowsEach), rows = Math.min(m, i0 + rowsEach) - i0;
      const pa = packAt + t * perThread, pb = pa + align4(this.mr * kc), scratch = pb + Math.ceil(n / this.nr) * this.nr * kc;
      return [(aAt + i0 * ars) * 4, ars, acs, bAt * 4, brs, bcs, (cAt + i0 * n) * 4, rows, k, n, pa * 4, pb * 4, scratch * 4];
    };
    const busy: number[] = [];
    for (let t = 1; t < this.threads; t++) {
      const params = args(t);
      if (params[7] === 0) continue;
      const ctl = this.block(t);
      for (let i = 0; i < params.length; i++) ctl[ARGS + i] = params[i]!;
      Atomics.store(ctl, GENERATION, generation);
      Atomics.notify(ctl, GENERATION);
      busy.push(t);
    }
    const own = args(0);
    this.gemm(own[0]!, own[1]!, own[2]!, own[3]!, own[4]!, own[5]!, own[6]!, own[7]!, own[8]!, own[9]!, own[10]!, own[11]!, own[12]!);
    for (const t of busy) {
      const ctl = this.block(t);
      for (;;) {
        const done = Atomics.load(ctl, DONE);
        if (done === generation) break;
        Atomics.wait(ctl, DONE, done);
      }
    }
    out.set(heap.subarray(cAt, cAt + cLen), oOff);
    return true;
  }

  /** Grows the shared memory so `floats` float32 values fit (workers see the growth too); false past its maximum. */
  private reserve(floats: number): boolean {
    const have = this.memory.buffer.byteLength;
    try {
      if (floats * 4 > have) this.memory.grow(Math.ceil((floats * 4 - have) / PAGE_BYTES));
    } catch {
      return false; // past the declared 1 GiB maximum
    }
    if (this.heap.length * 4 !== this.memory.buffer.byteLength) this.heap = new Float32Array(this.memory.buffer);
    return true;
  }
}
