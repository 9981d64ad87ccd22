/**
 * Every view in Chromium: axe-core finds no serious or critical accessibility violation on a
 * desktop (1280 px) or a phone (375 px), the learning-rate sliders mark 2/L, and a screenshot of
 * each view (desktop and 375 px phone) is saved for a person to look at.
 */
import { test, describe } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { AxeBuilder } from "@axe-core/playwright";
import { browserSuite, skipBrowser } from "./browser.js";

if (skipBrowser) console.log(`# skipping the views' browser tests: ${skipBrowser}`);

const VIEWS: [string, string][] = [
  ["1d", "#oned-figure svg"],
  ["2d", "#twod-figure svg"],
  ["sgd", "#sgd-loss svg"],
  ["race", "#race-values svg"],
  ["network", "#net-loss svg"],
];

// axe takes seconds per page on a loaded machine, and it checks ten pages.
describe("every view in Chromium", { skip: skipBrowser, timeout: 360_000 }, () => {
  const web = browserSuite();

  test("no serious or critical axe-core violations; screenshots on a desktop and a phone", async () => {
    const found: string[] = [];
    for (const width of [1280, 375]) {
      await web.page.setViewportSize({ width, height: 900 });
      for (const [view, ready] of VIEWS) {
        await web.page.goto(web.url(`?view=${view}`));
        await web.page.waitForSelector(ready);
        // The phone layout is checked too: the same markup, but another order, size and overflow.
        const result = await new AxeBuilder({ page: web.page }).analyze();
        for (const v of result.violations) {
          if (v.impact === "serious" || v.impact === "critical") {
            found.push(`${view} @${width}px: ${v.id} (${v.impact}): ${v.help}: ${v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join(" | ")}`);
          }
        }
        await web.page.screenshot({ path: join(web.shots, `${width < 500 ? "phone" : "view"}-${view}.png`), fullPage: true });
      }
    }
    assert.deepEqual(found, []);
    await web.page.setViewportSize({ width: 1280, height: 900 });
  });

  test("the 1-D and 2-D learning-rate sliders mark 2/L", async () => {
    await web.page.goto(web.url("?view=1d&f=article-1d"));
    await web.page.waitForSelector("#oned-figure svg");
    assert.ok(await web.page.locator("#oned-edge-mark").isVisible());
    assert.match(await web.page.locator("#oned-edge-note").innerText(), /2\/L = 0\.1667 \(L = f″ = 12\)/);
    // article-2d, 6x² + 9y² − 12x − 14y + 3, has the constant Hessian diag(12, 18): L = 18.
    await web.page.goto(web.url("?view=2d&f=article-2d&starts=0,0"));
    await web.page.waitForSelector("#twod-figure svg");
    assert.ok(await web.page.locator("#twod-edge-mark").isVisible());
    const L = 18;
    assert.match(await web.page.locator("#twod-edge-note").innerText(), new RegExp(`2/L = ${String(Number((2 / L).toPrecision(4)))}, L = ${String(Number(L.toPrecision(4)))} .* minimum \\(1, 0\\.7778\\)`));
    // The mark sits where the slider's thumb is at η = 2/L.
    await web.page.fill("#twod-lr", String(Number((2 / L).toPrecision(3))));
    await web.page.waitForFunction(() => new URL(location.href).searchParams.get("lr") !== "0.5");
    const mark = (await web.page.locator("#twod-edge-mark").boundingBox())!;
    const slider = (await web.page.locator("#twod-lr-slider").boundingBox())!;
    const thumbCentre = slider.x + 8 + (slider.width - 16) * ((Math.log10(2 / L) + 4) / 5);
    assert.ok(Math.abs(mark.x + mark.width / 2 - thumbCentre) < 2, `mark at ${mark.x + mark.width / 2}, thumb at ${thumbCentre}`);
  });

  test("an invalid field turns red with the banner's message and greys the stale figure", async () => {
    await web.page.goto(web.url("?view=1d&f=article-1d&lr=0.03&steps=3"));
    await web.page.waitForSelector("#oned-figure svg");
    const view = web.page.locator("#view-1d");
    await web.page.fill("#oned-lr", "1e9");
    assert.equal(await web.page.locator("#oned-lr").getAttribute("aria-invalid"), "true");
    const message = await web.page.locator("#oned-lr-problem").innerText();
    assert.equal(message, 'lr="1000000000" must be between 0.000001 and 100; the previous value is kept');
    assert.equal(await web.page.locator("#problems").innerText(), message);
    assert.match((await view.getAttribute("class"))!, /\bstale\b/);
    assert.equal(new URL(web.page.url()).searchParams.get("lr"), "0.03");
    await web.page.fill("#oned-steps", "2.5");
    assert.match(await web.page.locator("#oned-steps-problem").innerText(), /^steps="2.5" must be a whole number/);
    await web.page.fill("#oned-lr", "0.1");
    await web.page.fill("#oned-steps", "4");
    await web.page.waitForFunction(() => new URL(location.href).searchParams.get("steps") === "4");
    assert.equal(await web.page.locator("#oned-lr").getAttribute("aria-invalid"), "false");
    assert.doesNotMatch((await view.getAttribute("class"))!, /\bstale\b/);
    assert.ok(await web.page.locator("#problems").isHidden());
    // A typed function that does not parse: the field is red and the old figure greyed.
    await web.page.fill("#oned-fn", "6x^^2");
    await web.page.waitForFunction(() => document.querySelector("#oned-fn")?.getAttribute("aria-invalid") === "true");
    assert.match(await web.page.locator("#oned-fn-problem").innerText(), /cannot parse "6x\^\^2"/);
    assert.match((await view.getAttribute("class"))!, /\bstale\b/);
    await web.page.fill("#oned-fn", "6x^2");
    await web.page.waitForFunction(() => document.querySelector("#oned-fn")?.getAttribute("aria-invalid") === "false");
    assert.doesNotMatch((await view.getAttribute("class"))!, /\bstale\b/);
  });

  test("choosing a built-in shows its formula and a learning rate that suits it; lessons sit beside the figures", async () => {
    await web.page.goto(web.url("?view=2d"));
    await web.page.waitForSelector("#twod-figure svg");
    await web.page.locator("#twod-fn-select").selectOption("article-2d");
    await web.page.waitForFunction(() => new URL(location.href).searchParams.get("f") === "article-2d");
    assert.equal(new URL(web.page.url()).searchParams.get("lr"), "0.056");
    assert.equal(await web.page.locator("#twod-formula").innerText(), "article-2d: f = 6x^2 + 9y^2 - 12x - 14y + 3");
    assert.match(await web.page.locator("#lesson-2d").innerText(), /the start decides/);
    assert.deepEqual(await web.page.locator("#twod-runs tbody tr td:nth-child(2)").allInnerTexts(), ["converged", "converged"]);
    for (const [view, ready] of [["sgd", "#sgd-loss svg"], ["race", "#race-values svg"]]) {
      await web.page.goto(web.url(`?view=${view}`));
      await web.page.waitForSelector(ready);
      assert.match(await web.page.locator(`#lesson-${view}`).innerText(), /^What you are watching\n+Rules?: /);
    }
    assert.match(await web.page.locator("#lesson-race").innerText(), /One η does not suit all/);
  });

  test("figure first: the lesson beside the figure on a wide screen, the figure before the controls on a phone", async () => {
    const box = async (selector: string) => (await web.page.locator(selector).first().boundingBox())!;
    for (const [view, figure] of [["1d", "#oned-figure"], ["2d", "#twod-figure"], ["race", "#race-paths"]] as const) {
      await web.page.setViewportSize({ width: 1500, height: 900 });
      await web.page.goto(web.url(`?view=${view}`));
      await web.page.waitForSelector(`${figure} svg`);
      const [fig, lessonBox, controls] = [await box(figure), await box(`#lesson-${view}`), await box(`#view-${view} .controls`)];
      assert.ok(lessonBox.x >= fig.x + fig.width, `${view}: the lesson is right of the figure`);
      assert.ok(lessonBox.y < fig.y + fig.height / 2, `${view}: the lesson starts beside the figure, not under it`);
      assert.ok(controls.x + controls.width <= fig.x, `${view}: the controls are left of the figure`);
      // Controls come in titled groups.
      assert.ok((await web.page.locator(`#view-${view} .controls fieldset.group > legend`).count()) >= 2, `${view}: grouped controls`);
      await web.page.setViewportSize({ width: 375, height: 800 });
      const [figPhone, controlsPhone] = [await box(figure), await box(`#view-${view} .controls`)];
      assert.ok(figPhone.y + figPhone.height <= controlsPhone.y, `${view}: the figure comes before the controls on a phone`);
      assert.ok(figPhone.y < 400, `${view}: the figure starts within the first screen (at ${figPhone.y} px)`);
    }
    await web.page.setViewportSize({ width: 1280, height: 900 });
  });

  test("the SVG export of a two-chart view carries both charts", async () => {
    await web.page.goto(web.url("?view=race"));
    await web.page.waitForSelector("#race-paths[aria-busy=false] svg"); // the map comes from the contour worker, after the value chart
    const download = web.page.waitForEvent("download");
    await web.page.locator("#view-race").getByRole("button", { name: "Export SVG" }).click();
    const file = await download;
    const text = readFileSync((await file.path())!, "utf8");
    assert.equal(file.suggestedFilename(), "descent-race.svg");
    assert.equal((text.match(/<svg/g) ?? []).length, 3, "one outer svg holding the two charts");
  });

  test("a run that stops on a plateau is not called converged", async () => {
    await web.page.goto(web.url("?view=2d&f=two-minima&lr=100"));
    await web.page.waitForSelector("#twod-runs");
    const statuses = await web.page.locator("#twod-runs tbody tr td:nth-child(2)").allInnerTexts();
    assert.deepEqual(statuses, ["stalled on a plateau", "stalled on a plateau"]);
  });

  test("no console errors or warnings", () => {
    assert.deepEqual(web.errors, []);
  });
});
