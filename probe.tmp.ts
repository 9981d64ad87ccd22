import { openBrowser } from "./test/web/browser.js";
const b = await openBrowser();
const page = b.page;
await page.goto(`${b.server.url}?view=network&data=spiral&speed=0`);
await page.waitForSelector("#net-loss svg");
await b.browser.startTracing(page, { categories: ["devtools.timeline", "disabled-by-default-devtools.timeline", "blink", "v8"] });
await page.getByTestId("play").click();
await page.waitForTimeout(4000);
const buf = await b.browser.stopTracing();
const trace = JSON.parse(buf.toString());
const events = trace.traceEvents ?? trace;
const main = new Set(events.filter((e: any) => e.name === "thread_name" && e.args?.name === "CrRendererMain").map((e: any) => `${e.pid}:${e.tid}`));
const tot = new Map<string, [number, number]>();
for (const e of events) {
  if (!main.has(`${e.pid}:${e.tid}`) || e.ph !== "X" || !e.dur) continue;
  const t = tot.get(e.name) ?? [0, 0];
  t[0] += e.dur / 1000; t[1]++;
  tot.set(e.name, t);
}
for (const [k, [ms, n]] of [...tot.entries()].sort((a, b) => b[1][0] - a[1][0]).slice(0, 30)) console.log(ms.toFixed(1), n, k);
await b.close();
