/**
 * The timeline (Play, Pause, Step, Reset, scrubber, counter) of the 2-D, race and SGD views in
 * Chromium: each control does what it says, from the mouse and the keyboard; the axes stay fixed
 * while a run plays; the SGD boundaries move from epoch to epoch; the SGD view trains in a worker
 * and reads the user's CSV file (picker and drag-and-drop) with a held-out score.
 */
import { test, describe } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { browserSuite, skipBrowser } from "./browser.js";
import { longTasksSince } from "./long-tasks.js";

if (skipBrowser) console.log(`# skipping the timeline browser tests: ${skipBrowser}`);

/** Two classes of fruit by width, height and weight, with a text column (farm) and empty cells. */
function fruitCsv(rows: number, kinds = ["apple", "pear"]): string {
  const lines = ["width,height,farm,weight,kind"];
  let s = 11;
  const rand = () => ((s = (s * 1103515245 + 12345) % 2147483648) / 2147483648);
  for (let i = 0; i < rows; i++) {
    const k = i % kinds.length;
    const w = 6 + 1.5 * k + rand();
    const h = 9 - 2 * k + rand();
    const weight = i % 17 === 5 ? "" : (w * h * (1.5 + rand())).toFixed(1);
    lines.push(`${w.toFixed(2)},${h.toFixed(2)},${["north", "south"][i % 2]},${weight},${kinds[k]}`);
  }
  return lines.join("\n") + "\n";
}

