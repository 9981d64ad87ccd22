/**
 * Progress for the CLI: one line per epoch (train and test loss and metric), which reads well in
 * logs and pipes; on a terminal, a cli-progress bar within each epoch as well.
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

/**
 * Callbacks that report progress; call `finish()` when training returns. Every epoch ends with its
 * line (train and test metrics) on `lines`. On a terminal `out` also shows a bar while an epoch
 * runs (batch, loss, time left), cleared before the epoch's line is written, as Keras does, so
 * the lines stay and the bar is always the last line.
 */
export function progressReporter(out: Stream, epochs: number, metric: string, lines: Stream = out): { callbacks: TrainCallbacks; finish(): void } {
  const writeLine = (r: EpochRecord) => void lines.write(epochLine(r, epochs, metric) + "\n");
  if (!out.isTTY) return { callbacks: { onEpochEnd: writeLine }, finish: () => undefined };
  const bar = new cliProgress.SingleBar(
    {
      stream: out as NodeJS.WritableStream,
      format: `epoch {epoch}/${epochs} {bar} batch {value}/{total}  loss {loss}  ETA {eta_formatted}`,
      hideCursor: true,
      clearOnComplete: true,
      etaBuffer: 50,
      fps: 10,
    },
    cliProgress.Presets.shades_classic,
  );
  let running = false;
  const stop = () => {
    if (running) bar.stop();
    running = false;
  };
  return {
    callbacks: {
      onEpochStart(epoch, batches) {
        stop();
        bar.start(batches, 0, { epoch, loss: "–" });
        running = true;
      },
      onBatchEnd(b) {
        bar.increment(1, { epoch: b.epoch, loss: fmt(b.loss) });
      },
      onEpochEnd(r) {
        stop();
        writeLine(r);
      },
    },
    finish: stop,
  };
}
