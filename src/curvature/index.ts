/** Curvature: Hessians of functions at points, their eigen-directions and the learning rates they allow; and the top Hessian eigenvalue of a training loss (sharpness). */
export { curvatureAt, curvatureFunction, describe, type Curvature, type CurvatureFunction, type PointKind } from "./curvature.js";
export { symmetricEigen, type SymmetricEigen } from "./eigen.js";
