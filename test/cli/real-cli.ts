/** The real `descent` binary in a child process (built dist/, as `npm test` builds it first). */
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { resolve } from "node:path";

const BIN = resolve("bin/descent.js");
/** A reason to skip when dist/ has not been built. */
export const needsBuild: string | false = existsSync(resolve("dist/cli/main.js")) ? false : "build first (npm test does)";

export function descent(args: string[], options: { cwd?: string; input?: string } = {}): { code: number; out: string; err: string } {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd: options.cwd, input: options.input, encoding: "utf8", env: { ...process.env, NO_COLOR: "1" } });
  return { code: r.status ?? -1, out: r.stdout, err: r.stderr };
}

/** A user error as the CLI must report it: exit 2, one line on stderr starting "descent: ", no stack. */
export function oneLineError(r: { code: number; err: string }): string {
  if (r.code !== 2) throw new Error(`expected exit 2, got ${r.code}: ${r.err}`);
  const lines = r.err.split("\n").filter((l) => l !== "");
  if (lines.length !== 1 || !lines[0]!.startsWith("descent: ") || /\n\s+at /.test(r.err)) throw new Error(`expected one error line, got:\n${r.err}`);
  return lines[0]!;
}
