/**
 * Request path → file inside the served folder, or a refusal. Pure apart from the file-system
 * checks in `server.ts`: decoding, traversal and null bytes are decided here so tests can name them.
 */
import { isAbsolute, join, normalize, sep } from "node:path";

export type Resolution = { file: string } | { status: 400 | 404; reason: string };

/**
 * Maps the URL's path (query and fragment ignored) to a path under `root`. `/` is index.html.
 * Refused: undecodable escapes and null bytes (400); `..` segments, backslashes, drive letters
 * and anything that would leave `root` (404, so nothing about the disk is revealed).
 */
export function resolveRequestPath(root: string, rawUrl: string): Resolution {
  const pathPart = rawUrl.split(/[?#]/, 1)[0] ?? "";
  if (!pathPart.startsWith("/")) return { status: 400, reason: "path must start with /" };
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathPart);
  } catch {
    return { status: 400, reason: "bad percent-encoding" };
  }
  if (decoded.includes("\0")) return { status: 400, reason: "null byte in path" };
  if (decoded.includes("\\") || /(^|\/)\.\.?(\/|$)/.test(decoded) || /^\/+[A-Za-z]:/.test(decoded) || decoded.startsWith("//")) {
    return { status: 404, reason: "path outside the served folder" };
  }
  const relative = decoded === "/" ? "index.html" : decoded.replace(/^\/+/, "");
  if (relative.endsWith("/") || relative === "") return { status: 404, reason: "no directory listing" };
  const file = normalize(join(root, relative));
  if (isAbsolute(relative) || !file.startsWith(root.endsWith(sep) ? root : root + sep)) return { status: 404, reason: "path outside the served folder" };
  return { file };
}

const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".ico": "image/x-icon",
  ".txt": "text/plain; charset=utf-8",
  ".map": "application/json; charset=utf-8",
  ".woff2": "font/woff2",
  ".csv": "text/csv; charset=utf-8",
};

/** Content-Type for a file name (octet-stream when unknown, which with nosniff is never executed). */
export function contentType(file: string): string {
  const dot = file.lastIndexOf(".");
  return TYPES[dot < 0 ? "" : file.slice(dot).toLowerCase()] ?? "application/octet-stream";
}
