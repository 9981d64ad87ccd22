/**
 * Datasets by name: where they are looked for, and the download path, served from the shared copy
 * of Fashion-MNIST by a local HTTP server (wrong bytes, interrupted connections, no server at all).
 */
import { test, describe, before, after } from "node:test";
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import {
  FASHION_MNIST, cacheRoot, datasetFolders, fetchDataset, findLocalDataset, idxFolderOf, loadDataset, matchesPublished,
  type DownloadProgress,
} from "../../src/data/index.node.js";
import { DataError } from "../../src/errors.js";
import { SHARED_DATASETS } from "../shared-data.js";
import { closedPort, startMirror, type LocalMirror } from "../local-mirror.js";

const SHARED_FASHION = join(SHARED_DATASETS, "fashion-mnist");
const skip = !existsSync(SHARED_FASHION) && `${SHARED_FASHION} is absent`;

describe("downloading fashion-mnist from a mirror", { skip }, () => {
  let server: LocalMirror;
  let mirror: string;
  const scratch = mkdtempSync(join(tmpdir(), "descent-store-"));

  before(async () => {
    server = await startMirror(SHARED_FASHION);
    mirror = server.url;
  });
  after(() => {
    server.close();
    rmSync(scratch, { recursive: true, force: true });
  });

  /** A fresh DESCENT_DATA_DIR for one test. */
  function freshEnv(name: string): Record<string, string> {
    const dir = join(scratch, name);
    mkdirSync(dir);
    return { DESCENT_DATA_DIR: dir, DESCENT_DATA_MIRROR: mirror, HOME: join(scratch, `${name}-home`) };
  }

  test("a re-compressed copy passes by the SHA-256 of its content, is written whole, and then loads by name", async () => {
    server.reset();
    const env = freshEnv("ok");
    const progress: DownloadProgress[] = [];
    const dir = await fetchDataset("fashion-mnist", { env, onProgress: (p) => progress.push({ ...p }) });
    assert.equal(dir, join(env.DESCENT_DATA_DIR!, "fashion-mnist"));
    // Every file arrived, byte for byte, and nothing else (no temporary files left).
    assert.deepEqual(readdirSync(dir).sort(), FASHION_MNIST.files.map((f) => f.file).sort());
    for (const f of FASHION_MNIST.files) assert.ok(readFileSync(join(dir, f.file)).equals(readFileSync(join(SHARED_FASHION, f.file))));
    // Progress ends each file at its full size.
    for (const f of FASHION_MNIST.files) {
      const last = progress.filter((p) => p.file === f.file).at(-1)!;
      assert.equal(last.received, last.total);
    }
    // A second call finds the files and downloads nothing.
    const before = server.requests.length;
    assert.equal(await fetchDataset("fashion-mnist", { env }), dir);
    assert.equal(server.requests.length, before);
  });

  test("a file with other bytes is refused, named, and not written", async () => {
    server.reset({ "train-labels-idx1-ubyte.gz": ["corrupt"] });
    const env = freshEnv("corrupt");
    await assert.rejects(fetchDataset("fashion-mnist", { env }), (e: Error) => {
      assert.ok(e instanceof DataError);
      assert.match(e.message, /train-labels-idx1-ubyte\.gz is not the published train-labels-idx1-ubyte\.gz \(md5 [0-9a-f]{32}, expected 25c81989df183df01b3e8a0aad5dffbe\): nothing was written/);
      assert.ok(!e.message.includes("\n"));
      return true;
    });
    const dir = join(env.DESCENT_DATA_DIR!, "fashion-mnist");
    // The file before it in the list is whole and kept; the bad one and everything after are absent.
    assert.deepEqual(readdirSync(dir), ["train-images-idx3-ubyte.gz"]);
  });

  test("an interrupted download is retried from the start and then succeeds", async () => {
    server.reset({ "t10k-labels-idx1-ubyte.gz": ["cut", "serve"] });
    const env = freshEnv("retry");
    const dir = await fetchDataset("fashion-mnist", { env });
    // Cut short once, then served whole: exactly two requests for that file.
    assert.equal(server.requests.filter((r) => r === "t10k-labels-idx1-ubyte.gz").length, 2);
    assert.ok(readFileSync(join(dir, "t10k-labels-idx1-ubyte.gz")).equals(readFileSync(join(SHARED_FASHION, "t10k-labels-idx1-ubyte.gz"))));
  });

  test("a download cut short every time ends in one line saying where to put the files; nothing half-written", async () => {
    server.reset({ "train-labels-idx1-ubyte.gz": ["cut"] });
    const env = freshEnv("cut");
    await assert.rejects(fetchDataset("fashion-mnist", { env, attempts: 2 }), (e: Error) => {
      assert.ok(e instanceof DataError);
      assert.match(e.message, /^cannot download http:\/\/127\.0\.0\.1:\d+\/train-labels-idx1-ubyte\.gz \((the connection (ended|broke) after \d+|connection closed)/);
      assert.match(e.message, /2 tries\): put train-images-idx3-ubyte\.gz, train-labels-idx1-ubyte\.gz, t10k-images-idx3-ubyte\.gz, t10k-labels-idx1-ubyte\.gz in .*fashion-mnist\/ \(or set DESCENT_DATA_DIR/);
      assert.ok(!e.message.includes("\n"));
      return true;
    });
    assert.deepEqual(readdirSync(join(env.DESCENT_DATA_DIR!, "fashion-mnist")), ["train-images-idx3-ubyte.gz"]);
  });

  test("a missing file on the mirror is an HTTP error naming the URL", async () => {
    server.reset();
    const env = { ...freshEnv("404"), DESCENT_DATA_MIRROR: `${mirror}nowhere/` };
    await assert.rejects(fetchDataset("fashion-mnist", { env }), /^DataError: cannot download http:\/\/127\.0\.0\.1:\d+\/nowhere\/train-images-idx3-ubyte\.gz: the server answered 404 Not Found$/);
  });
});

test("offline: no server at the mirror gives one line saying where to put the files", async () => {
  const home = mkdtempSync(join(tmpdir(), "descent-offline-"));
  try {
    const port = await closedPort();
    const env = { HOME: home, DESCENT_DATA_MIRROR: `http://127.0.0.1:${port}/` };
    await assert.rejects(fetchDataset("fashion-mnist", { env, attempts: 1 }), (e: Error) => {
      assert.ok(e instanceof DataError);
      assert.equal(
        e.message,
        `cannot download http://127.0.0.1:${port}/train-images-idx3-ubyte.gz (connection refused, ECONNREFUSED, 1 try): put train-images-idx3-ubyte.gz, train-labels-idx1-ubyte.gz, t10k-images-idx3-ubyte.gz, t10k-labels-idx1-ubyte.gz in ${join(home, ".cache", "descent", "fashion-mnist")}/ (or set DESCENT_DATA_DIR to a folder that holds fashion-mnist/)`,
      );
      return true;
    });
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
});

test("the published MD5 passes; other bytes pass only if they decompress to the recorded content", () => {
  const content = Buffer.from("idx bytes");
  const gz = gzipSync(content);
  const md5 = createHash("md5").update(gz).digest("hex");
  const sha = createHash("sha256").update(content).digest("hex");
  assert.ok(matchesPublished(gz, { file: "a.gz", md5, contentSha256: "0".repeat(64) }));
  assert.ok(matchesPublished(gzipSync(content, { level: 1 }), { file: "a.gz", md5: "0".repeat(32), contentSha256: sha }));
  assert.ok(!matchesPublished(gzipSync(Buffer.from("other")), { file: "a.gz", md5, contentSha256: sha }));
  assert.ok(!matchesPublished(Buffer.from("not gzip"), { file: "a.gz", md5, contentSha256: sha }));
});

test("datasets are looked for in DESCENT_DATA_DIR, then the user's cache (XDG_CACHE_HOME or ~/.cache)", () => {
  assert.deepEqual(datasetFolders("fashion-mnist", { DESCENT_DATA_DIR: "/d", HOME: "/h" }), ["/d/fashion-mnist", "/h/.cache/descent/fashion-mnist"]);
  assert.deepEqual(datasetFolders("fashion-mnist", { HOME: "/h", XDG_CACHE_HOME: "/x" }), ["/x/descent/fashion-mnist"]);
  assert.equal(cacheRoot({ HOME: "/h" }), "/h/.cache/descent");
  // Decompressed files count as present too.
  const dir = mkdtempSync(join(tmpdir(), "descent-local-"));
  try {
    mkdirSync(join(dir, "fashion-mnist"));
    for (const f of FASHION_MNIST.files.slice(0, 3)) writeFileSync(join(dir, "fashion-mnist", f.file), "");
    assert.equal(findLocalDataset(FASHION_MNIST, { DESCENT_DATA_DIR: dir, HOME: dir }), undefined);
    writeFileSync(join(dir, "fashion-mnist", "t10k-labels-idx1-ubyte"), "");
    assert.equal(findLocalDataset(FASHION_MNIST, { DESCENT_DATA_DIR: dir, HOME: dir }), join(dir, "fashion-mnist"));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("loading fashion-mnist by name uses DESCENT_DATA_DIR; absent, the error says how to get it", { skip }, () => {
  const saved = { dir: process.env.DESCENT_DATA_DIR, home: process.env.HOME, xdg: process.env.XDG_CACHE_HOME };
  const home = mkdtempSync(join(tmpdir(), "descent-home-"));
  try {
    process.env.DESCENT_DATA_DIR = SHARED_DATASETS;
    const ds = loadDataset("fashion-mnist", { split: "test" });
    assert.equal(ds.n, 10000);
    assert.equal(ds.classes![0], "T-shirt/top");
    assert.equal(idxFolderOf("fashion-mnist"), join(SHARED_DATASETS, "fashion-mnist"));
    delete process.env.DESCENT_DATA_DIR;
    delete process.env.XDG_CACHE_HOME;
    process.env.HOME = home;
    assert.throws(() => loadDataset("fashion-mnist"), (e: Error) => {
      assert.ok(e instanceof DataError);
      assert.match(e.message, /^fashion-mnist is not on this machine yet: the CLI downloads it \(descent train --data fashion-mnist\), the library with await fetchDataset\("fashion-mnist"\); or put train-images-idx3-ubyte\.gz, .* in .*\.cache\/descent\/fashion-mnist\//);
      return true;
    });
  } finally {
    for (const [key, value] of [["DESCENT_DATA_DIR", saved.dir], ["HOME", saved.home], ["XDG_CACHE_HOME", saved.xdg]] as const) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
    rmSync(home, { recursive: true, force: true });
  }
});