describe("timelines in Chromium", { skip: skipBrowser, timeout: 180_000 }, () => {
  const web = browserSuite({ longTasks: true });

  const inView = (view: string) => {
    const root = web.page.locator(`#view-${view}`);
    return { root, play: root.getByTestId("play"), step: root.getByTestId("step"), reset: root.getByTestId("reset"), scrubber: root.getByTestId("scrubber"), counter: root.getByTestId("epoch") };
  };
  /** Waits until the view's counter reads `text`. */
  const waitCounter = (view: string, text: string) =>
    web.page.waitForFunction(([v, t]) => document.querySelector(`#view-${v} [data-testid=epoch]`)?.textContent === t, [view, text] as const);
  const svgOf = (selector: string) => web.page.locator(selector).evaluate((el) => el.querySelector("svg")!.outerHTML);
  /** The texts of a chart's axes (tick labels and titles), in document order. */
  const axisTexts = (selector: string) => web.page.locator(`${selector} svg text`).allTextContents();
  /** The SGD view has finished its computation (it runs in a worker). */
  const sgdReady = () => web.page.waitForSelector('#view-sgd .output[aria-busy="false"]');

  test("2-D: reset returns to step 0, step adds one, the scrubber moves the paths, play advances and pause stops", async () => {
    await web.page.goto(web.url("?view=2d&f=two-minima&starts=0.4,0.2;1.2,-0.3&lr=0.1&steps=100"));
    await web.page.waitForSelector("#twod-figure svg");
    const t = inView("2d");
    // A fresh run shows all of it.
    assert.equal(await t.counter.innerText(), "step 100 / 100");
    const whole = await svgOf("#twod-figure");
    await t.reset.click();
    assert.equal(await t.counter.innerText(), "step 0 / 100");
    const atStart = await svgOf("#twod-figure");
    assert.notEqual(atStart, whole);
    await t.step.click();
    assert.equal(await t.counter.innerText(), "step 1 / 100");
    await t.step.click();
    assert.equal(await t.counter.innerText(), "step 2 / 100");
    await t.scrubber.fill("40");
    assert.equal(await t.counter.innerText(), "step 40 / 100");
    const mid = await svgOf("#twod-figure");
    assert.notEqual(mid, atStart);
    assert.notEqual(mid, whole);
    // Keyboard: the scrubber's arrows, Home and End; the buttons are native buttons.
    await t.scrubber.focus();
    await web.page.keyboard.press("ArrowRight");
    assert.equal(await t.counter.innerText(), "step 41 / 100");
    await web.page.keyboard.press("Home");
    assert.equal(await t.counter.innerText(), "step 0 / 100");
    await t.step.focus();
    await web.page.keyboard.press("Enter");
    assert.equal(await t.counter.innerText(), "step 1 / 100");
    // P, N and R outside a field, as in the 1-D view.
    await web.page.locator("#twod-figure").click({ position: { x: 2, y: 2 } });
    await web.page.keyboard.press("n");
    assert.equal(await t.counter.innerText(), "step 2 / 100");
    await web.page.keyboard.press("r");
    assert.equal(await t.counter.innerText(), "step 0 / 100");
    await web.page.keyboard.press("n");
    assert.equal(await t.counter.innerText(), "step 1 / 100");
    // Keys typed in a field are the field's.
    await web.page.locator("#twod-starts").press("n");
    assert.equal(await t.counter.innerText(), "step 1 / 100");
    await web.page.fill("#twod-starts", "0.4, 0.2; 1.2, -0.3");
    // Play advances the counter; Pause stops it where it is.
    await t.play.click();
    assert.equal(await t.play.innerText(), "Pause");
    await web.page.waitForFunction(() => Number(/step (\d+)/.exec(document.querySelector("#view-2d [data-testid=epoch]")!.textContent!)![1]) > 10);
    // While it plays, the paths are cut on the mounted map (no contour recomputation), a dot at each head.
    assert.equal(await web.page.locator("#twod-figure g.path circle.head").count(), 2);
    await t.play.click();
    assert.equal(await t.play.innerText(), "Play");
    const paused = await t.counter.innerText();
    await web.page.waitForTimeout(400);
    assert.equal(await t.counter.innerText(), paused);
    assert.notEqual(paused, "step 100 / 100", "paused before the end");
    // Paused, the position is drawn in full: the same figure as scrubbing to it.
    assert.equal(await web.page.locator("#twod-figure circle.head").count(), 0);
    const pausedSvg = await svgOf("#twod-figure");
    const k = /step (\d+)/.exec(paused)![1]!;
    await t.scrubber.fill("0");
    await t.scrubber.fill(k);
    assert.equal(await svgOf("#twod-figure"), pausedSvg);
    // Played to the end, it stops by itself and shows the whole run.
    await t.play.click();
    await waitCounter("2d", "step 100 / 100");
    await web.page.waitForFunction(() => document.querySelector("#view-2d [data-testid=play]")!.textContent === "Play");
    assert.equal(await svgOf("#twod-figure"), whole);
    // A new setting is a new run: shown whole.
    await t.reset.click();
    await web.page.fill("#twod-steps", "60");
    await waitCounter("2d", "step 60 / 60");
    await web.page.screenshot({ path: join(web.shots, "timeline-2d.png") });
  });

  test("1-D: the same bar; every move is the URL's steps", async () => {
    await web.page.goto(web.url("?view=1d&f=article-1d&x0=-0.9&lr=0.03&steps=3"));
    await web.page.waitForSelector("#oned-figure svg");
    const t = inView("1d");
    assert.equal(await t.counter.innerText(), "step 3");
    await t.scrubber.fill("7");
    await web.page.waitForFunction(() => new URL(location.href).searchParams.get("steps") === "7");
    assert.match(await web.page.locator("#current-point").innerText(), /^Current point after 7 steps:/);
    assert.equal(await t.counter.innerText(), "step 7");
    await t.step.click();
    await web.page.waitForFunction(() => new URL(location.href).searchParams.get("steps") === "8");
    await t.play.click();
    await web.page.waitForFunction(() => Number(new URL(location.href).searchParams.get("steps")) >= 10);
    await t.play.click();
    assert.equal(await t.play.innerText(), "Play");
    await t.reset.click();
    await web.page.waitForFunction(() => new URL(location.href).searchParams.get("steps") === "0");
    assert.equal(await t.counter.innerText(), "step 0");
    // The figure comes before the controls on a phone.
    await web.page.setViewportSize({ width: 375, height: 800 });
    assert.ok((await web.page.locator("#oned-figure").boundingBox())!.y < (await web.page.locator("#view-1d .controls").boundingBox())!.y);
    await web.page.setViewportSize({ width: 1280, height: 900 });
  });

  test("race: the value chart's axes stay fixed while the run plays or is scrubbed", async () => {
    await web.page.goto(web.url("?view=race"));
    await web.page.waitForSelector("#race-paths[aria-busy=false] svg"); // the map comes from the contour worker, after the value chart
    const t = inView("race");
    assert.equal(await t.counter.innerText(), "step 500 / 500");
    const axes = await axisTexts("#race-values");
    const mapAxes = await axisTexts("#race-paths");
    for (const at of ["0", "3", "50", "250"]) {
      await t.scrubber.fill(at);
      assert.equal(await t.counter.innerText(), `step ${at} / 500`);
      assert.deepEqual(await axisTexts("#race-values"), axes, `value chart axes at step ${at}`);
      assert.deepEqual(await axisTexts("#race-paths"), mapAxes, `map axes at step ${at}`);
    }
    // And between frames of a play.
    await t.reset.click();
    await t.play.click();
    await web.page.waitForFunction(() => Number(/step (\d+)/.exec(document.querySelector("#view-race [data-testid=epoch]")!.textContent!)![1]) > 0);
    const during = await axisTexts("#race-values");
    await t.play.click();
    assert.deepEqual(during, axes);
  });

  test("SGD: the epoch counter, and decision boundaries that move as they train", async () => {
    await web.page.goto(web.url("?view=sgd&dataset=two-feature&lr=0.1&optimizer=sgd&batch=32&epochs=20&seed=1"));
    await sgdReady();
    await web.page.waitForSelector("#sgd-boundary svg");
    const t = inView("sgd");
    assert.equal(await t.counter.innerText(), "epoch 20 / 20");
    const lossAxes = await axisTexts("#sgd-loss");
    const lines = () => web.page.locator("#sgd-boundary svg path").evaluateAll((ps) => ps.map((p) => p.getAttribute("d")));
    const atEnd = await lines();
    await t.reset.click();
    assert.equal(await t.counter.innerText(), "epoch 0 / 20");
    await t.step.click();
    assert.equal(await t.counter.innerText(), "epoch 1 / 20");
    assert.equal(await web.page.locator("#sgd-boundary svg text").first().textContent(), "Decision boundaries at epoch 1");
    const atOne = await lines();
    assert.notDeepEqual(atOne, atEnd, "the boundaries at epoch 1 and epoch 20 differ");
    assert.deepEqual(await axisTexts("#sgd-loss").then((x) => x.filter((s) => !/^Decision/.test(s))), lossAxes);
    await t.scrubber.fill(String(10 * 20));
    assert.equal(await t.counter.innerText(), "epoch 10 / 20");
    const atTen = await lines();
    assert.notDeepEqual(atTen, atOne);
    assert.notDeepEqual(atTen, atEnd);
    await t.scrubber.fill("30");
    assert.equal(await t.counter.innerText(), "epoch 1.5 / 20");
    await t.play.click();
    await web.page.waitForFunction(() => !/epoch 1\.5 /.test(document.querySelector("#view-sgd [data-testid=epoch]")!.textContent!));
    await t.play.click();
    assert.deepEqual(await axisTexts("#sgd-loss"), lossAxes, "the loss chart keeps its axes");
    await web.page.screenshot({ path: join(web.shots, "timeline-sgd.png"), fullPage: true });
  });

  test("SGD: training runs in a worker; the figure comes before the controls on a phone", async () => {
    await web.page.goto(web.url("?view=sgd"));
    await sgdReady();
    const workers = await web.page.evaluate(() => performance.getEntriesByType("resource").map((e) => e.name).filter((n) => /sgd-worker/.test(n)));
    assert.equal(workers.length, 1, "the SGD worker's script was loaded");
    // A long computation (30 features, 200 epochs, minibatch of 1: seconds of training) leaves the
    // page's main thread free: no task on it comes near the computation's length.
    const since = await web.page.evaluate(() => performance.now());
    await web.page.fill("#sgd-epochs", "200");
    await web.page.fill("#sgd-batch", "1");
    await web.page.locator("#sgd-dataset").selectOption("breast-cancer");
    await web.page.waitForSelector('#view-sgd .output[aria-busy="true"]');
    await web.page.waitForSelector('#view-sgd .output[aria-busy="false"]', { timeout: 120_000 });
    const took = (await web.page.evaluate(() => performance.now())) - since;
    assert.match(await web.page.locator("#sgd-table caption").innerText(), /^569 examples, 30 features/);
    const long = await longTasksSince(web.page, since);
    console.log(`# SGD: 200 epochs of 569 × 30 computed in ${Math.round(took)} ms; long tasks on the page: ${JSON.stringify(long)}`);
    // On the main thread the computation would be one task about as long as it; in the worker no
    // task comes near half of it (the bound scales with the machine: 1.4 s here, more on slower ones).
    assert.ok(took > 400, `the computation took ${Math.round(took)} ms: too short to tell a worker from the main thread`);
    assert.deepEqual(long.filter((t) => t.duration > took / 2), [], "no main-thread task near the computation's length");
    await web.page.goto(web.url("?view=sgd&epochs=5"));
    await web.page.waitForFunction(() => document.querySelector("#view-sgd [data-testid=epoch]")?.textContent === "epoch 5 / 5");
    await web.page.setViewportSize({ width: 375, height: 800 });
    const figureTop = (await web.page.locator("#sgd-loss").boundingBox())!.y;
    const controlsTop = (await web.page.locator("#view-sgd .controls").boundingBox())!.y;
    assert.ok(figureTop < controlsTop, `figure at ${figureTop} px, controls at ${controlsTop} px`);
    assert.ok(figureTop < 400, `the first chart starts ${figureTop} px down`);
    for (const [view, figure] of [["2d", "#twod-figure"], ["race", "#race-paths"]] as const) {
      await web.page.goto(web.url(`?view=${view}`));
      await web.page.waitForSelector(`${figure} svg`);
      assert.ok((await web.page.locator(figure).boundingBox())!.y < 400, `${view}: the figure comes first`);
    }
    await web.page.setViewportSize({ width: 1280, height: 900 });
  });

  test("SGD: your own CSV file, by the picker and by drag-and-drop, scored on held-out rows", async () => {
    await web.page.goto(web.url("?view=sgd"));
    await sgdReady();
    const sgd = web.page.locator("#view-sgd");
    assert.match(await sgd.locator(".privacy").innerText(), /never leaves your browser/);
    // What the model needs of the file is said at the picker, before any file (and read out with it), with the way to the network view.
    assert.match(await sgd.getByTestId("sgd-csv-requirement").innerText(), /^This view fits logistic regression: your file's target column must hold exactly two classes .*use the network view\.$/);
    assert.match((await sgd.getByTestId("csv-input").getAttribute("aria-describedby"))!, /\bsgd-csv-requirement\b/);
    const csv = fruitCsv(200);
    await sgd.getByTestId("csv-input").setInputFiles({ name: "fruit.csv", mimeType: "text/csv", buffer: Buffer.from(csv) });
    await web.page.waitForFunction(() => new URL(location.href).searchParams.get("dataset") === "csv");
    // The weight column has empty cells: refused, naming the column, as the CLI does.
    await web.page.waitForFunction(() => /missing cells/.test(document.querySelector("#sgd-error")?.textContent ?? ""));
    assert.match(await web.page.locator("#sgd-error").innerText(), /^fruit\.csv: missing cells in 1 column: weight \(\d+\)/);
    await web.page.locator("#sgd-missing").selectOption("mean");
    await web.page.waitForFunction(() => new URL(location.href).searchParams.get("missing") === "mean");
    await web.page.waitForSelector("#sgd-table th:nth-child(5)");
    await sgdReady();
    assert.ok(await web.page.locator("#sgd-error").isHidden());
    assert.equal(await sgd.getByTestId("target-column").inputValue(), "kind");
    assert.match(await web.page.locator("#sgd-table caption").innerText(), /^150 training rows, 50 held out \(never trained on\), 5 features$/);
    const heldOut = (await sgd.getByTestId("sgd-held-out").allInnerTexts()).map((t) => Number(t.replace("%", "")));
    assert.equal(heldOut.length, 3);
    assert.ok(heldOut.every((v) => v >= 90), `held-out accuracy ${heldOut}`);
    assert.equal(await web.page.locator("#sgd-boundary svg text").first().textContent(), "Decision boundaries at epoch 20 (the other 3 features at their means)");
    // The drawn columns: the second one is now weight.
    await web.page.locator("#sgd-ycol").selectOption("weight");
    await web.page.waitForFunction(() => new URL(location.href).searchParams.get("ycol") === "weight");
    await sgdReady();
    await web.page.waitForFunction(() => Array.from(document.querySelectorAll("#sgd-boundary svg text")).some((t) => t.textContent === "weight"));
    // The held-out share is in the link.
    await web.page.locator("#sgd-ratio").fill("50");
    await web.page.waitForFunction(() => new URL(location.href).searchParams.get("ratio") === "50");
    await web.page.waitForFunction(() => /^100 training rows, 100 held out/.test(document.querySelector("#sgd-table caption")?.textContent ?? ""));
    assert.deepEqual([web.param("target"), web.param("xcol"), web.param("ycol"), web.param("missing")], ["", "", "weight", "mean"], "the target is the default (last) column, kind");
    // A target of three classes is refused in one line.
    const three = fruitCsv(90, ["apple", "pear", "plum"]).replace(/,,/g, ",1,");
    await sgd.locator("#sgd-drop").evaluate((zone, text) => {
      const dt = new DataTransfer();
      dt.items.add(new File([text], "plums.csv", { type: "text/csv" }));
      zone.dispatchEvent(new DragEvent("drop", { dataTransfer: dt, bubbles: true, cancelable: true }));
    }, three);
    await web.page.waitForFunction(() => /plums\.csv/.test(document.querySelector("#sgd-error")?.textContent ?? ""));
    assert.equal(await web.page.locator("#sgd-error").innerText(), 'plums.csv: the target "kind" holds 3 classes; this view fits logistic regression, which needs a target with two classes (choose another target, or use the network view)');
    assert.equal(await web.page.locator("#sgd-csv-name").innerText(), "plums.csv");
    await web.page.screenshot({ path: join(web.shots, "sgd-csv.png"), fullPage: true });
    // The way there: the network view, which fits three classes (softmax), and has its own file picker.
    await sgd.locator("#sgd-to-network").click();
    await web.page.waitForFunction(() => new URL(location.href).searchParams.get("view") === "network");
    await web.page.waitForSelector("#net-loss svg"); // the network view has started its worker
    assert.ok(await web.page.locator("#view-network").getByTestId("csv-input").isVisible());
  });

  test("SGD: a link with the CSV settings restores them and asks for the file again", async () => {
    const search = "?view=sgd&dataset=csv&lr=0.1&optimizer=sgd&batch=32&epochs=20&seed=1&ratio=60&target=kind&xcol=width&ycol=height&missing=median";
    await web.page.goto(web.url() + search);
    await web.page.waitForFunction(() => /Choose a CSV file/.test(document.querySelector("#sgd-error")?.textContent ?? ""));
    assert.equal(new URL(web.page.url()).search, search);
    assert.equal(await web.page.locator("#sgd-missing").inputValue(), "median");
    assert.equal(await web.page.locator("#sgd-ratio").inputValue(), "60");
  });

  test("network: the scrubber looks back through the training, and Step goes on from the latest weights", async () => {
    await web.page.goto(web.url("?view=network&data=circle&speed=0"));
    await web.page.waitForSelector("#net-loss svg");
    const t = inView("network");
    await t.play.click();
    await web.page.waitForFunction(() => /· \d{3,} updates/.test(document.querySelector("#view-network [data-testid=epoch]")!.textContent ?? ""));
    // Every change of the bar from now on, as the page makes it: Play's text, the counter, the scrubber's end.
    await web.page.evaluate(() => {
      const bar = document.querySelector("#net-timeline")!;
      const changes: string[] = [];
      Object.assign(window, { barChanges: changes });
      new MutationObserver(() => changes.push([bar.querySelector("[data-testid=play]")!.textContent, bar.querySelector("[data-testid=epoch]")!.textContent, bar.querySelector("input")!.max].join(" | ")))
        .observe(bar, { subtree: true, childList: true, characterData: true, attributes: true });
    });
    await t.play.click();
    // Pause shows once it is final: the worker may have been training a chunk when Pause was
    // pressed, and nothing of it may land afterwards. Counter, scrubber, heat map and curves stay
    // as they are over half a second and two animation frames.
    await web.page.waitForFunction(() => document.querySelector("#view-network [data-testid=play]")!.textContent === "Play");
    const heat = () => web.page.locator("#net-canvas").evaluate((c) => (c as HTMLCanvasElement).toDataURL());
    const shown = () => Promise.all([t.counter.innerText(), t.scrubber.evaluate((s) => `${(s as HTMLInputElement).value}/${(s as HTMLInputElement).max}`), heat(), web.page.locator("#net-loss svg").innerHTML()]);
    const paused = await shown();
    await web.page.waitForTimeout(500);
    await web.page.evaluate(() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))));
    assert.deepEqual(await shown(), paused, "nothing moves after Pause");
    const changes = await web.page.evaluate(() => (window as unknown as { barChanges: string[] }).barChanges);
    const pausedAt = changes.findIndex((c) => c.startsWith("Play |"));
    // Not found, slice(-1) would leave one change and the check below could not fail.
    assert.ok(pausedAt >= 0, `the bar never showed Play: ${changes.join("; ")}`);
    const afterPause = changes.slice(pausedAt);
    assert.deepEqual(new Set(afterPause), new Set([afterPause[0]]), `the bar changed after Pause showed: ${afterPause.join("; ")}`);
    const live = Number(/^epoch [\d.]+ · (\d+) updates$/.exec(paused[0])![1]);
    assert.equal(paused[1], `${live}/${live}`, "the scrubber stands at the end, the count the counter shows");
    const now = paused[2];
    await t.scrubber.fill("0");
    await web.page.waitForFunction(() => /^epoch 0\.00 · 0 updates \(of \d+\)$/.test(document.querySelector("#view-network [data-testid=epoch]")!.textContent ?? ""));
    assert.equal(await t.counter.innerText(), `epoch 0.00 · 0 updates (of ${live})`);
    await web.page.waitForFunction((before) => (document.querySelector("#net-canvas") as HTMLCanvasElement).toDataURL() !== before, now);
    const atStart = await heat();
    assert.notEqual(atStart, now, "the heat map at update 0 is not the one at the end");
    assert.match(await web.page.locator("#net-loss svg").innerHTML(), />shown</, "the curves mark the update shown");
    // Step trains on from the latest weights, not from the point shown: exactly one update more.
    await t.step.click();
    await web.page.waitForFunction(() => !/\(of \d+\)$/.test(document.querySelector("#view-network [data-testid=epoch]")!.textContent!));
    assert.match(await t.counter.innerText(), new RegExp(`· ${live + 1} updates$`));
    await t.reset.click();
    await web.page.waitForFunction(() => document.querySelector("#view-network [data-testid=epoch]")!.textContent!.endsWith("· 0 updates"));
  });

  test("no console errors or warnings", () => {
    assert.deepEqual(web.errors, []);
  });
});
