#!/usr/bin/env node
// The `descent` executable: runs the compiled CLI (built by `npm install` through the prepare script).
import { main } from "../dist/cli/main.js";
import { processIO } from "../dist/cli/io.js";

const argv = process.argv.slice(2);
// A reader that goes away (`descent tour | head`) is not an error.
for (const stream of [process.stdout, process.stderr]) {
  stream.on("error", (e) => {
    if (e.code === "EPIPE") process.exit(0);
    throw e;
  });
}
// Long-running commands poll this signal between batches: Ctrl-C stops them after the current batch
// (writing a checkpoint when asked) and they exit with 130. Other commands stop at once.
const INTERRUPTIBLE = new Set(["train", "study"]);
const controller = new AbortController();
process.on("SIGINT", () => {
  if (!INTERRUPTIBLE.has(argv[0]) || controller.signal.aborted) process.exit(130);
  controller.abort();
});
process.exitCode = await main(argv, { ...processIO(), interrupt: controller.signal });
