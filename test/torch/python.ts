/**
 * Finds a Python that imports torch, for the tests that run an exported train.py. Without one the
 * tests skip with a message saying so (npm test needs no Python); CI installs Debian's python3-torch.
 */
import { spawnSync } from "node:child_process";

export interface PythonRun {
  code: number;
  out: string;
  err: string;
}

function importsTorch(python: string): boolean {
  const r = spawnSync(python, ["-c", "import torch, numpy"], { encoding: "utf8", timeout: 120_000 });
  return r.status === 0;
}

/** `python3` (or DESCENT_PYTHON), else Debian's own interpreter when a version manager shadows it. */
export const PYTHON: string | null = [process.env.DESCENT_PYTHON, "python3", "/usr/bin/python3"]
  .filter((p): p is string => p !== undefined && p !== "")
  .find(importsTorch) ?? null;

export const SKIP_NO_TORCH: string | false = PYTHON === null
  ? "skipped: python3 -c \"import torch, numpy\" failed; install Debian's python3-torch (apt-get install -y python3-torch) to run the PyTorch checks"
  : false;

export function python(args: string[], cwd: string, timeoutMs = 300_000): PythonRun {
  const r = spawnSync(PYTHON!, args, { cwd, encoding: "utf8", timeout: timeoutMs, env: { ...process.env, OMP_NUM_THREADS: "1" } });
  return { code: r.status ?? -1, out: r.stdout ?? "", err: r.stderr ?? "" };
}

/**
 * torchrun's extra flags where its launcher cannot parse its own default `--redirects 0`
 * (PyTorch 1.13 on Python 3.11, as in Debian 12: the enum lookup returns None).
 */
export function torchrunWorkaround(cwd: string): string[] {
  const probe = python(["-c", "import sys\nfrom torch.distributed.elastic.multiprocessing.api import Std\nsys.exit(1 if Std.from_str('0') is None else 0)"], cwd);
  return probe.code === 0 ? [] : ["--redirects", "0:1", "--tee", "0:1"];
}
