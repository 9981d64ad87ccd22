/**
 * The playground's whole state, and its URL form. Pure (no DOM): `parseState(location.search)`
 * gives a valid state plus the problems found (bad values fall back to the view's defaults, and the
 * page says so); `stateToSearch(state)` writes it back. A link therefore reproduces the view, and
 * `parseState(stateToSearch(s))` is `s` again.
 */
import { parseOptimizerSpec, parseScheduleSpec } from "../../src/optim/index.js";
import { NET_DATASETS, type NetDataset } from "./compute/datasets2d.js";

export const VIEWS = ["1d", "2d", "sgd", "race", "network"] as const;
export type View = (typeof VIEWS)[number];
export const DATASETS = ["two-feature", "breast-cancer", "csv"] as const;
export type DatasetChoice = (typeof DATASETS)[number];

export interface PlaygroundState {
  view: View;
  /** A built-in function name or an expression. */
  f: string;
  /** The start (1d: x0; race: x0, y0). */
  x0: number;
  y0: number;
  /** 2d: the starts, one trajectory per start and optimizer. */
  starts: [number, number][];
  /** Learning rate used by every optimizer whose spec does not set its own lr. */
  lr: number;
  /** Optimizer specs (`adam:lr=0.05,beta1=0.8`); several in 2d and race. */
  optimizers: string[];
  /** Updates computed; in 1d the point shown is the iterate after this many steps. */
  steps: number;
  seed: number;
  /** 2d: shade the basins of attraction under the contours. */
  basins: boolean;
  /** sgd: minibatch size (0 = the full batch). */
  batch: number;
  /** sgd: passes over the data. */
  epochs: number;
  dataset: DatasetChoice;
  /** network: the data set (a generated one, or "csv" for the user's file). */
  netData: NetDataset | "csv";
  /** network: standard deviation of the jitter added to the generated points. */
  noise: number;
  /** network, and sgd with a CSV file: percent of the rows used for training. */
  ratio: number;
  /** network: hidden layer widths (empty: a linear model). */
  layers: number[];
  activation: NetActivation;
  /** network: a schedule spec (`cosine:t_max=2000`), "" for a constant learning rate. */
  schedule: string;
  /** network or sgd with a CSV file: target column and the two columns drawn ("" = defaults). */
  target: string;
  xcol: string;
  ycol: string;
  /** network: updates per animation tick while playing (0 = as fast as the machine goes). */
  speed: number;
  /** network or sgd with a CSV file: missing feature cells refused (""), filled, or their rows dropped. */
  missing: MissingChoice;
}

export const MISSING_CHOICES = ["", "mean", "median", "most-frequent", "drop"] as const;
export type MissingChoice = (typeof MISSING_CHOICES)[number];

export const NET_ACTIVATIONS = ["tanh", "relu", "sigmoid", "identity"] as const;
export type NetActivation = (typeof NET_ACTIVATIONS)[number];

/** Limits the page enforces (each bad value falls back to the default and is reported). */
export const LIMITS = Object.freeze({
  lr: [1e-6, 100] as const,
  steps: [0, 5000] as const,
  epochs: [1, 200] as const,
  batch: [0, 1024] as const,
  coordinate: 1e6,
  maxStarts: 12,
  maxOptimizers: 6,
  maxFunctionLength: 300,
  noise: [0, 0.5] as const,
  ratio: [10, 90] as const,
  maxLayers: 6,
  maxNeurons: 64,
  maxColumnName: 100,
  speed: [0, 1000] as const,
});

const BASE: Omit<PlaygroundState, "view"> = {
  f: "article-1d",
  x0: -0.9,
  y0: 0,
  starts: [],
  lr: 0.03,
  optimizers: ["sgd"],
  steps: 10,
  seed: 1,
  basins: false,
  batch: 32,
  epochs: 20,
  dataset: "two-feature",
  netData: "spiral",
  noise: 0.05,
  ratio: 50,
  layers: [8, 8],
  activation: "tanh",
  schedule: "",
  target: "",
  xcol: "",
  ycol: "",
  speed: 10,
  missing: "",
};

/** The state a view opens with when the URL says nothing else. */
export function defaultState(view: View): PlaygroundState {
  switch (view) {
    case "1d":
      return { ...BASE, view };
    case "2d":
      return { ...BASE, view, f: "two-minima", starts: [[0.4, 0.2], [1.2, -0.3]], lr: 0.5, steps: 100 };
    case "race":
      return { ...BASE, view, f: "rosenbrock", x0: -1.5, y0: 2, lr: 0.001, steps: 500, optimizers: ["sgd", "momentum", "adam:lr=0.05", "rmsprop:lr=0.01"] };
    case "sgd":
      return { ...BASE, view, f: "", lr: 0.1, steps: 0, ratio: 75 };
    case "network":
      return { ...BASE, view, f: "", lr: 0.03, steps: 0, optimizers: ["adam"], batch: 10 };
  }
}

