import { InjectQueue } from '@nestjs/bullmq';
import { Injectable } from '@nestjs/common';
import { Queue } from 'bullmq';
import {
  CorroborationRoundJob,
  done,
  HandlesJob,
  jobIdFor,
  JobHandler,
  JobName,
  JobResult,
  QueueName,
  skipped,
} from '@claimtrail/jobs';
import type { SourceProgress } from './corroborate-claim.handler';
import { CorroborationRounds, RoundOutcome } from './corroboration-rounds.service';

/** How long the work job's progress may take to read: the round is finished without it after that. */
const PROGRESS_TIMEOUT_MS = 2000;

/**
 * Runs when a round's deadline passes (a delayed job the relay adds with the round). A
 * round still open then — its work job backlogged, retrying or failed for good — is
 * finished with the sources that had not answered as timed out, so the verdict policy
 * can call the claim `unverified`. Which sources answered comes from the work job's
 * progress, found by its deterministic id. The round sweeper finishes overdue rounds the
 * same way (`finishOverdue`) when this job never ran or ran out of attempts.
 */
@Injectable()
@HandlesJob(JobName.CorroborationDeadline)
export class CorroborationDeadlineHandler implements JobHandler<JobName.CorroborationDeadline> {
  constructor(
    private readonly rounds: CorroborationRounds,
    @InjectQueue(QueueName.Corroboration) private readonly queue: Queue,
  ) {}

  async handle(job: CorroborationRoundJob): Promise<JobResult> {
    const [progress] = await this.progressOf([job]);
    const result = await this.finishOverdue(job, progress);
    return 'skip' in result
      ? skipped(result.skip)
      : done({ ...result, note: 'deadline passed with the round still open' });
  }

  /**
   * Finishes `job`'s round as at its deadline, if it is still open: sources the work
   * job's `progress` shows as answered or failed count so, every other one as timed out.
   */
  async finishOverdue(
    job: CorroborationRoundJob,
    progress: SourceProgress,
  ): Promise<(RoundOutcome & { status: string }) | { skip: string }> {
    const open = await this.rounds.open(job);
    if ('skip' in open) return open;
    const outcome: RoundOutcome = {
      answered: job.sources.filter((s) => progress[s] === 'answered'),
      failed: job.sources.filter((s) => progress[s] === 'failed'),
      timedOut: job.sources.filter((s) => progress[s] !== 'answered' && progress[s] !== 'failed'),
    };
    const finished = await this.rounds.finish(job, outcome);
    return { ...outcome, status: finished.status };
  }

  /**
   * The work jobs' progress, by their deterministic ids, in `jobs` order. Without Redis
   * (lost queue, outage) it is unknown after a short wait: empty, so every source not
   * known to have answered counts as timed out.
   */
  async progressOf(jobs: CorroborationRoundJob[]): Promise<SourceProgress[]> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<undefined>(
      (resolve) => (timer = setTimeout(() => resolve(undefined), PROGRESS_TIMEOUT_MS)),
    );
    const read = Promise.all(
      jobs.map((job) => this.queue.getJob(jobIdFor(JobName.CorroborateClaim, job.eventId))),
    ).catch(() => undefined);
    try {
      const works = await Promise.race([read, timeout]);
      return jobs.map((_, i) => (works?.[i]?.progress as { sources?: SourceProgress } | undefined)?.sources ?? {});
    } finally {
      clearTimeout(timer);
    }
  }
}
