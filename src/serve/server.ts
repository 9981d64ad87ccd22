/**
 * `descent serve`'s static server: node:http over web-dist/ (the page Vite builds at install time)
 * and nothing else. The page does all the maths in the browser; the server only hands out files.
 */
import { existsSync, realpathSync, statSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { dirname, join, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { DescentError } from "../errors.js";
import { contentType, resolveRequestPath } from "./paths.js";

/**
 * The page's CSP. Scripts only from this origin, but 'unsafe-eval' is allowed because the
 * expression compiler (src/expr/compile.ts) builds value/gradient functions with `new Function`;
 * inline styles are allowed because the charts are inline SVG; images from data:/blob: for the
 * PNG export. No connections anywhere else: the page never talks to a server after loading.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self' 'unsafe-eval'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join("; ");

/** web-dist/ next to src/ or dist/: this file is at <root>/src/serve or <root>/dist/serve. */
export function defaultWebRoot(): string {
  return join(dirname(fileURLToPath(import.meta.url)), "..", "..", "web-dist");
}

export interface ServeOptions {
  /** Default 8080; 0 picks a free port. */
  port?: number;
  /** Default 127.0.0.1 (loopback only). */
  host?: string;
  /** Folder to serve (default web-dist/). */
  root?: string;
}

export interface RunningServer {
  server: Server;
  url: string;
  close(): Promise<void>;
}

const BASE_HEADERS = {
  "X-Content-Type-Options": "nosniff",
  "Referrer-Policy": "no-referrer",
  "Cross-Origin-Opener-Policy": "same-origin",
};

function refuse(res: ServerResponse, status: number, message: string, extra: Record<string, string> = {}): void {
  res.writeHead(status, { ...BASE_HEADERS, "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store", ...extra });
  res.end(`${status} ${message}\n`);
}

/** Handles one request against `root` (a real, absolute path). */
async function handle(root: string, req: IncomingMessage, res: ServerResponse): Promise<void> {
  if (req.method !== "GET" && req.method !== "HEAD") return refuse(res, 405, "method not allowed", { Allow: "GET, HEAD" });
  const resolved = resolveRequestPath(root, req.url ?? "/");
  if ("status" in resolved) return refuse(res, resolved.status, resolved.status === 400 ? "bad request" : "not found");
  let real: string;
  try {
    real = realpathSync(resolved.file);
    // A symbolic link inside web-dist must not lead out of it.
    if (!real.startsWith(root + sep) || !statSync(real).isFile()) return refuse(res, 404, "not found");
  } catch {
    return refuse(res, 404, "not found");
  }
  const body = await readFile(real);
  const isHtml = real.endsWith(".html");
  res.writeHead(200, {
    ...BASE_HEADERS,
    "Content-Type": contentType(real),
    "Content-Length": body.length,
    // Vite names assets by content hash, so they never change; the page itself must be re-checked.
    "Cache-Control": real.includes(`${sep}assets${sep}`) ? "public, max-age=31536000, immutable" : "no-cache",
    ...(isHtml ? { "Content-Security-Policy": CONTENT_SECURITY_POLICY } : {}),
  });
  res.end(req.method === "HEAD" ? undefined : body);
}

/** Starts the server; rejects with a one-line DescentError when web-dist is missing or the port is taken. */
export async function startServer(options: ServeOptions = {}): Promise<RunningServer> {
  const host = options.host ?? "127.0.0.1";
  const port = options.port ?? 8080;
  const folder = options.root ?? defaultWebRoot();
  if (!existsSync(join(folder, "index.html"))) {
    throw new DescentError(`the playground is not built (${join(folder, "index.html")} is missing): run npm run build`);
  }
  const root = realpathSync(folder);
  const server = createServer((req, res) => {
    handle(root, req, res).catch(() => {
      if (!res.headersSent) refuse(res, 500, "internal error");
      else res.destroy();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", (e: NodeJS.ErrnoException) => {
      if (e.code === "EADDRINUSE") reject(new DescentError(`port ${port} on ${host} is already in use: pick another with --port`));
      else if (e.code === "EADDRNOTAVAIL" || e.code === "ENOTFOUND") reject(new DescentError(`cannot listen on host ${host}: no such local address`));
      else if (e.code === "EACCES") reject(new DescentError(`not allowed to listen on port ${port}: pick one above 1023 with --port`));
      else reject(e);
    });
    server.listen(port, host, () => resolve());
  });
  const address = server.address() as AddressInfo;
  const shownHost = address.family === "IPv6" ? `[${address.address}]` : address.address;
  return {
    server,
    url: `http://${shownHost}:${address.port}/`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