/** Which URL keys each view reads and writes (the rest are ignored, so links stay short). */
const KEYS: Record<View, readonly (keyof PlaygroundState)[]> = {
  "1d": ["f", "x0", "lr", "optimizers", "steps"],
  "2d": ["f", "starts", "lr", "optimizers", "steps", "basins"],
  race: ["f", "x0", "y0", "lr", "optimizers", "steps"],
  sgd: ["dataset", "lr", "optimizers", "batch", "epochs", "seed", "ratio", "target", "xcol", "ycol", "missing"],
  network: ["netData", "noise", "ratio", "layers", "activation", "optimizers", "lr", "schedule", "batch", "seed", "target", "xcol", "ycol", "speed", "missing"],
};

/** The SGD view's keys that mean something only for the user's CSV file (left out of other links). */
const CSV_ONLY = new Set<keyof PlaygroundState>(["ratio", "target", "xcol", "ycol", "missing"]);

/** The URL name of a state key (`optimizers` is written `optimizer`). */
function urlKey(key: keyof PlaygroundState): string {
  return key === "optimizers" ? "optimizer" : key === "netData" ? "data" : key;
}

export interface ParsedState {
  state: PlaygroundState;
  /** One line per value that was ignored, naming the parameter and why. */
  problems: string[];
}

/** A parsed value, or why the raw text was refused. */
type Parsed<T> = { value: T } | { error: string };

function parseNumber(raw: string, min: number, max: number, integer: boolean): Parsed<number> {
  const v = Number(raw);
  if (raw.trim() === "" || !Number.isFinite(v)) return { error: "is not a number" };
  if (integer && !Number.isInteger(v)) return { error: "must be a whole number" };
  if (v < min || v > max) return { error: `must be between ${min} and ${max}` };
  return { value: v };
}

function parseStarts(raw: string): Parsed<[number, number][]> {
  if (raw.trim() === "") return { value: [] };
  const pieces = raw.split(";");
  if (pieces.length > LIMITS.maxStarts) return { error: `has more than ${LIMITS.maxStarts} points` };
  const out: [number, number][] = [];
  for (const piece of pieces) {
    const xy = piece.split(",").map((s) => parseNumber(s, -LIMITS.coordinate, LIMITS.coordinate, false));
    const [x, y] = xy;
    if (xy.length !== 2 || !x || !y || !("value" in x) || !("value" in y)) return { error: `expects points "x,y;x,y", got "${piece}"` };
    out.push([x.value, y.value]);
  }
  return { value: out };
}

function parseOptimizers(raw: string): Parsed<string[]> {
  const specs = raw.split(";").map((s) => s.trim()).filter((s) => s !== "");
  if (specs.length === 0) return { error: "is empty" };
  if (specs.length > LIMITS.maxOptimizers) return { error: `has more than ${LIMITS.maxOptimizers} optimizers` };
  for (const spec of specs) {
    try {
      parseOptimizerSpec(spec);
    } catch (e) {
      return { error: (e as Error).message };
    }
  }
  return { value: specs };
}

function parseLayers(raw: string): Parsed<number[]> {
  if (raw.trim() === "") return { value: [] };
  const widths = raw.split(",").map((w) => parseNumber(w, 1, LIMITS.maxNeurons, true));
  if (widths.length > LIMITS.maxLayers) return { error: `has more than ${LIMITS.maxLayers} layers` };
  if (widths.some((w) => "error" in w)) return { error: `expects widths like "8,8", each a whole number from 1 to ${LIMITS.maxNeurons}` };
  return { value: widths.map((w) => (w as { value: number }).value) };
}

function parseSchedule(raw: string): Parsed<string> {
  if (raw.trim() === "" || raw === "constant") return { value: "" };
  try {
    parseScheduleSpec(raw);
  } catch (e) {
    return { error: (e as Error).message };
  }
  return { value: raw.trim() };
}

function oneOf<T extends string>(raw: string, allowed: readonly T[]): Parsed<T> {
  return (allowed as readonly string[]).includes(raw) ? { value: raw as T } : { error: `must be one of ${allowed.join(", ")}` };
}

