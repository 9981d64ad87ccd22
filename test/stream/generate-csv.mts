/**
 * Writes a large synthetic classification CSV for the streaming measurements (not a test):
 *   node --import tsx test/stream/generate-csv.ts /tmp/big.csv 10000000 [features=8] [seed=1]
 * Rows: `features` values x ~ N(1, 3²) with 3 decimals and a 0/1 label from a noisy linear rule.
 * Written in 64k-row blocks, so the generator's own memory stays small.
 */
import { createWriteStream } from "node:fs";
import { once } from "node:events";
import { Rng } from "../../src/random.js";

const [path, rowsArg, featuresArg, seedArg] = process.argv.slice(2);
if (!path || !rowsArg) {
  console.error("usage: generate-csv.ts OUT.csv ROWS [FEATURES] [SEED]");
  process.exit(2);
}
const rows = Number(rowsArg);
const d = Number(featuresArg ?? 8);
const rng = new Rng(Number(seedArg ?? 1));
const w = Array.from({ length: d }, () => rng.normal());
const out = createWriteStream(path);
out.write([...Array.from({ length: d }, (_, j) => `x${j + 1}`), "y"].join(",") + "\n");
for (let start = 0; start < rows; start += 65536) {
  const lines: string[] = [];
  for (let i = start; i < Math.min(rows, start + 65536); i++) {
    let z = rng.normal();
    const cells: string[] = [];
    for (let j = 0; j < d; j++) {
      const x = rng.normal() * 3 + 1;
      z += x * w[j]!;
      cells.push(x.toFixed(3));
    }
    cells.push(z > 0 ? "1" : "0");
    lines.push(cells.join(","));
  }
  if (!out.write(lines.join("\n") + "\n")) await once(out, "drain");
}
out.end();
await once(out, "finish");
