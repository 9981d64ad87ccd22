/**
 * Where remote datasets live on this machine, and their download (Node only).
 *
 * A dataset called NAME is looked for in `$DESCENT_DATA_DIR/NAME/`, then in the user's cache
 * (`$XDG_CACHE_HOME/descent/NAME/`, by default `~/.cache/descent/NAME/`). When it is in neither,
 * `fetchDataset` downloads it from the mirror (`$DESCENT_DATA_MIRROR` overrides the dataset's own),
 * checks every file against its published checksum, and writes each file atomically, so an
 * interrupted or wrong download never leaves a file that looks whole.
 */
import { createHash } from "node:crypto";
import { existsSync, mkdirSync } from "node:fs";
import { homedir } from "node:os";
import { join, resolve } from "node:path";
import { gunzipSync } from "node:zlib";
import { DataError } from "../errors.js";
import { writeFileAtomic } from "../util/atomic-write.node.js";
import { remoteDataset, type RemoteDataset, type RemoteFile } from "./remote-datasets.js";

export type Env = Record<string, string | undefined>;

/** Progress of one file's download; `total` is undefined when the server does not say. */
export interface DownloadProgress {
  dataset: string;
  file: string;
  received: number;
  total: number | undefined;
}

export interface FetchDatasetOptions {
  /** Environment to read DESCENT_DATA_DIR, DESCENT_DATA_MIRROR, XDG_CACHE_HOME and HOME from. */
  env?: Env;
  /** Base URL of the files; default `$DESCENT_DATA_MIRROR`, else the dataset's own mirror. */
  mirror?: string;
  /** Called as bytes arrive, and once with `received === total` when a file is complete. */
  onProgress?: (p: DownloadProgress) => void;
  /** Tries per file when the connection fails or ends early (a retry starts the file afresh). */
  attempts?: number;
  /** The fetch to use (tests pass their own); default the global one. */
  fetch?: typeof fetch;
}

/** The folder that holds downloaded datasets when DESCENT_DATA_DIR is not set. */
export function cacheRoot(env: Env = process.env): string {
  if (env.XDG_CACHE_HOME) return join(resolve(env.XDG_CACHE_HOME), "descent");
  return join(env.HOME ?? homedir(), ".cache", "descent");
}

/** The folders searched for dataset `name`, in order. */
export function datasetFolders(name: string, env: Env = process.env): string[] {
  const dirs = env.DESCENT_DATA_DIR ? [join(resolve(env.DESCENT_DATA_DIR), name)] : [];
  return [...dirs, join(cacheRoot(env), name)];
}

/** The folder a download of `name` goes to: the first searched one. */
export function downloadFolder(name: string, env: Env = process.env): string {
  return datasetFolders(name, env)[0]!;
}

/** A file is present compressed (as published) or already decompressed. */
function hasFile(dir: string, f: RemoteFile): boolean {
  return existsSync(join(dir, f.file)) || existsSync(join(dir, f.file.replace(/\.gz$/, "")));
}

/** The first folder that holds every file of `dataset`, or undefined. */
export function findLocalDataset(dataset: RemoteDataset, env: Env = process.env): string | undefined {
  return datasetFolders(dataset.name, env).find((dir) => dataset.files.every((f) => hasFile(dir, f)));
}

/** One line telling a user where to put the files by hand. */
export function whereToPut(dataset: RemoteDataset, env: Env = process.env): string {
  return `put ${dataset.files.map((f) => f.file).join(", ")} in ${downloadFolder(dataset.name, env)}/ (or set DESCENT_DATA_DIR to a folder that holds ${dataset.name}/)`;
}

/** Whether `bytes` are the published file: its MD5, or the SHA-256 of what it decompresses to. */
export function matchesPublished(bytes: Uint8Array, f: RemoteFile): boolean {
  if (createHash("md5").update(bytes).digest("hex") === f.md5) return true;
  let content: Buffer;
  try {
    content = gunzipSync(bytes);
  } catch {
    return false;
  }
  return createHash("sha256").update(content).digest("hex") === f.contentSha256;
}

