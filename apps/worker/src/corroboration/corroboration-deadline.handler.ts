import { InjectQueue } from '@nestjs/bullmq';
import { Injectable } from '@nestjs/common';
import { Queue } from 'bullmq';
import { CorroborationRoundJob, done, HandlesJob, jobIdFor, JobHandler, JobName, JobResult, QueueName, skipped } from '@claimtrail/jobs';
import type { SourceProgress } from './corroborate-claim.handler';
import { CorroborationRounds, RoundOutcome } from './corroboration-rounds.service';

/**
 * Runs when a round's deadline passes (a delayed job the relay adds with the round). A
 * round still open then — its work job backlogged, retrying or failed for good — is
 * finished with the sources that had not answered as timed out, so the verdict policy
 * can call the claim `unverified`. Which sources answered comes from the work job's
 * progress, found by its deterministic id.
 */
@Injectable()
@HandlesJob(JobName.CorroborationDeadline)
export class CorroborationDeadlineHandler implements JobHandler<JobName.CorroborationDeadline> {
  constructor(
    private readonly rounds: CorroborationRounds,
    @InjectQueue(QueueName.Corroboration) private readonly queue: Queue,
  ) {}

  async handle(job: CorroborationRoundJob): Promise<JobResult> {
    const open = await this.rounds.open(job);
    if ('skip' in open) return skipped(open.skip);
    const work = await this.queue.getJob(jobIdFor(JobName.CorroborateClaim, job.eventId));
    const progress = ((work?.progress as { sources?: SourceProgress } | undefined)?.sources ?? {}) as SourceProgress;
    const outcome: RoundOutcome = {
      answered: job.sources.filter((s) => progress[s] === 'answered'),
      failed: job.sources.filter((s) => progress[s] === 'failed'),
      timedOut: job.sources.filter((s) => progress[s] !== 'answered' && progress[s] !== 'failed'),
    };
    const finished = await this.rounds.finish(job, outcome);
    return done({ ...outcome, status: finished.status, note: 'deadline passed with the round still open' });
  }
}
