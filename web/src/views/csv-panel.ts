/**
 * The CSV panel of the network and SGD views: a file picker and a drop zone, then the target and
 * the two columns to draw. The file is read in the page (File.text) and parsed in the view's
 * worker by the library's CSV reader (compute/csv-table.ts); it is never sent anywhere.
 */
import type { CsvInput } from "../compute/csv-table.js";
import { MISSING_CHOICES, type MissingChoice, type PlaygroundState } from "../state.js";
import { field, h, syncValue } from "../ui/dom.js";
import type { ViewContext } from "./context.js";

/** Larger files would make every snapshot slow; the CLI trains on those. */
const MAX_BYTES = 20 * 1024 * 1024;

export interface CsvPanel {
  element: HTMLElement;
  /** Fills the column pickers after the worker has read the file. */
  showColumns(features: string[], drawable: string[], target: string, state: PlaygroundState): void;
  sync(state: PlaygroundState): void;
}

const MISSING_LABELS: Record<MissingChoice, string> = {
  "": "refuse (name the columns)",
  mean: "fill with the column mean",
  median: "fill with the column median",
  "most-frequent": "fill with the most frequent value",
  drop: "leave those rows out",
};

/**
 * `idPrefix` keeps the element ids unique per view (`net` → `net-csv`, `net-target`, …);
 * `usesCsv(state)` says whether the view is showing the file (the column pickers show only then);
 * `requirement`, what the view's model needs of the file, is said beside the picker (and read
 * out with it) before a file is chosen.
 */
export function csvPanel(
  ctx: ViewContext,
  idPrefix: string,
  usesCsv: (state: PlaygroundState) => boolean,
  onFile: (file: Pick<CsvInput, "text" | "name">) => void,
  requirement: (string | Node)[] = [],
): CsvPanel {
  const input = h("input", { id: `${idPrefix}-csv`, type: "file", accept: ".csv,.tsv,.txt,text/csv", "data-testid": "csv-input" });
  const needs = h("p", { class: "hint csv-requirement", id: `${idPrefix}-csv-requirement`, "data-testid": `${idPrefix}-csv-requirement`, hidden: requirement.length === 0 }, requirement);
  if (requirement.length > 0) input.setAttribute("aria-describedby", [input.getAttribute("aria-describedby"), needs.id].filter(Boolean).join(" "));
  const message = h("small", { class: "field-error", "aria-live": "polite", id: `${idPrefix}-csv-message` });
  const fileName = h("span", { id: `${idPrefix}-csv-name` }, ["no file chosen"]);
  const read = async (file: File | undefined) => {
    if (!file) return;
    if (file.size > MAX_BYTES) {
      message.textContent = `${file.name} is ${(file.size / 1e6).toFixed(1)} MB; the page takes files up to 20 MB (train larger ones with the descent CLI)`;
      return;
    }
    message.textContent = "";
    fileName.textContent = file.name;
    onFile({ text: await file.text(), name: file.name });
  };
  input.addEventListener("change", () => void read(input.files?.[0]));
  const missing = h("select", { id: `${idPrefix}-missing` }, MISSING_CHOICES.map((m) => h("option", { value: m }, [MISSING_LABELS[m]])));
  missing.addEventListener("change", () => ctx.update({ missing: missing.value as MissingChoice }));
  const zone = h("div", { class: "drop-zone", id: `${idPrefix}-drop` }, [
    field("Your own CSV file (or drop it here)", input),
    needs,
    fileName,
    field("Missing cells", missing, "as descent train's --impute and --drop-missing; text columns become one-hot categories"),
    h("p", { class: "hint privacy" }, ["Your file is read by this page only: it never leaves your browser and is not put in the link."]),
    message,
  ]);
  zone.addEventListener("dragover", (e) => {
    e.preventDefault();
    zone.classList.add("over");
  });
  zone.addEventListener("dragleave", () => zone.classList.remove("over"));
  zone.addEventListener("drop", (e) => {
    e.preventDefault();
    zone.classList.remove("over");
    void read(e.dataTransfer?.files[0]);
  });

  const target = h("select", { id: `${idPrefix}-target`, "data-testid": "target-column" });
  const xColumn = h("select", { id: `${idPrefix}-xcol` });
  const yColumn = h("select", { id: `${idPrefix}-ycol` });
  target.addEventListener("change", () => ctx.update({ target: target.value, xcol: "", ycol: "" }));
  xColumn.addEventListener("change", () => ctx.update({ xcol: xColumn.value }));
  yColumn.addEventListener("change", () => ctx.update({ ycol: yColumn.value }));
  const columns = h("div", { class: "csv-columns", hidden: true }, [
    field("Target column (what to predict)", target),

    field("Column across", xColumn),
    field("Column up", yColumn, "the model trains on every column; the map shows these two with the others at their means"),
  ]);
  const options = (select: HTMLSelectElement, names: string[]) => select.replaceChildren(...names.map((n) => h("option", { value: n }, [n])));
  return {
    element: h("div", { class: "csv" }, [zone, columns]),
    showColumns(features, drawable, targetName, state) {
      const isCsv = usesCsv(state);
      columns.hidden = !isCsv;
      if (!isCsv) return;
      options(target, [...features, targetName]);
      target.value = targetName;
      options(xColumn, drawable);
      options(yColumn, drawable);
      xColumn.value = state.xcol || drawable[0] || "";
      yColumn.value = state.ycol || drawable[1] || drawable[0] || "";
    },
    sync(state) {
      if (!usesCsv(state)) columns.hidden = true;
      syncValue(missing, state.missing);
      if (state.target !== "") syncValue(target, state.target);
    },
  };
}
