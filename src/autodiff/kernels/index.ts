/** Matrix kernels for both element types, chosen by the caller from the tensors' dtype. */
export { matmulNN64, matmulTN64, matmulNT64 } from "./matmul-f64.js";
export { matmulNN32, matmulTN32, matmulNT32 } from "./matmul-f32.js";
