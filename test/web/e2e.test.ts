/**
 * End to end: the built page served by `startServer`, driven in Debian's Chromium through
 * playwright-core. Skips (with a message) only when /usr/bin/chromium is absent. Screenshots go
 * to a temporary folder whose path is printed.
 */
import { test, describe, before, after } from "node:test";
import assert from "node:assert/strict";
import { existsSync, mkdtempSync } from "node:fs";
import { spawnSync } from "node:child_process";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium, type Browser, type Page } from "playwright-core";
import { defaultWebRoot, startServer, type RunningServer } from "../../src/serve/server.js";

const CHROMIUM = "/usr/bin/chromium";
const ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"];
const skip = existsSync(CHROMIUM) ? false : `${CHROMIUM} is not installed (apt-get install -y chromium)`;
if (skip) console.log(`# skipping the web end-to-end tests: ${skip}`);

/** Gradient descent on 6x² − 12x + 3 by hand, for the numbers the page must show. */
function gd1d(x0: number, lr: number, steps: number): number {
  let x = x0;
  for (let k = 0; k < steps; k++) x -= lr * (12 * x - 12);
  return x;
}

/** The page's number format: four significant digits and a true minus sign. */
function shown(v: number): string {
  return String(Number(v.toPrecision(4))).replace(/^-/, "−");
}

