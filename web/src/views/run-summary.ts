/** A short table of runs: name, status, end point, value and steps (the numbers behind the figure). */
import type { NamedRun } from "../compute/paths.js";
import type { Problem } from "../compute/problem.js";
import { honestStatus } from "../compute/status.js";
import { h } from "../ui/dom.js";
import { formatNumber as fmt } from "../ui/format.js";

export function runSummary(problem: Problem, runs: readonly NamedRun[], id: string): HTMLElement {
  const head = h("tr", {}, ["run", "status", "end point", "f", "|∇f|", "steps"].map((t) => h("th", { scope: "col" }, [t])));
  const rows = runs.map(({ name, run }) =>
    h("tr", {}, [
      h("td", { class: "name" }, [name]),
      h("td", {}, [honestStatus(problem, run)]),
      h("td", {}, [`(${run.point.map((v) => fmt(v)).join(", ")})`]),
      h("td", {}, [fmt(run.value)]),
      h("td", {}, [fmt(run.gradNorm)]),
      h("td", {}, [String(run.steps)]),
    ]),
  );
  return h("div", { class: "table-wrap", tabindex: 0, "aria-label": "Runs" }, [
    h("table", { class: "iterates", id }, [h("caption", {}, ["Runs"]), h("thead", {}, [head]), h("tbody", {}, rows)]),
  ]);
}
