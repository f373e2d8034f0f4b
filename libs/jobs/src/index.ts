/**
 * @claimtrail/jobs — the job catalogue shared by the relay (producer), the worker
 * (consumer) and the API (Bull Board, metrics): queue and job names with their typed
 * payloads, deterministic job ids, the options jobs are added with, the handler registry
 * checked at boot, and the one retry-or-give-up rule.
 */
export { QueueName, JobName, JOB_QUEUE, ALL_JOB_NAMES, ALL_QUEUE_NAMES, jobIdFor } from './queue-names';
export type { JobPayloads, CorroborationRoundJob } from './queue-names';
export { done, skipped } from './job-result';
export type { JobResult, JobDone, JobSkipped } from './job-result';
export { jobOptions, KEEP_COMPLETED, KEEP_FAILED } from './job-options';
export type { RetrySettings } from './job-options';
export { HandlesJob } from './job-handler';
export type { JobHandler, JobContext } from './job-handler';
export { JobDispatcher, JobHandlersInvalid, collectHandlers } from './job-dispatcher';
export { shouldRetry, forBullMq } from './retry-policy';
export { JobsModule } from './jobs.module';
export { QueueMetrics, COUNTED_STATES } from './queue-metrics';