describe("web playground in Chromium", { skip, timeout: 90_000 }, () => {
  let server: RunningServer;
  let browser: Browser;
  let page: Page;
  const errors: string[] = [];
  const shots = mkdtempSync(join(tmpdir(), "descent-web-shots-"));

  before(async () => {
    if (!existsSync(join(defaultWebRoot(), "index.html"))) {
      const built = spawnSync(process.execPath, ["node_modules/vite/bin/vite.js", "build"], { stdio: "inherit" });
      assert.equal(built.status, 0, "vite build failed");
    }
    server = await startServer({ port: 0 });
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS, headless: true });
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    page = await context.newPage();
    page.on("console", (m) => {
      if (m.type() === "error" || m.type() === "warning") errors.push(`${m.type()}: ${m.text()}`);
    });
    page.on("pageerror", (e) => errors.push(`pageerror: ${e.message}`));
    page.on("requestfailed", (r) => errors.push(`request failed: ${r.url()}`));
    console.log(`# screenshots in ${shots}`);
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  const open = async (search: string) => {
    await page.goto(server.url + search);
    await page.waitForSelector("#view .output");
  };
  const param = (name: string) => new URL(page.url()).searchParams.get(name);

  test("1-D: the issue's link shows x = −0.216", async () => {
    await open("?view=1d&f=6x^2-12x%2B3&x0=-0.9&lr=0.03&steps=1");
    assert.match(await page.locator("#current-point").innerText(), /x = −0\.216,/);
    assert.match(await page.locator("#oned-edge").innerText(), /2\/f″ = 2\/12 = 0\.1667/);
    await page.screenshot({ path: join(shots, "1d.png"), fullPage: true });
  });

  test("1-D: change the learning rate, step, and the numbers follow", async () => {
    await page.fill("#oned-lr", "0.15");
    await page.waitForFunction(() => new URL(location.href).searchParams.get("lr") === "0.15");
    assert.match(await page.locator("#current-point").innerText(), new RegExp(`x = ${shown(gd1d(-0.9, 0.15, 1))},`));
    assert.match(await page.locator("#oned-notes").innerText(), /overshoots the minimum but lands closer/);
    await page.click("#oned-step");
    await page.click("#oned-step");
    assert.equal(param("steps"), "3");
    assert.match(await page.locator("#current-point").innerText(), new RegExp(`after 3 steps: x = ${shown(gd1d(-0.9, 0.15, 3))},`));
    assert.equal(await page.locator("#oned-table tbody tr").count(), 4);
    // Keyboard: N steps once more (focus outside any text field).
    await page.locator("#oned-step").focus();
    await page.keyboard.press("n");
    assert.equal(param("steps"), "4");
    // Past the stability edge the page says it diverges.
    await page.fill("#oned-lr", "0.2");
    await page.waitForFunction(() => new URL(location.href).searchParams.get("lr") === "0.2");
    assert.match(await page.locator("#oned-notes").innerText(), /η > 2\/f″.*diverge/);
    // The log slider moves the learning rate from the keyboard.
    await page.locator("#oned-lr-slider").focus();
    await page.keyboard.press("ArrowLeft");
    assert.equal(param("lr"), String(Number((10 ** (Math.log10(0.2) - 0.01)).toPrecision(3))));
    await page.click("#oned-reset");
    assert.equal(param("steps"), "0");
  });

  test("1-D: clicking the curve sets the start; the URL reproduces the view", async () => {
    await open("?view=1d&f=article-1d&x0=-0.9&lr=0.03&steps=5");
    const box = (await page.locator("#oned-figure svg clipPath rect").boundingBox())!;
    await page.mouse.click(box.x + box.width * 0.75, box.y + box.height / 2);
    // The page rewrites the URL after it recomputes; wait for that rather than racing it.
    await page.waitForFunction(() => new URL(location.href).searchParams.get("x0") !== "-0.9", undefined, { timeout: 5000 }).catch(() => {});
    const x0 = Number(param("x0"));
    assert.ok(x0 > 1 && x0 < 3, `clicked at three quarters of [-1, 3], got x0 = ${x0}`);
    assert.equal(param("steps"), "0");
    await page.fill("#oned-steps", "7");
    await page.waitForFunction(() => new URL(location.href).searchParams.get("steps") === "7");
    const before = await page.locator("#current-point").innerText();
    const link = page.url();
    await page.goto(link);
    await page.waitForSelector("#oned-figure svg");
    assert.equal(page.url(), link);
    assert.equal(await page.locator("#current-point").innerText(), before);
    assert.match(before, new RegExp(`x = ${shown(gd1d(x0, 0.03, 7))},`));
  });

  test("1-D: exports SVG, PNG and JSON", async () => {
    for (const [label, name] of [["Export SVG", "descent-1d.svg"], ["Export PNG", "descent-1d.png"], ["Export JSON", "descent-1d.json"]]) {
      const download = page.waitForEvent("download");
      await page.getByRole("button", { name: label }).click();
      assert.equal((await download).suggestedFilename(), name);
    }
  });

  test("2-D: clicking the contour map adds a start at the clicked point", async () => {
    await open("?view=2d&f=two-minima&starts=0.4,0.2&lr=0.5&steps=100&optimizer=sgd;adam:lr=0.1&basins=1");
    assert.equal(await page.locator("#twod-runs tbody tr").count(), 2);
    const box = (await page.locator("#twod-figure svg clipPath rect").boundingBox())!;
    // The domain is [-3, 3]²: a quarter in from the left and from the top is (-1.5, 1.5).
    await page.mouse.move(box.x + box.width / 4, box.y + box.height / 4);
    assert.match(await page.locator("#twod-hover").innerText(), /\(x, y\) = \(−1\.5\d*, 1\.5\d*\)\s+f = −1\.\d+\s+∇f = \(/);
    await page.mouse.click(box.x + box.width / 4, box.y + box.height / 4);
    const starts = param("starts")!.split(";").map((p) => p.split(",").map(Number));
    assert.equal(starts.length, 2);
    assert.ok(Math.abs(starts[1]![0]! + 1.5) < 0.05 && Math.abs(starts[1]![1]! - 1.5) < 0.05, `start ${starts[1]}`);
    assert.equal(await page.locator("#twod-runs tbody tr").count(), 4);
    // From (−1.5, 1.5) plain gradient descent reaches the deeper well at (−0.98, 0.98).
    assert.match(await page.locator("#twod-runs tbody tr").nth(2).innerText(), /sgd from \(-1\.5\d*, 1\.5\d*\)\s+converged\s+\(−0\.9804, 0\.9804\)\s+−2\.019/);
    // The basin map comes from a worker, after the paths.
    await page.waitForSelector("#twod-figure g.basins image", { timeout: 60_000 });
    await page.fill("#twod-lr", "0.05");
    await page.waitForFunction(() => new URL(location.href).searchParams.get("lr") === "0.05");
    await page.screenshot({ path: join(shots, "2d.png"), fullPage: true });
  });

  test("2-D: the Hessian's eigen-directions are drawn at the last start, with their eigenvalues", async () => {
    await open("?view=2d&f=article-2d&starts=0.5,0.5&lr=0.05&steps=50");
    const lines = page.locator("#twod-figure [data-testid=eigen-directions] line");
    assert.equal(await lines.count(), 2);
    assert.match(await page.getByTestId("twod-eigen").innerText(), /^At \(0\.5, 0\.5\) the Hessian's eigenvalues are 18 and 12: curving up in every direction; condition number 1\.5, so paths bend/);
    // A saddle curves down along one direction: that eigen-direction is dashed.
    await open("?view=2d&f=saddle&starts=0.5,0.5&lr=0.05&steps=20");
    assert.match(await page.getByTestId("twod-eigen").innerText(), /eigenvalues are 2 and −2: curving up along one direction and down along the other/);
    assert.equal(await page.locator("#twod-figure [data-testid=eigen-directions] line[stroke-dasharray]").count(), 1);
  });

  test("a full optimizer list refuses a 7th with a message instead of dropping the first", async () => {
    await open("?view=race&optimizer=sgd;momentum;nesterov;adagrad;rmsprop;adam");
    await page.locator("#race-optimizer-add").selectOption("lion");
    assert.equal(param("optimizer"), "sgd;momentum;nesterov;adagrad;rmsprop;adam");
    assert.match(await page.getByTestId("race-optimizer-message").innerText(), /^At most 6 optimizers: remove one from the list before adding lion\.$/);
  });

  test("race and SGD views load and respond", async () => {
    await open("?view=race");
    await page.waitForSelector("#race-values svg");
    assert.equal(await page.locator("#race-runs tbody tr").count(), 4);
    assert.equal(await page.locator("#view svg").count(), 2);
    await page.fill("#race-steps", "50");
    await page.waitForFunction(() => new URL(location.href).searchParams.get("steps") === "50");
    assert.match(await page.locator("#race-runs tbody tr").first().innerText(), /\t50$/);
    // Hyperparameters: editing adam's beta1 rewrites its spec in the URL.
    await page.fill("#race-opt2-beta1", "0.8");
    await page.waitForFunction(() => new URL(location.href).searchParams.get("optimizer") === "sgd;momentum;adam:lr=0.05,beta1=0.8;rmsprop:lr=0.01");
    assert.equal(await page.locator("#race-runs tbody tr").nth(2).locator("td").first().innerText(), "adam:lr=0.05,beta1=0.8");
    await page.screenshot({ path: join(shots, "race.png"), fullPage: true });
    await page.click("#tab-sgd");
    await page.waitForSelector("#sgd-table");
    assert.equal(param("view"), "sgd");
    assert.equal(await page.locator("#sgd-table tbody tr").count(), 3);
    await page.fill("#sgd-batch", "8");
    await page.waitForFunction(() => new URL(location.href).searchParams.get("batch") === "8");
    // The SGD view trains in a worker: the table follows when it answers.
    await page.waitForFunction(() => /minibatch \(8\)\s+1440\s/.test((document.querySelectorAll("#sgd-table tbody tr")[1] as HTMLElement | undefined)?.innerText ?? ""));
    await page.screenshot({ path: join(shots, "sgd.png"), fullPage: true });
  });

  test("every view fits a 375 px wide phone", async () => {
    await page.setViewportSize({ width: 375, height: 800 });
    for (const view of ["1d", "2d", "sgd", "race"]) {
      await open(`?view=${view}`);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      assert.ok(overflow <= 0, `${view} is ${overflow} px too wide`);
      await page.screenshot({ path: join(shots, `phone-${view}.png`), fullPage: true });
    }
  });

  test("bad URL values are reported, not thrown", async () => {
    await open("?view=1d&lr=banana&f=6x^^2");
    assert.match(await page.locator("#problems").innerText(), /lr="banana" is not a number/);
    assert.match(await page.locator("#oned-error").innerText(), /cannot parse/);
  });

  test("no console errors or warnings on any page", () => {
    assert.deepEqual(errors, []);
  });
});
