/**
 * The data options, defined once for every command that reads a data file (train, train
 * --stream, study, predict, export --torch): their flags, their help, and their parsing into
 * `DataOptions`.
 */
import type { Command } from "commander";
import type { DataOptions, Delimiter, ImputeStrategy } from "../data/index.js";
import { OptionError } from "../errors.js";

/** The flags as commander hands them over. `header` is false after --no-header. */
export interface DataFlags {
  target?: string;
  features?: string;
  drop?: string;
  categorical?: string;
  impute?: string;
  dropMissing?: boolean;
  task?: string;
  delimiter?: string;
  decimal?: string;
  thousands?: string;
  header?: boolean;
}

/** The flags' names as commander stores them (`--drop-missing` is dropMissing, `--no-header` header). */
export const DATA_FLAG_NAMES: readonly (keyof DataFlags)[] = [
  "target", "features", "drop", "categorical", "impute", "dropMissing", "task", "delimiter", "decimal", "thousands", "header",
];

/** Which flags a command takes: all of them, or only how to read the file (predict). */
export type DataFlagSet = "all" | "reading";

/** Adds the data flags to a command. */
export function addDataFlags(cmd: Command, set: DataFlagSet = "all"): Command {
  if (set === "all") {
    cmd
      .option("--target <column>", "target column: a name or a 1-based index (default: the last column)")
      .option("--features <columns>", "only these columns as features: names or 1-based indexes, comma-separated")
      .option("--drop <columns>", "leave these columns out (an ID, free text): names or 1-based indexes, comma-separated")
      .option("--categorical <columns>", "one-hot encode these number columns too (text columns always are)")
      .option("--impute <strategy>", "fill missing cells with the training rows' mean | median | most-frequent")
      .option("--drop-missing", "leave out rows that have a missing feature cell")
      .option("--task <task>", "classification | regression (default: guessed from the target)");
  }
  return cmd
    .option("--delimiter <char>", 'field separator: "," ";" tab or whitespace (default: guessed)')
    .option("--decimal <mark>", 'decimal mark: "." or "," (default ".")')
    .option("--thousands <sep>", 'thousands separator to ignore, e.g. "," for 1,234.5 or $179,200')
    .option("--no-header", "the first row is data, not column names (default: guessed)");
}

const DELIMITERS: Record<string, Delimiter> = { ",": ",", ";": ";", tab: "\t", "\t": "\t", "\\t": "\t", whitespace: "whitespace", space: "whitespace" };
const IMPUTE: readonly ImputeStrategy[] = ["mean", "median", "most-frequent"];

function columnList(flag: string, raw: string): string[] {
  const list = raw.split(",").map((c) => c.trim());
  if (list.some((c) => c === "")) throw new OptionError(`invalid ${flag} "${raw}": expected column names or 1-based indexes separated by commas`);
  return list;
}

/** Reads the flags into data options, refusing invalid values with one line. */
export function dataOptionsFromFlags(flags: DataFlags): DataOptions {
  const o: DataOptions = {};
  if (flags.target !== undefined) o.target = flags.target.trim();
  if (flags.features !== undefined) o.features = columnList("--features", flags.features);
  if (flags.drop !== undefined) o.drop = columnList("--drop", flags.drop);
  if (flags.features !== undefined && flags.drop !== undefined) throw new OptionError("give --features or --drop, not both");
  if (flags.categorical !== undefined) o.categorical = columnList("--categorical", flags.categorical);
  if (flags.impute !== undefined) {
    if (!(IMPUTE as readonly string[]).includes(flags.impute)) throw new OptionError(`invalid --impute "${flags.impute}" (valid: ${IMPUTE.join(", ")})`);
    o.impute = flags.impute as ImputeStrategy;
  }
  if (flags.dropMissing) o.dropMissing = true;
  if (flags.impute !== undefined && flags.dropMissing) throw new OptionError("give --impute or --drop-missing, not both");
  if (flags.task !== undefined) {
    if (flags.task !== "classification" && flags.task !== "regression") throw new OptionError(`invalid --task "${flags.task}" (valid: classification, regression)`);
    o.task = flags.task;
  }
  if (flags.delimiter !== undefined) {
    const d = DELIMITERS[flags.delimiter] ?? DELIMITERS[flags.delimiter.trim()];
    if (!d) throw new OptionError(`invalid --delimiter "${flags.delimiter}" (valid: "," ";" tab whitespace)`);
    o.delimiter = d;
  }
  if (flags.decimal !== undefined) {
    if (flags.decimal !== "." && flags.decimal !== ",") throw new OptionError(`invalid --decimal "${flags.decimal}" (valid: "." or ",")`);
    o.decimal = flags.decimal;
  }
  if (flags.thousands !== undefined) {
    const t = flags.thousands === "space" ? " " : flags.thousands;
    if (t !== "," && t !== "." && t !== " " && t !== "'") throw new OptionError(`invalid --thousands "${flags.thousands}" (valid: "," "." "'" space)`);
    if (t === (o.decimal ?? ".")) throw new OptionError(`--thousands "${t}" is also the decimal mark; with --thousands . add --decimal ,`);
    o.thousands = t;
  }
  if (o.decimal === "," && o.delimiter === ",") throw new OptionError('--decimal , needs another --delimiter (such as ";")');
  if (flags.header === false) o.header = false;
  return o;
}
