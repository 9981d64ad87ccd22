import { main } from "../../src/cli/main.js";
import { bufferIO } from "../../src/cli/io.js";

/** Runs the CLI in-process and returns its exit code and output. */
export async function run(args: string[], cwd?: string): Promise<{ code: number; out: string; err: string }> {
  const io = bufferIO(cwd);
  const code = await main(args, io);
  return { code, out: io.out(), err: io.err() };
}
