import { test, describe, before, after } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, mkdirSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { request, Agent } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CONTENT_SECURITY_POLICY, defaultWebRoot, startServer, type RunningServer } from "../../src/serve/server.js";
import { contentType, resolveRequestPath } from "../../src/serve/paths.js";
import { DescentError } from "../../src/errors.js";

/** A raw GET: the path goes on the wire exactly as written (fetch would normalize "/../"). */
function get(base: string, path: string, agent?: Agent, method = "GET"): Promise<{ status: number; headers: Record<string, unknown>; body: string }> {
  const { hostname, port } = new URL(base);
  return new Promise((resolve, reject) => {
    const req = request({ hostname, port, path, method, agent }, (res) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (c) => (body += c));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on("error", reject);
    req.end();
  });
}

describe("resolveRequestPath", () => {
  const root = "/srv/web-dist";
  const cases: [string, number | string][] = [
    ["/", "/srv/web-dist/index.html"],
    ["/?view=1d&f=6x^2", "/srv/web-dist/index.html"],
    ["/assets/index-abc.js?v=1#x", "/srv/web-dist/assets/index-abc.js"],
    ["/../package.json", 404],
    ["/assets/../../package.json", 404],
    ["/%2e%2e/package.json", 404],
    ["/%2E%2E%2Fpackage.json", 404],
    ["/..%5c..%5cpackage.json", 404],
    ["//etc/passwd", 404],
    ["/C:/Windows/win.ini", 404],
    ["/./index.html", 404],
    ["/assets/", 404],
    ["/index.html%00.js", 400],
    ["/%zz", 400],
    ["index.html", 400],
    ["*", 400],
  ];
  for (const [url, expected] of cases) {
    test(`${url} → ${expected}`, () => {
      const r = resolveRequestPath(root, url);
      if (typeof expected === "string") assert.deepEqual(r, { file: expected });
      else assert.equal("status" in r ? r.status : r.file, expected);
    });
  }
  test("content types", () => {
    assert.equal(contentType("a/index.html"), "text/html; charset=utf-8");
    assert.equal(contentType("a/x.JS"), "text/javascript; charset=utf-8");
    assert.equal(contentType("a/x.css"), "text/css; charset=utf-8");
    assert.equal(contentType("a/x.bin"), "application/octet-stream");
  });
  test("the default root is web-dist at the repository root", () => {
    assert.match(defaultWebRoot(), /[\\/]web-dist$/);
    assert.equal(defaultWebRoot(), join(process.cwd(), "web-dist"));
  });
});

describe("static server", () => {
  let dir: string;
  let root: string;
  let s: RunningServer;
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), "descent-serve-"));
    root = join(dir, "web-dist");
    mkdirSync(join(root, "assets"), { recursive: true });
    writeFileSync(join(root, "index.html"), "<!doctype html><title>page</title>");
    writeFileSync(join(root, "assets", "app-1.js"), "console.log(1)");
    writeFileSync(join(root, "assets", "style.css"), "body{}");
    writeFileSync(join(dir, "secret.txt"), "do not serve");
    symlinkSync(join(dir, "secret.txt"), join(root, "assets", "link.txt"));
    s = await startServer({ root, port: 0 });
  });
  after(async () => {
    await s.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test("binds loopback by default and serves index.html at / with the CSP and nosniff", async () => {
    assert.match(s.url, /^http:\/\/127\.0\.0\.1:\d+\/$/);
    const r = await get(s.url, "/?view=2d&starts=1,2");
    assert.equal(r.status, 200);
    assert.equal(r.body, "<!doctype html><title>page</title>");
    assert.equal(r.headers["content-type"], "text/html; charset=utf-8");
    assert.equal(r.headers["x-content-type-options"], "nosniff");
    assert.equal(r.headers["content-security-policy"], CONTENT_SECURITY_POLICY);
    assert.match(CONTENT_SECURITY_POLICY, /script-src 'self' 'unsafe-eval'/);
  });
  test("serves assets with their types and long caching", async () => {
    const js = await get(s.url, "/assets/app-1.js");
    assert.equal(js.status, 200);
    assert.equal(js.body, "console.log(1)");
    assert.equal(js.headers["content-type"], "text/javascript; charset=utf-8");
    assert.match(String(js.headers["cache-control"]), /immutable/);
    assert.equal((await get(s.url, "/assets/style.css")).headers["content-type"], "text/css; charset=utf-8");
  });
  const refused: [string, number][] = [
    ["/../secret.txt", 404],
    ["/assets/../../secret.txt", 404],
    ["/%2e%2e/secret.txt", 404],
    ["/%2e%2e%2fsecret.txt", 404],
    ["/..%2f..%2fpackage.json", 404],
    ["/..%5csecret.txt", 404],
    [`/${"x".repeat(10)}/../../secret.txt`, 404],
    ["//etc/passwd", 404],
    ["/etc/passwd", 404],
    ["/assets/", 404],
    ["/assets", 404],
    ["/assets/link.txt", 404],
    ["/index.html%00", 400],
    ["/%E0%A4%A", 400],
    ["/missing.js", 404],
  ];
  for (const [path, status] of refused) {
    test(`refuses ${path} with ${status}`, async () => {
      const r = await get(s.url, path);
      assert.equal(r.status, status);
      assert.doesNotMatch(r.body, /do not serve|page/);
      assert.equal(r.headers["x-content-type-options"], "nosniff");
    });
  }
  test("only GET and HEAD", async () => {
    assert.equal((await get(s.url, "/", undefined, "POST")).status, 405);
    const head = await get(s.url, "/", undefined, "HEAD");
    assert.equal(head.status, 200);
    assert.equal(head.body, "");
  });
  test("answers 1,000 concurrent requests on loopback without an error", async () => {
    // One socket per request, all opened at once: 1,000 connections in flight together.
    const agent = new Agent({ keepAlive: false, maxSockets: Infinity });
    try {
      const paths = Array.from({ length: 1000 }, (_, i) => (i % 3 === 0 ? "/" : i % 3 === 1 ? "/assets/app-1.js" : "/../secret.txt"));
      const results = await Promise.all(paths.map((p) => get(s.url, p, agent)));
      results.forEach((r, i) => assert.equal(r.status, i % 3 === 2 ? 404 : 200, `request ${i}`));
    } finally {
      agent.destroy();
    }
  });
  test("a taken port and a missing build give one-line errors", async () => {
    const port = Number(new URL(s.url).port);
    await assert.rejects(startServer({ root, port }), (e: unknown) => e instanceof DescentError && /^port \d+ on 127\.0\.0\.1 is already in use: pick another with --port$/.test(e.message));
    await assert.rejects(startServer({ root: join(dir, "nowhere"), port: 0 }), (e: unknown) => e instanceof DescentError && /run npm run build$/.test(e.message) && !e.message.includes("\n"));
  });
});
