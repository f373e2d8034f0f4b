import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';
import type { Job } from 'bullmq';
import { UnrecoverableError } from 'bullmq';
import { JOB_HANDLER_KEY, JobContext, JobHandler } from './job-handler';
import type { JobResult } from './job-result';
import { ALL_JOB_NAMES, JOB_QUEUE, JobName, QueueName } from './queue-names';
import { forBullMq } from './retry-policy';

/** Raised at boot when a job name has no handler or more than one: the worker must not start half-equipped. */
export class JobHandlersInvalid extends Error {
  constructor(readonly problems: string[]) {
    super(`Job handlers are incomplete:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'JobHandlersInvalid';
  }
}

/**
 * Routes each job to the one provider marked `@HandlesJob(name)`. At module init it
 * checks that every job name of the queues this process works has exactly one handler
 * and throws `JobHandlersInvalid` otherwise (the boot stops). Errors leave through
 * `forBullMq`, the one retry-or-give-up decision.
 */
@Injectable()
export class JobDispatcher implements OnModuleInit {
  private readonly logger = new Logger('jobs');
  private handlers = new Map<JobName, JobHandler<JobName>>();

  constructor(private readonly discovery: DiscoveryService) {}

  onModuleInit(): void {
    this.handlers = collectHandlers(
      this.discovery.getProviders().flatMap((wrapper) => {
        const type = wrapper.metatype as object | null | undefined;
        const name = type ? (Reflect.getMetadata(JOB_HANDLER_KEY, type) as JobName | undefined) : undefined;
        return name === undefined || !wrapper.instance
          ? []
          : [{ name, handler: wrapper.instance as JobHandler<JobName>, provider: wrapper.name }];
      }),
    );
  }

  /** Runs `job` through its handler; what it throws is already BullMQ's retry decision. */
  async dispatch(job: Job): Promise<JobResult> {
    const handler = this.handlers.get(job.name as JobName);
    if (!handler) throw new UnrecoverableError(`no handler for job ${job.name}`);
    const context: JobContext = {
      id: job.id ?? '',
      attempt: job.attemptsMade + 1,
      maxAttempts: job.opts.attempts ?? 1,
      reportProgress: (progress) => job.updateProgress(progress),
    };
    try {
      const result = await handler.handle(job.data, context);
      if (result.status === 'skipped') this.logger.log(`${job.name} ${job.id} skipped: ${result.reason}`);
      return result;
    } catch (error) {
      const decided = forBullMq(error);
      this.logger.warn(
        `${job.name} ${job.id} attempt ${context.attempt}/${context.maxAttempts} failed: ${decided.message}`,
      );
      throw decided;
    }
  }
}

/**
 * Maps each job name to its handler; throws `JobHandlersInvalid` naming every job name
 * without one (of the queues in `queues`) and every name with several.
 */
export function collectHandlers(
  found: { name: JobName; handler: JobHandler<JobName>; provider: string }[],
  queues: readonly QueueName[] = Object.values(QueueName),
): Map<JobName, JobHandler<JobName>> {
  const problems: string[] = [];
  const handlers = new Map<JobName, JobHandler<JobName>>();
  for (const name of ALL_JOB_NAMES.filter((n) => queues.includes(JOB_QUEUE[n]))) {
    const candidates = found.filter((f) => f.name === name);
    if (candidates.length === 0) problems.push(`${name}: no handler`);
    else if (candidates.length > 1)
      problems.push(`${name}: ${candidates.length} handlers (${candidates.map((c) => c.provider).join(', ')})`);
    else handlers.set(name, candidates[0].handler);
  }
  for (const f of found)
    if (!ALL_JOB_NAMES.includes(f.name)) problems.push(`${f.provider}: handles unknown job ${String(f.name)}`);
  if (problems.length > 0) throw new JobHandlersInvalid(problems);
  return handlers;
}
