/** `descent serve [--port 8080] [--host 127.0.0.1]`: the web playground, served from web-dist/. */
import type { Command } from "commander";
import { OptionError } from "../../errors.js";
import { startServer } from "../../serve/server.js";
import { parseInteger } from "../args.js";
import type { CliIO } from "../io.js";
import type { RegisterCommand } from "./index.js";

interface Flags {
  port: string;
  host: string;
}

export const registerServe: RegisterCommand = (program: Command, io: CliIO) => {
  program
    .command("serve")
    .description("serve the web playground (all maths runs in the browser)")
    .option("--port <n>", "port to listen on (0 picks a free one)", "8080")
    .option("--host <address>", "address to bind; the default is loopback only", "127.0.0.1")
    .addHelpText(
      "after",
      `
Examples:
  descent serve
  descent serve --port 3000
Then open e.g. http://127.0.0.1:8080/?view=1d&f=article-1d&x0=-0.9&lr=0.03&steps=1`,
    )
    .action(async (flags: Flags) => {
      const port = parseInteger("--port", flags.port, 0);
      if (port > 65535) throw new OptionError(`invalid --port ${port}: must be at most 65535`);
      const running = await startServer({ port, host: flags.host });
      io.stdout.write(`descent playground at ${running.url} (Ctrl-C to stop)\n`);
      // Runs until interrupted; the CLI's interrupt signal (Ctrl-C) closes it cleanly.
      await new Promise<void>((resolve) => {
        const stop = () => void running.close();
        if (io.interrupt?.aborted) stop();
        io.interrupt?.addEventListener("abort", stop, { once: true });
        process.once("SIGTERM", stop);
        running.server.once("close", () => {
          process.off("SIGTERM", stop);
          io.interrupt?.removeEventListener("abort", stop);
          resolve();
        });
      });
    });
};
