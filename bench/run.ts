/**
 * `npm run bench`: W1–W4, the playground guard and the scaling sweeps for descent and every
 * installed peer, in interleaved rounds. Prints a table with ratios, or `--json` lines, and
 * `--markdown FILE` writes BENCHMARKS.md. See `bench/options.ts` for the flags.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { applyStandardizer, fitStandardizer, loadBundled } from "../src/data/index.node.js";
import { DescentError } from "../src/errors.js";
import { allImpls, OPENBLAS_NOTE } from "./impls.js";
import { describeMachine, loadAverage } from "./machine.js";
import { benchmarksMarkdown } from "./markdown.js";
import { parseBenchArgs } from "./options.js";
import { planTasks } from "./plan.js";
import { failures, headlineTable, jsonLines, scalingTables } from "./report.js";
import { runRounds } from "./rounds.js";

/** Writes W4's standardized table where every implementation can read it. */
function writeW4Table(dir: string): string {
  const raw = loadBundled("breast-cancer");
  const ds = applyStandardizer(raw, fitStandardizer(raw));
  const path = join(dir, "breast-cancer-standardized.json");
  writeFileSync(path, JSON.stringify({ n: ds.n, d: ds.d, features: Array.from(ds.features), targets: Array.from(ds.targets) }));
  return path;
}

function main(argv: string[]): void {
  const o = parseBenchArgs(argv);
  const log = (s: string) => process.stderr.write(s + "\n");
  const started = performance.now();
  const loadBefore = loadAverage();
  const impls = allImpls().filter((i) => i.name === "descent" || o.peers === undefined || o.peers.includes(i.name));
  const missing: string[] = [];
  const usable = impls.filter((i) => {
    const why = i.unavailable();
    if (why !== null) missing.push(`${i.name} (${why})`);
    return why === null;
  });
  for (const m of missing) log(`skipping ${m}`);
  const dir = mkdtempSync(join(tmpdir(), "descent-bench-"));
  try {
    const plan = planTasks(o, writeW4Table(dir));
    const results = runRounds(plan, usable, o.rounds, log);
    for (const f of failures(results)) log(`failed: ${f}`);
    if (o.json) {
      for (const line of jsonLines(results)) process.stdout.write(line + "\n");
    } else {
      process.stdout.write(headlineTable(results) + "\n");
      const scaling = scalingTables(results);
      if (scaling) process.stdout.write("\n" + scaling + "\n");
    }
    if (o.markdown !== undefined) {
      const command = `npm run bench -- ${argv.join(" ")}`.trim();
      const md = benchmarksMarkdown(results, {
        command, machine: describeMachine(), loadBefore, loadAfter: loadAverage(), rounds: o.rounds,
        minutes: (performance.now() - started) / 60000, missing, openblas: OPENBLAS_NOTE,
      }, new URL("./notes.md", import.meta.url).pathname);
      writeFileSync(o.markdown, md);
      log(`wrote ${o.markdown}`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

try {
  main(process.argv.slice(2));
} catch (e) {
  if (!(e instanceof DescentError)) throw e;
  process.stderr.write(`bench: ${e.message}\n`);
  process.exitCode = 2;
}
