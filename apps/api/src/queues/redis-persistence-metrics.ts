import { InjectQueue } from '@nestjs/bullmq';
import { Injectable, OnModuleInit } from '@nestjs/common';
import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { Gauge } from 'prom-client';
import { QueueName } from '@claimtrail/jobs';
import { MetricsRegistry } from '@claimtrail/observability';
import { readPersistence, RedisPersistence } from '@claimtrail/redis';

/** A scrape must not hang on a Redis that does not answer. */
const READ_TIMEOUT_MS = 1000;

/**
 * `claimtrail_redis_persistence_enabled{mode="aof"|"rdb"}`: 1 on, 0 off, read with CONFIG
 * GET at each scrape; no series when Redis is down or refuses CONFIG (managed services).
 * Both 0 means a Redis restart loses every queued job (see the README runbook).
 */
@Injectable()
export class RedisPersistenceMetrics implements OnModuleInit {
  constructor(
    private readonly registry: MetricsRegistry,
    @InjectQueue(QueueName.Corroboration) private readonly queue: Queue,
  ) {}

  onModuleInit(): void {
    const read = () => this.read();
    new Gauge({
      name: 'claimtrail_redis_persistence_enabled',
      help: 'Redis persistence (CONFIG GET appendonly / save): 1 on, 0 off; absent when unknown',
      labelNames: ['mode'],
      registers: [this.registry],
      async collect() {
        this.reset();
        const persistence = await read();
        if (!persistence) return;
        this.set({ mode: 'aof' }, persistence.aof ? 1 : 0);
        this.set({ mode: 'rdb' }, persistence.rdb ? 1 : 0);
      },
    });
  }

  private async read(): Promise<RedisPersistence | null> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<null>((resolve) => (timer = setTimeout(() => resolve(null), READ_TIMEOUT_MS)));
    // BullMQ's client is an ioredis connection, typed by BullMQ as its own minimal interface.
    const reading = this.queue.client.then((client) => readPersistence(client as unknown as Redis)).catch(() => null);
    try {
      return await Promise.race([reading, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }
}
