/**
 * The sizes from which each kernel leaves its JS loop for the native (or WebAssembly) one, in one
 * table. Below them the call costs more than it saves; measured on this project's 2-core Xeon with
 * Node 20. Results do not depend on them: every fast path gives the JS loop's bits (element-wise)
 * or the same sums rounded to float32 (products).
 */
export const THRESHOLDS = Object.freeze({
  /** m·k·n of a float32 product: JS is 2× faster at 4×4×4, WebAssembly 2.5× faster at 8×8×8. */
  matmulWork: 256,
  /** Float32 Adam elements: 16 elements take 0.85 µs in JS against 0.56 µs native, 64 take 2.3 against 0.7. */
  adam: 32,
  /** Float32 ReLU elements: the JS branch is mispredicted half the time; the native loop is branch-free SIMD. */
  relu: 4096,
  /** m·n of a float32 column sum (bias gradients). */
  columnSums: 4096,
  /** Rows of a float32 logistic loss. */
  bceLogits: 64,
  /** Float32 elements of a finiteness scan. */
  allFinite: 1024,
});
