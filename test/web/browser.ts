/**
 * Shared set-up for the playground's browser tests: the built page served by `startServer`, Debian's
 * Chromium driven by playwright-core, console problems collected, and a folder for screenshots
 * (DESCENT_SHOTS, or a fresh temporary folder whose path is printed). A test file calls
 * `browserSuite()` at the top of its describe block and drives `web.page` in its tests.
 */
import assert from "node:assert/strict";
import { after, before } from "node:test";
import { existsSync, mkdirSync, mkdtempSync } from "node:fs";
import { spawnSync } from "node:child_process";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium, type Browser, type BrowserContext, type Page } from "playwright-core";
import { defaultWebRoot, startServer, type RunningServer } from "../../src/serve/server.js";
import { observeLongTasks } from "./long-tasks.js";

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

export interface BrowserSuiteOptions {
  /** Collect the page's long tasks from its first script on (long-tasks.ts). */
  longTasks?: boolean;
  viewport?: { width: number; height: number };
}

/** One describe block's browser, usable inside its tests (before them it is not open yet). */
export interface BrowserSuite {
  readonly session: BrowserSession;
  readonly page: Page;
  /** Console errors and warnings, page errors and failed requests so far. */
  readonly errors: string[];
  /** The folder screenshots go to. */
  readonly shots: string;
  /** The served page's address with a query, e.g. `url("?view=2d")`. */
  url(search?: string): string;
  /** A query parameter of the page's current address. */
  param(name: string): string | null;
}

/**
 * Opens a browser before the tests of the describe block it is called in, and closes it after
 * them. Call it in the block's body, not inside a test.
 */
export function browserSuite(options: BrowserSuiteOptions = {}): BrowserSuite {
  let session: BrowserSession | null = null;
  before(async () => {
    session = await openBrowser(options.viewport);
    if (options.longTasks) await observeLongTasks(session.page);
  });
  after(async () => session?.close());
  const open = (): BrowserSession => {
    if (!session) throw new Error("the browser opens before the first test: use browserSuite's page inside a test");
    return session;
  };
  return {
    get session() {
      return open();
    },
    get page() {
      return open().page;
    },
    get errors() {
      return open().errors;
    },
    get shots() {
      return open().shots;
    },
    url: (search = "") => open().server.url + search,
    param: (name) => new URL(open().page.url()).searchParams.get(name),
  };
}
