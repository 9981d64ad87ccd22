/**
 * Checkpoints: the model, the run state (position, row order, generator, optimizer and schedule
 * state, partial sums, history, early stopping) and the run's configuration, written atomically.
 * Resuming from one continues the run to exactly the weights of an uninterrupted run.
 */
import { DataError } from "../errors.js";
import { deserializeState, serializeState } from "../optim/index.js";
import type { Model } from "./model.js";
import { modelFromJSON, modelToJSON } from "./model-file.js";
import { readJson, writeJsonAtomic } from "./model-io.node.js";
import type { RunState } from "./run-state.js";

export const CHECKPOINT_FORMAT = "descent-checkpoint";
export const CHECKPOINT_VERSION = 1;

export interface Checkpoint<C> {
  /** Whatever the caller needs to rebuild the run (the CLI stores its resolved flags). */
  config: C;
  model: Model;
  state: RunState;
}

/** Writes a checkpoint to `path` through a temporary file and a rename. */
export function writeCheckpoint<C>(path: string, checkpoint: Checkpoint<C>): void {
  const { order, ...rest } = checkpoint.state;
  writeJsonAtomic(path, {
    format: CHECKPOINT_FORMAT,
    version: CHECKPOINT_VERSION,
    config: checkpoint.config,
    model: modelToJSON(checkpoint.model),
    state: serializeState({ ...rest, order: order === null ? null : Array.from(order) }),
  });
}

/** Reads a checkpoint; a damaged file or one of another version is a one-line DataError. */
export function readCheckpoint<C>(path: string): Checkpoint<C> {
  const json = readJson(path, "checkpoint") as { format?: unknown; version?: unknown; config?: C; model?: unknown; state?: unknown } | null;
  if (!json || json.format !== CHECKPOINT_FORMAT) throw new DataError(`${path} is not a descent checkpoint`);
  if (json.version !== CHECKPOINT_VERSION) {
    throw new DataError(`${path} is a version ${String(json.version)} checkpoint; this descent reads version ${CHECKPOINT_VERSION}`);
  }
  const { model } = modelFromJSON(json.model, path);
  const state = deserializeState<RunState & { order: number[] | null }>(json.state);
  if (!state || typeof state !== "object" || !Number.isInteger(state.epoch) || !Number.isInteger(state.batch) || !state.optimizer || !state.rng) {
    throw new DataError(`${path} is corrupted: its run state is incomplete`);
  }
  return {
    config: json.config as C,
    model,
    state: { ...state, order: state.order === null ? null : Uint32Array.from(state.order) },
  };
}
