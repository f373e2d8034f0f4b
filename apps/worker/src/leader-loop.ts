import type { Logger } from '@nestjs/common';
import type { ExclusiveLock } from '@claimtrail/event-store';
import { throttledWarning } from './throttled-warning';

export interface LeaderLoopOptions {
  /** Between two runs of the task while this process holds the lock. */
  intervalMs: number;
  /** One run; a throw is retried at the next interval. */
  task: () => Promise<void>;
  logger: Logger;
  /** Names the task in the failure warning ("sweep", "checkpoint"). */
  name: string;
}

/** An outage fails every run until it ends: it is reported now and then, not every interval. */
const FAILURE_REPORT_INTERVAL_MS = 60_000;

/**
 * A periodic task that one process of many runs: every worker runs the loop, and an ExclusiveLock
 * (the subscribers' mechanism) keeps one active and lets a standby take over when it dies. A
 * standby retries the lock every second at most, plus the time the holder asked it to yield.
 */
export class LeaderLoop {
  private stopping = false;
  private wake: (() => void) | null = null;
  private running: Promise<void> | null = null;
  private readonly warn: (message: string) => void;

  constructor(
    private readonly lock: ExclusiveLock,
    private readonly options: LeaderLoopOptions,
  ) {
    this.warn = throttledWarning(options.logger, FAILURE_REPORT_INTERVAL_MS);
  }

  start(): void {
    this.running ??= this.run();
  }

  /** Ends the loop after the run in progress, if any, and gives the lock up. */
  async stop(): Promise<void> {
    this.stopping = true;
    this.wake?.();
    await this.running;
    await this.lock.release();
  }

  /** Whether this process is the one running the task. */
  get active(): boolean {
    return this.lock.held;
  }

  private async run(): Promise<void> {
    const { intervalMs, task, name } = this.options;
    while (!this.stopping) {
      try {
        if (await this.lock.acquire()) await task();
      } catch (error) {
        this.warn(`${name} failed, will retry: ${(error as Error).message}`);
      }
      await this.sleep(this.lock.held ? intervalMs : Math.min(intervalMs, 1000) + this.lock.yieldingFor());
    }
  }

  private sleep(ms: number): Promise<void> {
    if (this.stopping) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.wake = done;
    });
  }
}
