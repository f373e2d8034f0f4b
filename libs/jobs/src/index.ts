/**
 * @claimtrail/jobs — the job catalogue shared by the relay (producer), the worker
 * (consumer) and the API (Bull Board, metrics): queue and job names with their typed
 * payloads, deterministic job ids, the options jobs are added with, the handler registry
 * checked at boot, and the one retry-or-give-up rule.
 */
export { QueueName, JobName, ALL_QUEUE_NAMES, jobIdFor, webhookJobId } from './queue-names';
export type { JobPayloads, CorroborationRoundJob, WebhookDeliveryJob } from './queue-names';
export { replayWebhookDeliveries, webhookDeliveryJob } from './webhook-jobs';
export { done, skipped } from './job-result';
export type { JobResult, JobDone, JobSkipped } from './job-result';
export { jobOptions } from './job-options';
export { replayRounds, roundJobs } from './round-jobs';
export type { JobRequest } from './round-jobs';
export type { RetrySettings } from './job-options';
export { HandlesJob } from './job-handler';
export type { JobHandler, JobContext } from './job-handler';
export { JobDispatcher } from './job-dispatcher';
export { shouldRetry } from './retry-policy';
export { JobsModule } from './jobs.module';
export { QueueMetrics } from './queue-metrics';
