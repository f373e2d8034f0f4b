/** The BullMQ queues. Each job name belongs to exactly one (see `JOB_QUEUE`). */
export enum QueueName {
  Corroboration = 'corroboration',
  /** Webhook deliveries: a slow receiver never holds up corroboration. */
  Webhooks = 'webhooks',
}

/** Every kind of job; each has exactly one handler in the worker (checked at boot). */
export enum JobName {
  /** Ask the round's sources, attach what they found, record how the round ended. */
  CorroborateClaim = 'corroborate-claim',
  /** Runs at the round's deadline: a round still open then is finished as timed out. */
  CorroborationDeadline = 'corroboration-deadline',
  /** POST one event, signed, to one registered webhook endpoint. */
  DeliverWebhook = 'deliver-webhook',
}

/** One corroboration round of one claim, as the relay read it from `CorroborationRequested`. */
export interface CorroborationRoundJob {
  claimId: string;
  requestId: string;
  /** Source adapter names the round asks. */
  sources: string[];
  /** ISO-8601. */
  deadline: string;
  /** The `CorroborationRequested` event's id: the job ids derive from it, and commands name it as their causation. */
  eventId: string;
  /** The correlation id of the request that reported the claim or asked for the round. */
  correlationId: string;
}

/**
 * One event for one webhook endpoint. The body is read from the log and the secret from Postgres at each attempt:
 * neither sits in Redis.
 */
export interface WebhookDeliveryJob {
  endpointId: string;
  /** The event's log position and id. */
  position: number;
  eventId: string;
}

/** The payload of each job name. */
export interface JobPayloads {
  [JobName.CorroborateClaim]: CorroborationRoundJob;
  [JobName.CorroborationDeadline]: CorroborationRoundJob;
  [JobName.DeliverWebhook]: WebhookDeliveryJob;
}

/** Which queue carries each job. */
export const JOB_QUEUE: Readonly<Record<JobName, QueueName>> = {
  [JobName.CorroborateClaim]: QueueName.Corroboration,
  [JobName.CorroborationDeadline]: QueueName.Corroboration,
  [JobName.DeliverWebhook]: QueueName.Webhooks,
};

export const ALL_JOB_NAMES: readonly JobName[] = Object.values(JobName);
export const ALL_QUEUE_NAMES: readonly QueueName[] = Object.values(QueueName);

/**
 * The job id of `name` caused by the event `eventId`. Deterministic, so the relay's
 * replays and restarts hit BullMQ's id de-duplication instead of adding a second job.
 * (BullMQ refuses `:` in custom ids; event ids are UUIDs.)
 */
export function jobIdFor(name: JobName, eventId: string): string {
  return `${name}.${eventId}`;
}

/**
 * The job id of the delivery of the event at `position` to webhook endpoint `endpointId`:
 * deterministic, so a re-relayed batch hits BullMQ's id de-duplication instead of
 * delivering twice.
 */
export function webhookJobId(endpointId: string, position: number): string {
  return `${JobName.DeliverWebhook}.${endpointId}.${position}`;
}
