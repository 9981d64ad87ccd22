/**
 * The network worker itself (web/src/compute/network-worker.ts), run in a Node worker thread behind
 * the browser's worker API (browser-worker-shim.ts): transport commands are answered while it
 * computes a loss landscape, not after it, and the landscape it sends in slices is the one
 * computed at once.
 */
import { test, describe, after } from "node:test";
import assert from "node:assert/strict";
import { Worker } from "node:worker_threads";
import { computeLandscape, flatten } from "../../web/src/compute/landscape.js";
import { createNetworkRun, type NetworkConfig } from "../../web/src/compute/network.js";
import type { FromWorker, ToWorker } from "../../web/src/compute/network-protocol.js";
import { defaultState } from "../../web/src/state.js";

function startWorker(module: string): Worker {
  const shim = new URL("./browser-worker-shim.ts", import.meta.url).href;
  const api = import.meta.resolve("tsx/esm/api");
  const bootstrap = `import(${JSON.stringify(api)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(shim)}); })`;
  return new Worker(bootstrap, { eval: true, workerData: { module: new URL(module, import.meta.url).href } });
}

describe("the network worker", () => {
  const worker = startWorker("../../web/src/compute/network-worker.ts");
  after(() => worker.terminate());
  const inbox: { at: number; m: FromWorker }[] = [];
  worker.on("message", (m: FromWorker) => inbox.push({ at: performance.now(), m }));
  const send = (m: ToWorker) => worker.postMessage(m);
  const until = async (test: (m: FromWorker) => boolean, ms = 60_000) => {
    const t0 = performance.now();
    for (;;) {
      const hit = inbox.find((x) => test(x.m));
      if (hit) return hit;
      if (performance.now() - t0 > ms) throw new Error("no such message");
      await new Promise((r) => setTimeout(r, 2));
    }
  };

  test("Pause and Play are answered while a landscape is computed; the landscape is the one computed at once", async () => {
    const s = defaultState("network");
    const config: Omit<NetworkConfig, "table"> = { dataset: "spiral", noise: s.noise, ratio: s.ratio, hidden: [16, 16], activation: s.activation, optimizer: s.optimizers[0]!, lr: s.lr, schedule: s.schedule, batch: s.batch, seed: s.seed };
    send({ type: "reset", config, csv: null, gridSize: 16 });
    await until((m) => m.type === "snapshot");
    // A few snapshots of the path, so the landscape has its PCA plane too.
    for (let k = 1; k <= 4; k++) {
      send({ type: "step", batches: 20, seq: k });
      await until((m) => m.type === "snapshot" && m.seq === k);
    }
    inbox.length = 0;
    const asked = performance.now();
    send({ type: "landscape" });
    // While it computes: Play, then Pause (as a user clicks them), then Pause is acknowledged.
    await new Promise((r) => setTimeout(r, 20));
    send({ type: "play", perTick: 1, seq: 5 });
    const played = await until((m) => m.type === "snapshot" && m.seq === 5);
    send({ type: "pause", seq: 6 });
    const paused = await until((m) => m.type === "snapshot" && m.seq === 6 && !m.playing);
    const drawn = await until((m) => m.type === "landscape");
    const ms = (x: { at: number }) => Math.round(x.at - asked);
    console.log(`# landscape asked at 0 ms; play answered at ${ms(played)} ms, pause at ${ms(paused)} ms; landscape at ${ms(drawn)} ms`);
    assert.ok(played.at < drawn.at && paused.at < drawn.at, "both commands are answered before the landscape is done");
    assert.equal(played.m.type === "snapshot" && played.m.playing, true);
    // Training went on between the landscape's slices, yet the landscape is of the weights it was asked at.
    const l = drawn.m.type === "landscape" ? drawn.m : null;
    assert.ok(l);
    assert.equal(l.updates, 80);
    assert.ok(l.landscape.pca, "the PCA plane of the path");
    // The same landscape the engine computes at once from the same run (the runs are deterministic).
    const run = createNetworkRun(config);
    const start = flatten(run.model.spec, run.model.params);
    const trajectory = [start];
    for (let k = 1; k <= 4; k++) {
      run.advance(20);
      trajectory.push(flatten(run.model.spec, run.model.params));
    }
    const scratch = Object.fromEntries(Object.entries(run.model.params).map(([k, v]) => [k, new Float32Array(v)]));
    const atOnce = computeLandscape({ spec: run.model.spec, theta: flatten(run.model.spec, run.model.params), start, trajectory, scratch, seed: 1, lossAt: (p) => run.lossAt(p) });
    assert.deepEqual(l.landscape, atOnce);
  });

  test("a reset during a landscape drops it: nothing of the old run arrives", async () => {
    inbox.length = 0;
    send({ type: "landscape" });
    const s = defaultState("network");
    send({ type: "reset", config: { dataset: "circle", noise: s.noise, ratio: s.ratio, hidden: [4], activation: s.activation, optimizer: s.optimizers[0]!, lr: s.lr, schedule: s.schedule, batch: s.batch, seed: s.seed }, csv: null, gridSize: 8 });
    const ready = await until((m) => m.type === "ready");
    await new Promise((r) => setTimeout(r, 1500));
    assert.deepEqual(inbox.filter((x) => x.m.type === "landscape" && x.m.generation < (ready.m.type === "ready" ? ready.m.generation : 0)), []);
  });
});