/** Parses one key's raw URL value: the value, or a reason it was refused. */
function parseKey(key: keyof PlaygroundState, raw: string): Parsed<unknown> {
  switch (key) {
    case "f":
      if (raw.trim() === "") return { error: "is empty" };
      return raw.length > LIMITS.maxFunctionLength ? { error: `is longer than ${LIMITS.maxFunctionLength} characters` } : { value: raw };
    case "x0":
    case "y0":
      return parseNumber(raw, -LIMITS.coordinate, LIMITS.coordinate, false);
    case "lr":
      return parseNumber(raw, LIMITS.lr[0], LIMITS.lr[1], false);
    case "steps":
      return parseNumber(raw, LIMITS.steps[0], LIMITS.steps[1], true);
    case "epochs":
      return parseNumber(raw, LIMITS.epochs[0], LIMITS.epochs[1], true);
    case "batch":
      return parseNumber(raw, LIMITS.batch[0], LIMITS.batch[1], true);
    case "seed":
      return parseNumber(raw, 0, 2 ** 32 - 1, true);
    case "starts":
      return parseStarts(raw);
    case "optimizers":
      return parseOptimizers(raw);
    case "basins":
      return raw === "1" || raw === "true" ? { value: true } : raw === "0" || raw === "false" ? { value: false } : { error: "must be 0 or 1" };
    case "dataset":
      return oneOf(raw, DATASETS);
    case "view":
      return oneOf(raw, VIEWS);
    case "missing":
      return oneOf(raw, MISSING_CHOICES);
    case "speed":
      return parseNumber(raw, LIMITS.speed[0], LIMITS.speed[1], true);
    case "netData":
      return oneOf(raw, [...NET_DATASETS, "csv"] as const);
    case "noise":
      return parseNumber(raw, LIMITS.noise[0], LIMITS.noise[1], false);
    case "ratio":
      return parseNumber(raw, LIMITS.ratio[0], LIMITS.ratio[1], true);
    case "layers":
      return parseLayers(raw);
    case "activation":
      return oneOf(raw, NET_ACTIVATIONS);
    case "schedule":
      return parseSchedule(raw);
    case "target":
    case "xcol":
    case "ycol":
      return raw.length > LIMITS.maxColumnName ? { error: `is longer than ${LIMITS.maxColumnName} characters` } : { value: raw };
  }
}

/** URL query string (with or without "?") → a valid state and the problems found. */
export function parseState(search: string): ParsedState {
  const params = new URLSearchParams(search);
  const problems: string[] = [];
  const rawView = params.get("view");
  let view: View = "1d";
  if (rawView !== null) {
    const v = oneOf(rawView, VIEWS);
    if ("error" in v) problems.push(`view="${rawView}" ${v.error}; showing 1d`);
    else view = v.value;
  }
  const state = defaultState(view) as unknown as Record<string, unknown>;
  for (const key of KEYS[view]) {
    const raw = params.get(urlKey(key));
    if (raw === null) continue;
    const parsed = parseKey(key, raw);
    if ("error" in parsed) problems.push(`${urlKey(key)}="${raw}" ${parsed.error}; using the default`);
    else state[key] = parsed.value;
  }
  return { state: state as unknown as PlaygroundState, problems };
}

function formatKey(key: keyof PlaygroundState, state: PlaygroundState): string {
  switch (key) {
    case "starts":
      return state.starts.map(([x, y]) => `${x},${y}`).join(";");
    case "optimizers":
      return state.optimizers.join(";");
    case "layers":
      return state.layers.join(",");
    case "basins":
      return state.basins ? "1" : "0";
    default:
      return String(state[key]);
  }
}

/** State → query string (starting with "?"), `view` first, then the view's own keys. */
export function stateToSearch(state: PlaygroundState): string {
  const params = new URLSearchParams();
  params.set("view", state.view);
  for (const key of KEYS[state.view]) {
    if (state.view === "sgd" && state.dataset !== "csv" && CSV_ONLY.has(key)) continue;
    params.set(urlKey(key), formatKey(key, state));
  }
  return "?" + params.toString();
}

/** The state with `patch` applied, kept only if it is still valid (else the problems). */
export function updateState(state: PlaygroundState, patch: Partial<PlaygroundState>): ParsedState {
  if (patch.view !== undefined && patch.view !== state.view) return { state: defaultState(patch.view), problems: [] };
  const next = { ...state, ...patch };
  const reparsed = parseState(stateToSearch(next));
  // A refused change keeps the state as it was (not the view's default, as a bad URL gets).
  return reparsed.problems.length > 0 ? { state, problems: reparsed.problems.map((p) => p.replace(/; using the default$/, "; the previous value is kept")) } : reparsed;
}
