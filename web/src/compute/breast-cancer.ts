/**
 * The bundled Wisconsin breast-cancer data (569 × 30, scikit-learn's CSV: a counts line, then
 * features and the class), parsed in the browser, and its two-feature version (mean radius,
 * mean texture) that can be drawn. Features are standardized (z-scores) for training.
 */

export interface TabularData {
  /** Row-major n × d, standardized. */
  x: Float64Array;
  y: Float64Array;
  n: number;
  d: number;
  featureNames: string[];
  /** Per-feature mean and standard deviation used for standardizing (to draw in original units). */
  mean: number[];
  std: number[];
}

/** Feature names in the CSV's column order (scikit-learn's). */
export const BREAST_CANCER_FEATURES = [
  "mean radius", "mean texture", "mean perimeter", "mean area", "mean smoothness", "mean compactness", "mean concavity",
  "mean concave points", "mean symmetry", "mean fractal dimension", "radius error", "texture error", "perimeter error",
  "area error", "smoothness error", "compactness error", "concavity error", "concave points error", "symmetry error",
  "fractal dimension error", "worst radius", "worst texture", "worst perimeter", "worst area", "worst smoothness",
  "worst compactness", "worst concavity", "worst concave points", "worst symmetry", "worst fractal dimension",
];

/** Parses the CSV text, keeping the given feature columns (all by default). Class 1 = benign. */
export function parseBreastCancer(text: string, columns?: readonly number[]): TabularData {
  const lines = text.split(/\r?\n/).filter((l) => l.trim() !== "");
  const [counts, ...rows] = lines;
  const [n, total] = (counts ?? "").split(",").map(Number);
  if (!n || !total || rows.length !== n) throw new Error(`breast cancer data: expected ${n} rows, found ${rows.length}`);
  const cols = columns ?? Array.from({ length: total }, (_, i) => i);
  const d = cols.length;
  const x = new Float64Array(n * d);
  const y = new Float64Array(n);
  rows.forEach((row, i) => {
    const cells = row.split(",").map(Number);
    cols.forEach((c, j) => (x[i * d + j] = cells[c]!));
    y[i] = cells[total]!;
  });
  const mean = cols.map((_, j) => {
    let s = 0;
    for (let i = 0; i < n; i++) s += x[i * d + j]!;
    return s / n;
  });
  const std = cols.map((_, j) => {
    let s = 0;
    for (let i = 0; i < n; i++) s += (x[i * d + j]! - mean[j]!) ** 2;
    return Math.sqrt(s / n) || 1;
  });
  for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) x[i * d + j] = (x[i * d + j]! - mean[j]!) / std[j]!;
  return { x, y, n, d, featureNames: cols.map((c) => BREAST_CANCER_FEATURES[c] ?? `feature ${c}`), mean, std };
}
