/**
 * Targets in a stream: the first pass collects the distinct label cells (bounded) and decides the
 * task with the in-memory loader's rules; later passes turn each cell into a class index or value.
 */
import type { Task } from "../data/index.js";
import { DataError } from "../errors.js";
import { isNonFiniteWord, parseNumber } from "../data/numbers.js";
import { numericCell } from "./rows.js";

/** Integer-valued targets with at most this many distinct values count as class labels (as in memory). */
const MAX_AUTO_CLASSES = 32;
/** More distinct text labels than this is not a classification target one can stream. */
const MAX_TEXT_CLASSES = 10_000;

/** Watches target cells in the first pass, keeping only what the task decision needs. */
export class LabelCollector {
  private readonly numeric = new Set<number>();
  private readonly text = new Set<string>();
  private allNumeric = true;
  private allInteger = true;
  private anyTextLabel = false;

  add(cell: string, where: () => string): void {
    const v = parseNumber(cell);
    if (v === null) {
      this.allNumeric = false;
      if (cell !== "" && !isNonFiniteWord(cell)) this.anyTextLabel = true;
      if (this.text.size <= MAX_TEXT_CLASSES) this.text.add(cell);
      else if (!this.text.has(cell)) throw new DataError(`${where()}: more than ${MAX_TEXT_CLASSES} distinct labels; is this the target column?`);
      return;
    }
    if (!Number.isInteger(v)) this.allInteger = false;
    if (this.numeric.size <= MAX_AUTO_CLASSES) this.numeric.add(v);
    if (this.text.size <= MAX_TEXT_CLASSES) this.text.add(cell);
  }

  /** The task and class names, following the in-memory loader's rules. */
  decide(task: Task | "auto", classes: string[] | undefined, describe: string): { task: Task; classes?: string[] } {
    let chosen: Task;
    if (task !== "auto") chosen = task;
    else if (classes) chosen = "classification";
    else if (!this.allNumeric) chosen = this.anyTextLabel ? "classification" : "regression";
    else chosen = this.numeric.size <= MAX_AUTO_CLASSES && this.allInteger ? "classification" : "regression";
    if (chosen === "regression") return { task: chosen };
    let names: string[];
    if (classes) names = classes;
    else if (this.allNumeric) names = [...this.numeric].sort((a, b) => a - b).map(String);
    else names = [...this.text].sort();
    if (!classes && (this.allNumeric ? this.numeric.size : this.text.size) < 2) {
      throw new DataError(`${describe} has a single class ("${names[0]}"); classification needs at least 2`);
    }
    return { task: chosen, classes: names };
  }
}

/** Turns a target cell into the float the trainer reads: the value, or the class index. */
export function makeTargetEncoder(task: Task, classes: string[] | undefined): (cell: string, where: () => string) => number {
  if (task === "regression") return (cell, where) => numericCell(cell, where());
  const names = classes!;
  const byName = new Map(names.map((c, k) => [c, k]));
  const byValue = new Map<number, number>();
  names.forEach((c, k) => {
    const v = parseNumber(c);
    if (v !== null && !byValue.has(v)) byValue.set(v, k);
  });
  return (cell, where) => {
    const k = byName.get(cell) ?? byValue.get(parseNumber(cell) ?? NaN);
    if (k !== undefined) return k;
    if (cell === "" || isNonFiniteWord(cell)) numericCell(cell, where()); // throws the loader's message
    throw new DataError(`${where()}: label "${cell}" is not one of the classes (${names.join(", ")})`);
  };
}
