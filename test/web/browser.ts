/**
 * Shared set-up for the playground's browser tests: the built page served by `startServer`, Debian's
 * Chromium driven by playwright-core, console problems collected, and a folder for screenshots
 * (DESCENT_SHOTS, or a fresh temporary folder whose path is printed).
 */
import assert from "node:assert/strict";
import { existsSync, mkdirSync, mkdtempSync } from "node:fs";
import { spawnSync } from "node:child_process";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium, type Browser, type BrowserContext, type Page } from "playwright-core";
import { defaultWebRoot, startServer, type RunningServer } from "../../src/serve/server.js";

export const CHROMIUM = "/usr/bin/chromium";
const ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"];
export const skipBrowser = existsSync(CHROMIUM) ? false : `${CHROMIUM} is not installed (apt-get install -y chromium)`;

export interface BrowserSession {
  server: RunningServer;
  browser: Browser;
  context: BrowserContext;
  page: Page;
  /** Console errors and warnings, page errors and failed requests, as lines. */
  errors: string[];
  shots: string;
  close(): Promise<void>;
}

export async function openBrowser(viewport = { width: 1280, height: 900 }): Promise<BrowserSession> {
  if (!existsSync(join(defaultWebRoot(), "index.html"))) {
    const built = spawnSync(process.execPath, ["node_modules/vite/bin/vite.js", "build"], { stdio: "inherit" });
    assert.equal(built.status, 0, "vite build failed");
  }
  const server = await startServer({ port: 0 });
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS, headless: true });
  const context = await browser.newContext({ viewport, acceptDownloads: true });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on("console", (m) => {
    if (m.type() === "error" || m.type() === "warning") errors.push(`${m.type()}: ${m.text()}`);
  });
  page.on("pageerror", (e) => errors.push(`pageerror: ${e.message}`));
  page.on("requestfailed", (r) => errors.push(`request failed: ${r.url()}`));
  const shots = process.env.DESCENT_SHOTS ?? mkdtempSync(join(tmpdir(), "descent-web-shots-"));
  mkdirSync(shots, { recursive: true });
  console.log(`# screenshots in ${shots}`);
  return {
    server, browser, context, page, errors, shots,
    async close() {
      await browser.close();
      await server.close();
    },
  };
}
