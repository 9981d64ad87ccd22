// Child process for memory.test.ts: trains by streaming (or loads in memory) under a capped heap
// and prints the peak heap it saw as JSON. Usage: memory-child.mts FILE stream|memory
import { loadCsv } from "../../src/data/index.node.js";
import { makeOptimizer } from "../../src/optim/index.js";
import { Rng } from "../../src/random.js";
import { openDataStream, trainStream } from "../../src/stream/index.js";
import { createModel } from "../../src/train/index.node.js";

const [path, mode] = process.argv.slice(2);
let peakHeap = 0;
// Typed arrays live outside the V8 heap (arrayBuffers), so both count: the loader's arrays are the point.
const sample = () => {
  const m = process.memoryUsage();
  peakHeap = Math.max(peakHeap, m.heapUsed + m.arrayBuffers);
};
const timer = setInterval(sample, 5);
if (mode === "memory") {
  const ds = loadCsv(path!);
  sample();
  console.log(JSON.stringify({ rows: ds.n, peakHeap, featureBytes: ds.features.byteLength }));
} else {
  const stream = await openDataStream(path!, { testFraction: 0.1, chunkBytes: 1 << 16 });
  const model = createModel({ kind: "logistic", inputs: stream.d, hidden: [], activation: "identity", outputs: 1, head: "sigmoid" }, "zeros", new Rng(1));
  model.standardizer = stream.standardizer;
  const r = await trainStream(model, stream, {
    epochs: 2, batchSize: 64, optimizer: makeOptimizer("adam", { lr: 0.01 }), shuffleBuffer: 5000,
    callbacks: { onEpochEnd: () => void sample() },
  });
  sample();
  console.log(JSON.stringify({ rows: stream.trainRows + stream.testRows, peakHeap, accuracy: r.test!.metric, peakBufferRows: r.peakBufferRows }));
}
clearInterval(timer);
