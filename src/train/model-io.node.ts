/** Model and JSON files on disk (Node only): the format itself is model-file.ts's. */
import { mkdirSync, readFileSync, statSync } from "node:fs";
import { dirname } from "node:path";
import { writeFileAtomic } from "../util/atomic-write.node.js";
import { DataError, OptionError } from "../errors.js";
import type { Model } from "./model.js";
import { modelFromJSON, modelToJSON, type SaveExtras } from "./model-file.js";

/** Throws an OptionError before any work when `path`'s folder does not exist. */
export function checkOutputPath(path: string, flag: string): void {
  const dir = dirname(path);
  let ok = false;
  try {
    ok = statSync(dir).isDirectory();
  } catch {
    ok = false;
  }
  if (!ok) throw new OptionError(`${flag} ${path}: folder ${dir} does not exist`);
}

/** Writes JSON to a temporary file beside `path`, then renames it, so readers never see half a file. */
export function writeJsonAtomic(path: string, value: unknown): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileAtomic(path, JSON.stringify(value));
}

/** Reads and parses a JSON file; unreadable or malformed input is a one-line DataError. */
export function readJson(path: string, what: string): unknown {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch {
    throw new DataError(`cannot read ${what} ${path}: no such file`);
  }
  try {
    return JSON.parse(text);
  } catch {
    throw new DataError(`${what} ${path} is corrupted: not valid JSON`);
  }
}

export function saveModel(path: string, model: Model, extras: SaveExtras = {}): void {
  writeJsonAtomic(path, modelToJSON(model, extras));
}

export function loadModel(path: string): ReturnType<typeof modelFromJSON> {
  return modelFromJSON(readJson(path, "model file"), path);
}
