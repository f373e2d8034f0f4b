import { ClaimtrailError, ErrorCode, FieldError } from '@claimtrail/errors';

/** An RFC 9457 problem document. */
export interface ProblemDetails {
  type: string;
  title: string;
  status: number;
  detail: string;
  instance?: string;
  errors?: FieldError[];
  [extension: string]: unknown;
}

const PROBLEM_BASE = 'https://claimtrail.dev/problems/';

/** The one mapping from the error family to HTTP. */
const statusOf: Record<ErrorCode, { status: number; title: string }> = {
  validation_failed: { status: 400, title: 'Validation failed' },
  not_found: { status: 404, title: 'Not found' },
  concurrency_conflict: { status: 409, title: 'Concurrent modification' },
  precondition_failed: { status: 412, title: 'Precondition failed' },
  illegal_transition: { status: 409, title: 'Illegal transition' },
  idempotency_conflict: { status: 422, title: 'Idempotency key reused' },
  unauthenticated: { status: 401, title: 'Unauthenticated' },
  forbidden: { status: 403, title: 'Forbidden' },
  limit_exceeded: { status: 413, title: 'Limit exceeded' },
  unavailable: { status: 503, title: 'Service unavailable' },
};

export function problemFromError(error: ClaimtrailError): ProblemDetails {
  const { status, title } = statusOf[error.code];
  return {
    ...error.extensions,
    type: PROBLEM_BASE + error.code.replace(/_/g, '-'),
    title,
    status,
    detail: error.message,
  };
}

/** For errors raised by the HTTP layer itself (unknown route, body too large, rate limit, ...). */
export function problem(
  status: number,
  slug: string,
  title: string,
  detail: string,
  extra: Record<string, unknown> = {},
): ProblemDetails {
  return { ...extra, type: PROBLEM_BASE + slug, title, status, detail };
}
