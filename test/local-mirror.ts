/** A dataset mirror on loopback for the download tests: serves a folder's files, or misbehaves on request. */
import { existsSync, readFileSync } from "node:fs";
import { createServer } from "node:http";
import { join } from "node:path";

/** What the mirror does with a request for a file: serve it, flip a byte, or cut the connection halfway. */
export type Behaviour = "serve" | "corrupt" | "cut";

export interface LocalMirror {
  /** Base URL, ending in "/". */
  url: string;
  /** Every file requested, in order. */
  requests: string[];
  /** Per file: what to do on each successive request (the last entry repeats); absent files are served. */
  plan: Record<string, Behaviour[]>;
  /** A new plan, with the request log cleared so the plan counts requests from now on. */
  reset(plan?: Record<string, Behaviour[]>): void;
  close(): void;
}

export async function startMirror(dir: string): Promise<LocalMirror> {
  const mirror: LocalMirror = {
    url: "",
    requests: [],
    plan: {},
    reset(plan = {}) {
      mirror.plan = plan;
      mirror.requests.length = 0;
    },
    close: () => server.close(),
  };
  const server = createServer((req, res) => {
    const file = (req.url ?? "/").slice(1);
    mirror.requests.push(file);
    const path = join(dir, file);
    if (!/^[\w.-]+$/.test(file) || !existsSync(path)) return void res.writeHead(404).end();
    const bytes = readFileSync(path);
    const steps = mirror.plan[file] ?? ["serve"];
    const seen = mirror.requests.filter((r) => r === file).length;
    const behaviour = steps[Math.min(seen, steps.length) - 1]!;
    res.writeHead(200, { "content-length": String(bytes.length) });
    if (behaviour === "cut") {
      res.write(bytes.subarray(0, bytes.length >> 1));
      res.socket?.destroy();
    } else if (behaviour === "corrupt") {
      const bad = Buffer.from(bytes);
      bad[bad.length >> 1]! ^= 0xff;
      res.end(bad);
    } else {
      res.end(bytes);
    }
  });
  await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
  mirror.url = `http://127.0.0.1:${(server.address() as { port: number }).port}/`;
  return mirror;
}

/** A loopback port that was free a moment ago: nothing listens there, so connections are refused at once. */
export async function closedPort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((done) => probe.listen(0, "127.0.0.1", done));
  const port = (probe.address() as { port: number }).port;
  await new Promise((done) => probe.close(done));
  return port;
}
