import { SetMetadata } from '@nestjs/common';
import type { JobResult } from './job-result';
import type { JobName, JobPayloads } from './queue-names';

export const JOB_HANDLER_KEY = 'claimtrail:job-handler';

/** What a handler may know about the job running it. */
export interface JobContext {
  /** The job's (deterministic) id. */
  id: string;
  /** 1 for the first try. */
  attempt: number;
  maxAttempts: number;
  /** Stored on the job (Bull Board shows it; other handlers can read it back by job id). */
  reportProgress(progress: Record<string, unknown>): Promise<void>;
}

/** Handles one job name. Return `done(...)` or `skipped(...)`; throw only for retryable failures. */
export interface JobHandler<N extends JobName> {
  handle(payload: JobPayloads[N], job: JobContext): Promise<JobResult>;
}

/** Marks a provider as the handler of job `name`; the dispatcher finds it at boot. */
export const HandlesJob = (name: JobName): ClassDecorator => SetMetadata(JOB_HANDLER_KEY, name);
