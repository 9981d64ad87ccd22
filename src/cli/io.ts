import { readFileSync } from "node:fs";
/** Where a command writes. Tests pass buffers; the real CLI passes the process streams. */
export interface CliIO {
  stdout: { write(s: string): unknown; isTTY?: boolean; columns?: number };
  stderr: { write(s: string): unknown; isTTY?: boolean; columns?: number };
  /** Working directory for relative paths. */
  cwd: string;
  /** Signal raised on Ctrl-C, so long commands can stop after the current batch. */
  interrupt?: AbortSignal;
  /** Standard input as text (`--data -`). */
  readStdin?: () => string;
}

export function processIO(): CliIO {
  return { stdout: process.stdout, stderr: process.stderr, cwd: process.cwd(), readStdin: () => readFileSync(0, "utf8") };
}

/** In-memory IO for tests: collects what a command prints. */
export function bufferIO(cwd = process.cwd(), stdin = ""): CliIO & { out(): string; err(): string } {
  let out = "";
  let err = "";
  return {
    stdout: { write: (s: string) => (out += s), isTTY: false },
    stderr: { write: (s: string) => (err += s), isTTY: false },
    cwd,
    readStdin: () => stdin,
    out: () => out,
    err: () => err,
  };
}
