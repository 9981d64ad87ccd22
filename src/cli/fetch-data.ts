/**
 * `--data fashion-mnist` and other downloadable names: make sure the files are here before a
 * command loads them, downloading with a progress bar on a terminal (one line per file otherwise).
 */
import cliProgress from "cli-progress";
import { fetchDataset, findLocalDataset, remoteDataset, type DownloadProgress } from "../data/index.node.js";
import type { CliIO } from "./io.js";

/** Downloads `data` when it names a remote dataset that is not on this machine; else does nothing. */
export async function ensureDataOnMachine(data: string | undefined, io: CliIO): Promise<void> {
  const dataset = data === undefined ? undefined : remoteDataset(data);
  if (dataset === undefined || findLocalDataset(dataset) !== undefined) return;
  const report = downloadReporter(io);
  try {
    const dir = await fetchDataset(dataset.name, { onProgress: report.progress });
    report.finish();
    io.stderr.write(`${dataset.name}: downloaded and checked, in ${dir}\n`);
  } catch (e) {
    report.finish();
    throw e;
  }
}

function downloadReporter(io: CliIO): { progress(p: DownloadProgress): void; finish(): void } {
  const out = io.stderr;
  if (!out.isTTY) {
    return {
      progress: (p) => {
        if (p.total !== undefined && p.received === p.total) out.write(`${p.dataset}: ${p.file} (${mb(p.total)})\n`);
      },
      finish: () => undefined,
    };
  }
  const bar = new cliProgress.SingleBar(
    {
      stream: out as NodeJS.WritableStream,
      format: "{file} {bar} {value_mb}/{total_mb} MB  ETA {eta_formatted}",
      hideCursor: true,
      fps: 10,
    },
    cliProgress.Presets.shades_classic,
  );
  let current = "";
  return {
    progress(p) {
      const total = p.total ?? p.received;
      if (p.file !== current) {
        if (current !== "") bar.stop();
        current = p.file;
        bar.start(total, 0, { file: p.file, value_mb: "0.0", total_mb: mb(total, false) });
      }
      bar.setTotal(total);
      bar.update(p.received, { value_mb: mb(p.received, false), total_mb: mb(total, false) });
    },
    finish: () => {
      if (current !== "") bar.stop();
    },
  };
}

function mb(bytes: number, unit = true): string {
  return `${(bytes / 1e6).toFixed(1)}${unit ? " MB" : ""}`;
}
