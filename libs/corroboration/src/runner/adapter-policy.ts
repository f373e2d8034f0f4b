import Bottleneck from 'bottleneck';

/** How one source is queried: its own timeout, rate limit and retries. */
export interface AdapterPolicy {
  /** Per attempt; an attempt still running then counts as timed out (and may be retried). */
  timeoutMs: number;
  /** Attempts started per second in this process; 0 for no limit. */
  ratePerSecond: number;
  /** Attempts running at once in this process; 0 for no limit. */
  maxConcurrent: number;
  /** Attempts after the first, for retryable failures and timeouts. */
  retries: number;
  /** Exponential backoff between attempts, with full jitter (see `backoffDelay`). */
  backoff: { baseMs: number; maxMs: number };
}

/**
 * The delay before retry number `attempt` (0-based): a random point in
 * [0, min(maxMs, baseMs · 2^attempt)] — "full jitter", so that many jobs failing together
 * do not come back together.
 */
export function backoffDelay(
  attempt: number,
  backoff: AdapterPolicy['backoff'],
  random: () => number = Math.random,
): number {
  return Math.round(random() * Math.min(backoff.maxMs, backoff.baseMs * 2 ** attempt));
}

/**
 * Each source's policy, and its rate limiter (bottleneck), shared by every claim this
 * process corroborates: create it once (CorroborationModule does) and `stop()` it on shutdown.
 */
export class AdapterPolicies {
  private readonly limiters = new Map<string, Bottleneck>();

  constructor(
    private readonly bySource: Readonly<Record<string, AdapterPolicy>>,
    private readonly fallback: AdapterPolicy,
  ) {}

  of(source: string): AdapterPolicy {
    return this.bySource[source] ?? this.fallback;
  }

  /** Runs `task` when the source's rate and concurrency limits allow. */
  schedule<T>(source: string, task: () => Promise<T>): Promise<T> {
    let limiter = this.limiters.get(source);
    if (!limiter) {
      const { ratePerSecond, maxConcurrent } = this.of(source);
      limiter = new Bottleneck({
        minTime: ratePerSecond > 0 ? Math.ceil(1000 / ratePerSecond) : 0,
        maxConcurrent: maxConcurrent > 0 ? maxConcurrent : null,
      });
      this.limiters.set(source, limiter);
    }
    return limiter.schedule(task);
  }

  /** Drops waiting attempts and lets running ones finish. */
  async stop(): Promise<void> {
    await Promise.all([...this.limiters.values()].map((l) => l.stop({ dropWaitingJobs: true })));
    this.limiters.clear();
  }
}
