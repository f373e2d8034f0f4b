import { Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { AppConfig } from '@claimtrail/config';
import { EventStore } from '@claimtrail/event-store';
import type { CorroborationRoundJob } from '@claimtrail/jobs';
import { OpenRoundsRepository } from '@claimtrail/projections';
import { LeaderLoop } from '../leader-loop';
import { CorroborationDeadlineHandler } from './corroboration-deadline.handler';

/** The sweeper's lock name (in the subscribers' namespace). */
export const ROUND_SWEEPER_LOCK = 'corroboration-round-sweeper';

/** Rounds finished per read of the overdue list. */
const SWEEP_PAGE = 100;

/**
 * The backstop that makes every round finish from Postgres alone: it reads open rounds
 * past their deadline (plus a grace period that lets the deadline job go first) from the
 * `open_corroboration_rounds` read model and finishes each as timed out through the
 * normal command path — whatever happened to Redis or to the jobs (lost queue, attempts
 * exhausted during an outage). Idempotent: a round already finished is skipped, and the
 * claim decider records a round's end once. Every worker runs one; an ExclusiveLock (the
 * subscribers' mechanism) keeps one active and lets a standby take over when it dies.
 */
@Injectable()
export class RoundSweeper implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('round-sweeper');
  private readonly loop: LeaderLoop;

  constructor(
    eventStore: EventStore,
    private readonly openRounds: OpenRoundsRepository,
    private readonly deadline: CorroborationDeadlineHandler,
    private readonly config: AppConfig,
  ) {
    this.loop = new LeaderLoop(eventStore.exclusiveLock(ROUND_SWEEPER_LOCK), {
      intervalMs: config.corroboration.sweep.intervalMs,
      task: async () => void (await this.sweep()),
      logger: this.logger,
      name: 'sweep',
    });
  }

  onApplicationBootstrap(): void {
    this.loop.start();
  }

  onModuleDestroy(): Promise<void> {
    return this.loop.stop();
  }

  /** Whether this process is the active sweeper. */
  get active(): boolean {
    return this.loop.active;
  }

  /** Finishes every open round overdue at `now` (minus the grace period); returns how many it finished. */
  async sweep(now = new Date()): Promise<number> {
    const before = new Date(now.getTime() - this.config.corroboration.sweep.graceMs);
    let finished = 0;
    const seen = new Set<string>();
    for (;;) {
      // Rows of rounds just finished leave the read model when its projector catches up; skip them meanwhile.
      const due = (await this.openRounds.overdue(before, SWEEP_PAGE + seen.size)).filter((row) => !seen.has(row.id));
      if (due.length === 0) break;
      const jobs = due.map((row): CorroborationRoundJob => {
        seen.add(row.id);
        return {
          claimId: row.claim_id,
          requestId: row.request_id,
          sources: row.sources,
          deadline: row.deadline.toISOString(),
          eventId: row.event_id,
          correlationId: row.correlation_id,
        };
      });
      const progress = await this.deadline.progressOf(jobs);
      for (const [i, job] of jobs.entries()) {
        if (!('skip' in (await this.deadline.finishOverdue(job, progress[i])))) finished++;
      }
      if (due.length < SWEEP_PAGE) break;
    }
    if (finished > 0)
      this.logger.warn(
        `finished ${finished} overdue corroboration round(s) as timed out (their deadline jobs did not)`,
      );
    return finished;
  }
}