/** A connection that failed or ended early: worth another try. */
class Interrupted extends Error {}

async function download(url: string, f: RemoteFile, dataset: string, options: FetchDatasetOptions): Promise<Uint8Array> {
  const doFetch = options.fetch ?? fetch;
  let response: Response;
  try {
    response = await doFetch(url);
  } catch (e) {
    throw new Interrupted(describeFailure(e));
  }
  if (!response.ok || response.body === null) {
    throw new DataError(`cannot download ${url}: the server answered ${response.status} ${response.statusText}`.trimEnd());
  }
  const header = response.headers.get("content-length");
  const total = header !== null && /^\d+$/.test(header) ? Number(header) : undefined;
  const chunks: Uint8Array[] = [];
  let received = 0;
  try {
    for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
      chunks.push(chunk);
      received += chunk.length;
      options.onProgress?.({ dataset, file: f.file, received, total });
    }
  } catch (e) {
    throw new Interrupted(`the connection broke after ${received}${total !== undefined ? ` of ${total}` : ""} bytes (${describeFailure(e)})`);
  }
  if (total !== undefined && received !== total) {
    throw new Interrupted(`the connection ended after ${received} of ${total} bytes`);
  }
  return Buffer.concat(chunks);
}

const FAILURE_WORDS: Record<string, string> = {
  ECONNREFUSED: "connection refused",
  ENOTFOUND: "host not found",
  EAI_AGAIN: "host not found",
  ECONNRESET: "connection reset",
  ETIMEDOUT: "timed out",
  UND_ERR_SOCKET: "connection closed",
  UND_ERR_CONNECT_TIMEOUT: "timed out",
};

/** The cause of a failed fetch in a few words (Node's fetch hides it in `cause`). */
function describeFailure(e: unknown): string {
  const cause = (e as { cause?: { code?: string; message?: string } }).cause;
  const code = cause?.code;
  if (code !== undefined) return FAILURE_WORDS[code] ? `${FAILURE_WORDS[code]}, ${code}` : code;
  return cause?.message ?? (e as Error).message ?? String(e);
}

/**
 * Makes sure dataset `name` is on this machine and returns its folder: the local copy when there
 * is one, else a verified download. Errors are `DataError`s of one line saying what to do.
 */
export async function fetchDataset(name: string, options: FetchDatasetOptions = {}): Promise<string> {
  const dataset = remoteDataset(name);
  if (!dataset) throw new DataError(`no downloadable dataset "${name}"`);
  const env = options.env ?? process.env;
  const local = findLocalDataset(dataset, env);
  if (local !== undefined) return local;
  const dir = downloadFolder(name, env);
  const base = (options.mirror ?? env.DESCENT_DATA_MIRROR ?? dataset.mirror).replace(/\/*$/, "/");
  const attempts = options.attempts ?? 3;
  try {
    mkdirSync(dir, { recursive: true });
  } catch (e) {
    throw new DataError(`cannot create ${dir} for ${name}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}; ${whereToPut(dataset, env)}`);
  }
  for (const f of dataset.files) {
    if (hasFile(dir, f)) continue;
    const url = base + f.file;
    let bytes: Uint8Array | undefined;
    let lastFailure = "";
    for (let attempt = 1; attempt <= attempts && bytes === undefined; attempt++) {
      try {
        bytes = await download(url, f, name, options);
      } catch (e) {
        if (!(e instanceof Interrupted)) throw e;
        lastFailure = e.message;
      }
    }
    if (bytes === undefined) {
      throw new DataError(`cannot download ${url} (${lastFailure}, ${attempts} ${attempts === 1 ? "try" : "tries"}): ${whereToPut(dataset, env)}`);
    }
    if (!matchesPublished(bytes, f)) {
      const md5 = createHash("md5").update(bytes).digest("hex");
      throw new DataError(
        `${url} is not the published ${f.file} (md5 ${md5}, expected ${f.md5}): nothing was written; set DESCENT_DATA_MIRROR to another mirror or ${whereToPut(dataset, env)}`,
      );
    }
    writeFileAtomic(join(dir, f.file), bytes);
  }
  return dir;
}
