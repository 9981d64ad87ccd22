/**
 * End to end: the built page served by `startServer`, driven in Debian's Chromium through
 * playwright-core (browser.ts). Skips (with a message) only when /usr/bin/chromium is absent.
 * Screenshots go to a temporary folder whose path is printed.
 */
import { test, describe } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { browserSuite, skipBrowser } from "./browser.js";

if (skipBrowser) console.log(`# skipping the web end-to-end tests: ${skipBrowser}`);

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

describe("web playground in Chromium", { skip: skipBrowser, timeout: 90_000 }, () => {
  const web = browserSuite();

  const open = async (search: string) => {
    await web.page.goto(web.url(search));
    await web.page.waitForSelector("#view .output");
  };

  test("1-D: the issue's link shows x = −0.216", async () => {
    await open("?view=1d&f=6x^2-12x%2B3&x0=-0.9&lr=0.03&steps=1");
    assert.match(await web.page.locator("#current-point").innerText(), /x = −0\.216,/);
    assert.match(await web.page.locator("#oned-edge").innerText(), /2\/f″ = 2\/12 = 0\.1667/);
    await web.page.screenshot({ path: join(web.shots, "1d.png"), fullPage: true });
  });

  test("1-D: change the learning rate, step, and the numbers follow", async () => {
    await web.page.fill("#oned-lr", "0.15");
    await web.page.waitForFunction(() => new URL(location.href).searchParams.get("lr") === "0.15");
    assert.match(await web.page.locator("#current-point").innerText(), new RegExp(`x = ${shown(gd1d(-0.9, 0.15, 1))},`));
    assert.match(await web.page.locator("#oned-notes").innerText(), /overshoots the minimum but lands closer/);
    await web.page.click("#oned-step");
    await web.page.click("#oned-step");
    assert.equal(web.param("steps"), "3");
    assert.match(await web.page.locator("#current-point").innerText(), new RegExp(`after 3 steps: x = ${shown(gd1d(-0.9, 0.15, 3))},`));
    assert.equal(await web.page.locator("#oned-table tbody tr").count(), 4);
    // Keyboard: N steps once more (focus outside any text field).
    await web.page.locator("#oned-step").focus();
    await web.page.keyboard.press("n");
    assert.equal(web.param("steps"), "4");
    // Past the stability edge the page says it diverges.
    await web.page.fill("#oned-lr", "0.2");
    await web.page.waitForFunction(() => new URL(location.href).searchParams.get("lr") === "0.2");
    assert.match(await web.page.locator("#oned-notes").innerText(), /η > 2\/f″.*diverge/);
    // The log slider moves the learning rate from the keyboard.
    await web.page.locator("#oned-lr-slider").focus();
    await web.page.keyboard.press("ArrowLeft");
    assert.equal(web.param("lr"), String(Number((10 ** (Math.log10(0.2) - 0.01)).toPrecision(3))));
    await web.page.click("#oned-reset");
    assert.equal(web.param("steps"), "0");
  });

  test("1-D: clicking the curve sets the start; the URL reproduces the view", async () => {
    await open("?view=1d&f=article-1d&x0=-0.9&lr=0.03&steps=5");
    const box = (await web.page.locator("#oned-figure svg clipPath rect").boundingBox())!;
    await web.page.mouse.click(box.x + box.width * 0.75, box.y + box.height / 2);
    // The page rewrites the URL after it recomputes; wait for that rather than racing it.
    await web.page.waitForFunction(() => new URL(location.href).searchParams.get("x0") !== "-0.9", undefined, { timeout: 5000 }).catch(() => {});
    const x0 = Number(web.param("x0"));
    assert.ok(x0 > 1 && x0 < 3, `clicked at three quarters of [-1, 3], got x0 = ${x0}`);
    assert.equal(web.param("steps"), "0");
    await web.page.fill("#oned-steps", "7");
    await web.page.waitForFunction(() => new URL(location.href).searchParams.get("steps") === "7");
    const before = await web.page.locator("#current-point").innerText();
    const link = web.page.url();
    await web.page.goto(link);
    await web.page.waitForSelector("#oned-figure svg");
    assert.equal(web.page.url(), link);
    assert.equal(await web.page.locator("#current-point").innerText(), before);
    assert.match(before, new RegExp(`x = ${shown(gd1d(x0, 0.03, 7))},`));
  });

  test("1-D from the keyboard: Tab to the plot, ← and → move a cursor along x, Enter sets the start", async () => {
    await open("?view=1d&f=article-1d&x0=-0.9&lr=0.03&steps=5");
    await web.page.waitForSelector("#oned-figure svg");
    const plot = web.page.locator("#oned-figure");
    assert.equal(await plot.getAttribute("tabindex"), "0");
    assert.match((await plot.getAttribute("aria-label"))!, /arrow keys move a cursor along x, Enter sets the start there/);
    assert.match(await web.page.locator("#oned-map-help").innerText(), /← and →/);
    // Reach the plot with Tab alone, from the view's tab button.
    await web.page.locator("#tab-1d").focus();
    for (let i = 0; i < 40 && !(await plot.evaluate((el) => el === document.activeElement)); i++) await web.page.keyboard.press("Tab");
    assert.ok(await plot.evaluate((el) => el === document.activeElement), "Tab reaches the plot");
    // The cursor starts at x₀; each arrow moves it 1/40 of the 4-wide interval [−1, 3], Shift 1/8.
    const cursor = web.page.getByTestId("oned-cursor");
    assert.equal(await cursor.getAttribute("data-x"), "-0.9");
    for (const key of ["ArrowRight", "ArrowRight", "ArrowUp", "ArrowRight", "Shift+ArrowRight"]) await web.page.keyboard.press(key);
    assert.equal(await cursor.getAttribute("data-x"), "-0.1");
    // f = 6x² − 12x + 3 and f′ = 12x − 12 at x = −0.1.
    assert.match(await web.page.locator("#oned-cursor").innerText(), /^x = −0\.1\s+f\(x\) = 4\.26\s+f′\(x\) = −13\.2$/);
    await web.page.keyboard.press("Enter");
    await web.page.waitForFunction(() => new URL(location.href).searchParams.get("x0") === "-0.1");
    assert.equal(web.param("steps"), "0");
    // Focus stays on the plot, with its cursor, after the redraw; Home goes to the middle.
    assert.ok(await plot.evaluate((el) => el === document.activeElement));
    await web.page.keyboard.press("Home");
    assert.equal(await cursor.getAttribute("data-x"), "1");
    await web.page.screenshot({ path: join(web.shots, "1d-keyboard.png") });
  });

  test("1-D: exports SVG, PNG and JSON", async () => {
    for (const [label, name] of [["Export SVG", "descent-1d.svg"], ["Export PNG", "descent-1d.png"], ["Export JSON", "descent-1d.json"]]) {
      const download = web.page.waitForEvent("download");
      await web.page.getByRole("button", { name: label }).click();
      assert.equal((await download).suggestedFilename(), name);
    }
  });

  test("2-D: clicking the contour map adds a start at the clicked point", async () => {
    await open("?view=2d&f=two-minima&starts=0.4,0.2&lr=0.5&steps=100&optimizer=sgd;adam:lr=0.1&basins=1");
    await web.page.waitForSelector("#twod-figure[aria-busy=false] svg"); // the map comes from the contour worker
    assert.equal(await web.page.locator("#twod-runs tbody tr").count(), 2);
    const box = (await web.page.locator("#twod-figure svg clipPath rect").boundingBox())!;
    // The domain is [-3, 3]²: a quarter in from the left and from the top is (-1.5, 1.5).
    await web.page.mouse.move(box.x + box.width / 4, box.y + box.height / 4);
    assert.match(await web.page.locator("#twod-hover").innerText(), /\(x, y\) = \(−1\.5\d*, 1\.5\d*\)\s+f = −1\.\d+\s+∇f = \(/);
    await web.page.mouse.click(box.x + box.width / 4, box.y + box.height / 4);
    const starts = web.param("starts")!.split(";").map((p) => p.split(",").map(Number));
    assert.equal(starts.length, 2);
    assert.ok(Math.abs(starts[1]![0]! + 1.5) < 0.05 && Math.abs(starts[1]![1]! - 1.5) < 0.05, `start ${starts[1]}`);
    assert.equal(await web.page.locator("#twod-runs tbody tr").count(), 4);
    // From (−1.5, 1.5) plain gradient descent reaches the deeper well at (−0.98, 0.98).
    assert.match(await web.page.locator("#twod-runs tbody tr").nth(2).innerText(), /sgd from \(-1\.5\d*, 1\.5\d*\)\s+converged\s+\(−0\.9804, 0\.9804\)\s+−2\.019/);
    // The basin map comes from a worker, after the paths.
    await web.page.waitForSelector("#twod-figure g.basins image", { timeout: 60_000 });
    await web.page.fill("#twod-lr", "0.05");
    await web.page.waitForFunction(() => new URL(location.href).searchParams.get("lr") === "0.05");
    await web.page.screenshot({ path: join(web.shots, "2d.png"), fullPage: true });
  });

  test("2-D: the Hessian's eigen-directions are drawn at the last start, with their eigenvalues", async () => {
    await open("?view=2d&f=article-2d&starts=0.5,0.5&lr=0.05&steps=50");
    await web.page.waitForSelector("#twod-figure[aria-busy=false] svg"); // the map comes from the contour worker
    const lines = web.page.locator("#twod-figure [data-testid=eigen-directions] line");
    assert.equal(await lines.count(), 2);
    assert.match(await web.page.getByTestId("twod-eigen").innerText(), /^At \(0\.5, 0\.5\) the Hessian's eigenvalues are 18 and 12: curving up in every direction; condition number 1\.5, so paths bend/);
    // A saddle curves down along one direction: that eigen-direction is dashed.
    await open("?view=2d&f=saddle&starts=0.5,0.5&lr=0.05&steps=20");
    await web.page.waitForSelector("#twod-figure[aria-busy=false] svg"); // the map comes from the contour worker
    assert.match(await web.page.getByTestId("twod-eigen").innerText(), /eigenvalues are 2 and −2: curving up along one direction and down along the other/);
    assert.equal(await web.page.locator("#twod-figure [data-testid=eigen-directions] line[stroke-dasharray]").count(), 1);
  });

  test("a full optimizer list refuses a 7th with a message instead of dropping the first", async () => {
    await open("?view=race&optimizer=sgd;momentum;nesterov;adagrad;rmsprop;adam");
    await web.page.locator("#race-optimizer-add").selectOption("lion");
    assert.equal(web.param("optimizer"), "sgd;momentum;nesterov;adagrad;rmsprop;adam");
    assert.match(await web.page.getByTestId("race-optimizer-message").innerText(), /^At most 6 optimizers: remove one from the list before adding lion\.$/);
  });

  test("race and SGD views load and respond", async () => {
    await open("?view=race");
    await web.page.waitForSelector("#race-paths[aria-busy=false] svg"); // the map comes from the contour worker, after the value chart
    assert.equal(await web.page.locator("#race-runs tbody tr").count(), 4);
    assert.equal(await web.page.locator("#view svg").count(), 2);
    await web.page.fill("#race-steps", "50");
    await web.page.waitForFunction(() => new URL(location.href).searchParams.get("steps") === "50");
    assert.match(await web.page.locator("#race-runs tbody tr").first().innerText(), /\t50$/);
    // Hyperparameters: editing adam's beta1 rewrites its spec in the URL.
    await web.page.fill("#race-opt2-beta1", "0.8");
    await web.page.waitForFunction(() => new URL(location.href).searchParams.get("optimizer") === "sgd;momentum;adam:lr=0.05,beta1=0.8;rmsprop:lr=0.01");
    assert.equal(await web.page.locator("#race-runs tbody tr").nth(2).locator("td").first().innerText(), "adam:lr=0.05,beta1=0.8");
    await web.page.screenshot({ path: join(web.shots, "race.png"), fullPage: true });
    await web.page.click("#tab-sgd");
    await web.page.waitForSelector("#sgd-table");
    assert.equal(web.param("view"), "sgd");
    assert.equal(await web.page.locator("#sgd-table tbody tr").count(), 3);
    await web.page.fill("#sgd-batch", "8");
    await web.page.waitForFunction(() => new URL(location.href).searchParams.get("batch") === "8");
    // The SGD view trains in a worker: the table follows when it answers.
    await web.page.waitForFunction(() => /minibatch \(8\)\s+1440\s/.test((document.querySelectorAll("#sgd-table tbody tr")[1] as HTMLElement | undefined)?.innerText ?? ""));
    await web.page.screenshot({ path: join(web.shots, "sgd.png"), fullPage: true });
  });

  test("every view fits a 375 px wide phone", async () => {
    await web.page.setViewportSize({ width: 375, height: 800 });
    for (const view of ["1d", "2d", "sgd", "race"]) {
      await open(`?view=${view}`);
      const overflow = await web.page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      assert.ok(overflow <= 0, `${view} is ${overflow} px too wide`);
      await web.page.screenshot({ path: join(web.shots, `phone-${view}.png`), fullPage: true });
    }
  });

  test("bad URL values are reported, not thrown", async () => {
    await open("?view=1d&lr=banana&f=6x^^2");
    assert.match(await web.page.locator("#problems").innerText(), /lr="banana" is not a number/);
    assert.match(await web.page.locator("#oned-error").innerText(), /cannot parse/);
  });

  test("no console errors or warnings on any page", () => {
    assert.deepEqual(web.errors, []);
  });
});
