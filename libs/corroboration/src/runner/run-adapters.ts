import { ClaimtrailError } from '@claimtrail/errors';
import { ClaimToCorroborate, SourceAdapter, SourceFinding } from '../source-adapter';
import { AdapterPolicies, backoffDelay } from './adapter-policy';

/** What one source came back with. */
export interface SourceResult {
  source: string;
  /** `answered` (possibly with no findings), `failed` (gave up), `timed_out` (last attempt or the deadline ran out). */
  status: 'answered' | 'failed' | 'timed_out';
  findings: SourceFinding[];
  /** Why it failed or timed out. */
  error?: string;
  /** Attempts started (0 when the deadline passed before the first could start). */
  attempts: number;
}

export interface RunOptions {
  /** The job's deadline or shutdown: sources not done by then are `timed_out`. */
  signal?: AbortSignal;
  /** Jitter source, for tests. */
  random?: () => number;
}

class AttemptTimedOut extends Error {}

/**
 * Retry only what may go better next time: ClaimtrailErrors say so with `unavailable`;
 * anything else (a network error, a bug) is not ours to judge, so it is retried too.
 */
const retryable = (error: unknown) => !(error instanceof ClaimtrailError) || error.code === 'unavailable';

/**
 * Queries every source in parallel, each under its own policy (rate limit, per-attempt
 * timeout, retries with exponential backoff and jitter), and reports per source. Never
 * throws: a failing or slow source is a result, not an exception. An adapter that ignores
 * its abort signal is abandoned at the timeout, not waited for.
 */
export async function runAdapters(
  adapters: readonly SourceAdapter[],
  claim: ClaimToCorroborate,
  policies: AdapterPolicies,
  options: RunOptions = {},
): Promise<SourceResult[]> {
  return Promise.all(adapters.map((adapter) => runOne(adapter, claim, policies, options)));
}

async function runOne(
  adapter: SourceAdapter,
  claim: ClaimToCorroborate,
  policies: AdapterPolicies,
  options: RunOptions,
): Promise<SourceResult> {
  const policy = policies.of(adapter.name);
  const deadline = options.signal ?? new AbortController().signal;
  let attempts = 0;
  let lastError: unknown;
  for (let attempt = 0; attempt <= policy.retries; attempt++) {
    if (attempt > 0) {
      const waited = await abortableSleep(backoffDelay(attempt - 1, policy.backoff, options.random), deadline);
      if (!waited) break;
    }
    try {
      const findings = await untilAborted(
        policies.schedule(adapter.name, async () => {
          deadline.throwIfAborted();
          attempts++;
          return attemptWithTimeout(adapter, claim, policy.timeoutMs, deadline);
        }),
        deadline,
      );
      return { source: adapter.name, status: 'answered', findings, attempts };
    } catch (error) {
      lastError = error;
      if (deadline.aborted) break;
      if (!(error instanceof AttemptTimedOut) && !retryable(error)) {
        return { source: adapter.name, status: 'failed', findings: [], error: describe(error), attempts };
      }
    }
  }
  if (deadline.aborted) {
    return {
      source: adapter.name,
      status: 'timed_out',
      findings: [],
      error: `deadline passed: ${describe(deadline.reason)}`,
      attempts,
    };
  }
  const timedOut = lastError instanceof AttemptTimedOut;
  return {
    source: adapter.name,
    status: timedOut ? 'timed_out' : 'failed',
    findings: [],
    error: describe(lastError),
    attempts,
  };
}

async function attemptWithTimeout(
  adapter: SourceAdapter,
  claim: ClaimToCorroborate,
  timeoutMs: number,
  deadline: AbortSignal,
): Promise<SourceFinding[]> {
  const timeout = new AbortController();
  const timer = setTimeout(
    () => timeout.abort(new AttemptTimedOut(`${adapter.name} took longer than ${timeoutMs} ms`)),
    timeoutMs,
  );
  const signal = AbortSignal.any([deadline, timeout.signal]);
  try {
    return await untilAborted(adapter.search(claim, signal), signal);
  } finally {
    clearTimeout(timer);
  }
}

/** Settles with `work`, or rejects with the signal's reason as soon as it aborts. */
function untilAborted<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) {
    work.catch(() => undefined);
    return Promise.reject(signal.reason);
  }
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

/** Waits `ms`; false when the signal aborted first. */
function abortableSleep(ms: number, signal: AbortSignal): Promise<boolean> {
  if (signal.aborted) return Promise.resolve(false);
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve(true);
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      resolve(false);
    };
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
