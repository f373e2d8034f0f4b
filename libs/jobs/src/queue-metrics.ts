import { getQueueToken } from '@nestjs/bullmq';
import { Injectable, Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { Queue, QueueEvents } from 'bullmq';
import { Gauge, Histogram } from 'prom-client';
import { MetricsRegistry } from '@claimtrail/observability';
import { ALL_QUEUE_NAMES } from './queue-names';

/** Job states reported as gauges. */
export const COUNTED_STATES = ['waiting', 'active', 'delayed', 'completed', 'failed', 'prioritized', 'paused'] as const;

/** A scrape must not hang on a Redis that does not answer. */
const COUNT_TIMEOUT_MS = 1000;

/**
 * Queue metrics in the process's Prometheus registry (served by the API's /metrics):
 * - `claimtrail_queue_jobs{queue,state}`: job counts, read from Redis on each scrape;
 * - `claimtrail_queue_up{queue}`: 0 when the last scrape could not read them;
 * - `claimtrail_queue_job_duration_seconds{queue,job,outcome}`: processing time
 *   (finishedOn − processedOn) of each job that completed or failed, learned from the
 *   queue's event stream (QueueEvents), so the workers, which serve no HTTP, need not
 *   expose anything. Each API process observes every job: with several API replicas,
 *   aggregate this histogram with `max`, not `sum`.
 */
@Injectable()
export class QueueMetrics implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger('queue-metrics');
  private readonly listeners: QueueEvents[] = [];
  private stopped = false;

  constructor(
    private readonly registry: MetricsRegistry,
    private readonly moduleRef: ModuleRef,
  ) {}

  onModuleInit(): void {
    const queues = ALL_QUEUE_NAMES.map((name) => this.moduleRef.get<Queue>(getQueueToken(name), { strict: false }));
    // Both gauges are collected concurrently on a scrape; they share one read of Redis.
    let reading: Promise<Map<string, Record<string, number> | null>> | null = null;
    const readCounts = () =>
      (reading ??= Promise.all(
        queues.map(
          async (queue) =>
            [
              queue.name,
              await withTimeout(queue.getJobCounts(...COUNTED_STATES), COUNT_TIMEOUT_MS).catch(() => null),
            ] as const,
        ),
      )
        .then((entries) => new Map(entries))
        .finally(() => (reading = null)));
    new Gauge({
      name: 'claimtrail_queue_jobs',
      help: 'Jobs per queue and state (read from Redis at scrape time)',
      labelNames: ['queue', 'state'],
      registers: [this.registry],
      async collect() {
        this.reset();
        for (const [queue, counts] of await readCounts()) {
          if (counts) for (const state of COUNTED_STATES) this.set({ queue, state }, counts[state] ?? 0);
        }
      },
    });
    new Gauge({
      name: 'claimtrail_queue_up',
      help: '1 when this scrape read the queue counts from Redis, else 0',
      labelNames: ['queue'],
      registers: [this.registry],
      async collect() {
        for (const [queue, counts] of await readCounts()) this.set({ queue }, counts ? 1 : 0);
      },
    });
    const duration = new Histogram({
      name: 'claimtrail_queue_job_duration_seconds',
      help: 'Processing time of finished jobs (finishedOn - processedOn)',
      labelNames: ['queue', 'job', 'outcome'],
      buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300],
      registers: [this.registry],
    });
    for (const queue of queues) {
      // Listen once the queue's connection is up: a QueueEvents that never connected cannot be
      // closed (its close waits for the connection), which would hang shutdown while Redis is down.
      queue
        .waitUntilReady()
        .then(() => {
          if (!this.stopped) this.listen(queue, duration);
        })
        .catch(() => undefined);
    }
  }

  private listen(queue: Queue, duration: Histogram<'queue' | 'job' | 'outcome'>): void {
    const events = new QueueEvents(queue.name, { connection: queue.opts.connection, prefix: queue.opts.prefix });
    events.on('error', (error) => this.logger.debug(`queue events: ${error.message}`));
    const record = async (outcome: 'completed' | 'failed', jobId: string) => {
      const job = await queue.getJob(jobId).catch(() => undefined);
      // Failures that will be retried are not finished yet; a removed job leaves nothing to read.
      if (!job?.processedOn || !job.finishedOn) return;
      duration.observe({ queue: queue.name, job: job.name, outcome }, (job.finishedOn - job.processedOn) / 1000);
    };
    // The emitter ignores what a listener returns: each listener records on its own, errors included.
    const observe =
      (outcome: 'completed' | 'failed') =>
      ({ jobId }: { jobId: string }): void =>
        void record(outcome, jobId).catch(() => undefined);
    events.on('completed', observe('completed'));
    events.on('failed', observe('failed'));
    this.listeners.push(events);
  }

  async onModuleDestroy(): Promise<void> {
    this.stopped = true;
    await Promise.all(this.listeners.map((events) => events.close()));
  }
}

function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  work.catch(() => undefined);
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}
