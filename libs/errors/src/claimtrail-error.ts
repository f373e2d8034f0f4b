/**
 * The one error family of Claimtrail. Every error a client can cause, or must be told
 * about, is a ClaimtrailError with a stable `code`; apps/api maps codes to HTTP
 * statuses in one place (the problem+json filter). Plain TypeScript, so the domain
 * can throw these without depending on NestJS.
 */
export type ErrorCode =
  | 'validation_failed'
  | 'not_found'
  | 'concurrency_conflict'
  | 'precondition_failed'
  | 'illegal_transition'
  | 'idempotency_conflict'
  | 'unauthenticated'
  | 'forbidden'
  | 'limit_exceeded'
  | 'unavailable';

export interface FieldError {
  /** JSON path of the offending field, e.g. `article.url` or `citedUrls[2]`. */
  field: string;
  /** Machine-readable rule, e.g. `too_big`, `invalid_format`, `unrecognized_keys`. */
  rule: string;
  message: string;
}

export abstract class ClaimtrailError extends Error {
  abstract readonly code: ErrorCode;

  constructor(
    message: string,
    /** Extra members copied into the problem document (must be safe to show a client). */
    readonly extensions: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/**
 * Field errors a problem document lists; the rest are only counted, so a body with 50k bad keys gets a small answer.
 */
export const MAX_LISTED_FIELD_ERRORS = 20;

export class ValidationFailed extends ClaimtrailError {
  readonly code = 'validation_failed';
  readonly errors: FieldError[];
  constructor(errors: FieldError[], message = 'The request is not valid') {
    const listed = errors.slice(0, MAX_LISTED_FIELD_ERRORS);
    super(message, errors.length > listed.length ? { errors: listed, errorCount: errors.length } : { errors: listed });
    this.errors = listed;
  }
}

export class NotFound extends ClaimtrailError {
  readonly code = 'not_found';
  constructor(what: string, id: string) {
    super(`${what} ${id} does not exist`, { resource: what, id });
  }
}

/** Optimistic concurrency: the stream moved on since the caller read it. */
export class ConcurrencyError extends ClaimtrailError {
  readonly code = 'concurrency_conflict';
  constructor(
    readonly streamId: string,
    readonly expected: string | number,
    readonly actual: number | null,
  ) {
    super(`Stream ${streamId} is at version ${actual ?? 'none'}, expected ${expected}`, {
      streamId,
      expectedVersion: expected,
      actualVersion: actual,
    });
  }
}

/** A client's `If-Match` no longer matches the current version. */
export class PreconditionFailed extends ClaimtrailError {
  readonly code = 'precondition_failed';
  constructor(expected: number, actual: number) {
    super(`If-Match expected version ${expected}, but the current version is ${actual}`, {
      expectedVersion: expected,
      currentVersion: actual,
    });
  }
}

/** A domain rule refused the change; `rule` names it. */
export class IllegalTransition extends ClaimtrailError {
  readonly code = 'illegal_transition';
  constructor(
    readonly rule: string,
    message: string,
  ) {
    super(message, { rule });
  }
}

export class IdempotencyConflict extends ClaimtrailError {
  readonly code = 'idempotency_conflict';
}

export class Unauthenticated extends ClaimtrailError {
  readonly code = 'unauthenticated';
}

export class Forbidden extends ClaimtrailError {
  readonly code = 'forbidden';
}

/** A size or count limit (event size, batch size, body size). */
export class LimitExceeded extends ClaimtrailError {
  readonly code = 'limit_exceeded';
  constructor(
    readonly limit: string,
    message: string,
  ) {
    super(message, { limit });
  }
}

export class Unavailable extends ClaimtrailError {
  readonly code = 'unavailable';
}
