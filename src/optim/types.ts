/** A flat parameter or gradient buffer; shapes do not matter to optimizers. */
export type Vec = Float64Array | Float32Array;

/** Parameters, gradients and updates are keyed by name, never by list position. */
export type Params = Record<string, Vec>;

/**
 * Hyperparameters passed at every step (e.g. `{ lr: 0.02 }`). Each transformation reads the keys
 * it knows and falls back to its construction-time values, so sliders can move mid-run.
 */
export type Hyper = Readonly<Record<string, number | boolean | undefined>>;

/** The result of a pure update: additive updates (already negative) and the new state. */
export interface UpdateResult<S> {
  updates: Params;
  state: S;
}

/** An optax-style pure gradient transformation. `update` never mutates its inputs. */
export interface GradientTransformation<S = unknown> {
  init(params: Params): S;
  update(grads: Params, state: S, params: Params, hyper?: Hyper): UpdateResult<S>;
}

/** An option value as written in a spec string or an options object. */
export type OptionValue = number | boolean | string | readonly number[];
export type Options = Record<string, OptionValue>;
