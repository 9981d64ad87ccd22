/**
 * Progress for the CLI: on a terminal a cli-progress bar (epoch, batch, loss, metric, time left);
 * otherwise one plain line per epoch, which reads well in logs and pipes.
 */
import cliProgress from "cli-progress";
import type { TrainCallbacks } from "./trainer.js";
import type { EpochRecord } from "./types.js";

interface Stream {
  write(s: string): unknown;
  isTTY?: boolean;
}

const fmt = (v: number, digits = 4): string => (Number.isFinite(v) ? v.toFixed(digits) : "–");

/** One line for an epoch record: `epoch 3/50  loss 0.1234  accuracy 0.9780  test loss …  0.01 s`. */
export function epochLine(r: EpochRecord, epochs: number, metric: string): string {
  const parts = [`epoch ${String(r.epoch).padStart(String(epochs).length)}/${epochs}`, `loss ${fmt(r.trainLoss)}`, `${metric} ${fmt(r.trainMetric)}`];
  if (r.validationLoss !== undefined) parts.push(`val loss ${fmt(r.validationLoss)}`);
  if (Number.isFinite(r.testLoss)) parts.push(`test loss ${fmt(r.testLoss)}`, `test ${metric} ${fmt(r.testMetric)}`);
  parts.push(`${r.seconds.toFixed(2)} s`);
  return parts.join("  ");
}

/** Callbacks that report progress to `out`; call `finish()` when training returns. */
export function progressReporter(out: Stream, epochs: number, metric: string, firstEpoch = 1): { callbacks: TrainCallbacks; finish(): void } {
  if (!out.isTTY) {
    return {
      callbacks: { onEpochEnd: (r) => void out.write(epochLine(r, epochs, metric) + "\n") },
      finish: () => undefined,
    };
  }
  const bar = new cliProgress.SingleBar(
    {
      stream: out as NodeJS.WritableStream,
      format: `epoch {epoch}/${epochs} {bar} batch {batchNo}/{batches}  loss {loss}  ${metric} {metric}  ETA {eta_formatted}`,
      hideCursor: true,
      etaBuffer: 50,
      fps: 10,
    },
    cliProgress.Presets.shades_classic,
  );
  let started = false;
  let lastMetric = "–";
  return {
    callbacks: {
      onEpochStart(epoch, batches) {
        if (!started) {
          bar.start((epochs - firstEpoch + 1) * batches, 0, { epoch, batchNo: 0, batches, loss: "–", metric: lastMetric });
          started = true;
        }
        bar.update({ epoch, batches });
      },
      onBatchEnd(b) {
        bar.increment(1, { epoch: b.epoch, batchNo: b.batch, batches: b.batches, loss: fmt(b.loss) });
      },
      onEpochEnd(r) {
        lastMetric = fmt(r.testMetric);
        bar.update({ metric: fmt(Number.isFinite(r.testMetric) ? r.testMetric : r.trainMetric) });
      },
    },
    finish: () => {
      if (started) bar.stop();
    },
  };
}
