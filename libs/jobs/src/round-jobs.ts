import type { JobsOptions, Queue } from 'bullmq';
import { jobOptions, RetrySettings } from './job-options';
import { CorroborationRoundJob, jobIdFor, JobName, JobPayloads } from './queue-names';

/** A job to add, as BullMQ's `addBulk` takes it. */
export interface JobRequest<N extends JobName = JobName> {
  name: N;
  data: JobPayloads[N];
  opts: JobsOptions & { jobId: string };
}

/**
 * A corroboration round's two jobs, with ids derived from its `CorroborationRequested`
 * event id: the work now, and a check at its deadline that finishes the round as timed
 * out if it is still open then. The same round always gives the same ids.
 */
export function roundJobs(round: CorroborationRoundJob, now: Date, retry: RetrySettings): JobRequest[] {
  const options = jobOptions(retry);
  return [
    {
      name: JobName.CorroborateClaim,
      data: round,
      opts: { ...options, jobId: jobIdFor(JobName.CorroborateClaim, round.eventId) },
    },
    {
      name: JobName.CorroborationDeadline,
      data: round,
      opts: {
        ...options,
        jobId: jobIdFor(JobName.CorroborationDeadline, round.eventId),
        delay: Math.max(0, new Date(round.deadline).getTime() - now.getTime()),
      },
    },
  ];
}

/** Rounds per `addBulk` during a replay. */
const REPLAY_CHUNK = 250;

/**
 * Adds the jobs of `rounds` again (recovery from a lost queue). Idempotent: BullMQ
 * ignores an id it still holds, and the handlers skip a round that finished meanwhile.
 * Returns how many rounds were relayed.
 */
export async function replayRounds(
  queue: Queue,
  rounds: AsyncIterable<CorroborationRoundJob>,
  retry: RetrySettings,
): Promise<number> {
  let count = 0;
  let chunk: CorroborationRoundJob[] = [];
  const flush = async () => {
    if (chunk.length === 0) return;
    const now = new Date();
    await queue.addBulk(chunk.flatMap((round) => roundJobs(round, now, retry)));
    count += chunk.length;
    chunk = [];
  };
  for await (const round of rounds) {
    chunk.push(round);
    if (chunk.length === REPLAY_CHUNK) await flush();
  }
  await flush();
  return count;
}
