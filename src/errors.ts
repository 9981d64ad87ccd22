/**
 * Every error a user can cause is a DescentError: one line that names the problem and where it
 * is. The CLI prints `descent: <message>` and exits 2; anything else is a bug and keeps its stack.
 */
export class DescentError extends Error {
  /** A stable machine-readable kind, for callers that branch on errors. */
  readonly code: string;
  constructor(message: string, code = "DESCENT_ERROR") {
    super(message);
    this.name = new.target.name;
    this.code = code;
  }
}

/** An expression that cannot be parsed; `column` is 1-based. */
export class ParseError extends DescentError {
  constructor(
    message: string,
    readonly input: string,
    readonly column: number,
  ) {
    super(message, "PARSE_ERROR");
  }
}

/** A bad option value or name (learning rate, optimizer, schedule, CLI flag). */
export class OptionError extends DescentError {
  constructor(message: string) {
    super(message, "OPTION_ERROR");
  }
}

/** Malformed, missing or unreadable data (CSV, IDX, model files). */
export class DataError extends DescentError {
  constructor(message: string) {
    super(message, "DATA_ERROR");
  }
}

/** Tensors whose shapes do not fit an operation. */
export class ShapeError extends DescentError {
  constructor(message: string) {
    super(message, "SHAPE_ERROR");
  }
}

/** A point where a function or its derivatives are not defined (log of a negative number, a cusp). */
export class DomainError extends DescentError {
  constructor(message: string) {
    super(message, "DOMAIN_ERROR");
  }
}

export function isDescentError(e: unknown): e is DescentError {
  return e instanceof DescentError;
}
