import { Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { Redis } from 'ioredis';
import { Gauge } from 'prom-client';
import { AppConfig } from '@claimtrail/config';
import { MetricsRegistry } from '@claimtrail/observability';
import { createRedis } from '@claimtrail/redis';

/** A fixed-window counter's state after a hit or a read. */
export interface WindowCount {
  hits: number;
  /** Milliseconds until the window (and its count) ends. */
  resetMs: number;
}

/** INCR, and start the window's expiry on its first hit; one atomic round trip. */
const HIT_SCRIPT = `
local hits = redis.call('INCR', KEYS[1])
local ttl = redis.call('PTTL', KEYS[1])
if ttl < 0 then
  redis.call('PEXPIRE', KEYS[1], ARGV[1])
  ttl = tonumber(ARGV[1])
end
return {hits, ttl}`;

/** A Redis command that would wait longer than this is abandoned for the local counters. */
const COMMAND_TIMEOUT_MS = 250;

type ScriptedRedis = Redis & { rateLimitHit(key: string, windowMs: number): Promise<[number, number]> };

/**
 * Fixed-window counters shared by every API process through Redis (rate limits, failed
 * authentications), so N replicas give a key its limit once, not N times. Commands issued in
 * the same tick go out as one pipeline. When Redis does not answer, the API keeps serving:
 * counting falls back to this process's memory (the limit then holds per process, as before
 * Redis held it) until Redis answers again; `claimtrail_rate_limit_shared` says which.
 */
@Injectable()
export class SharedCounters implements OnApplicationShutdown {
  private readonly logger = new Logger('rate-limit');
  private readonly redis: ScriptedRedis;
  private readonly prefix: string;
  private readonly local = new Map<string, { hits: number; resetAt: number }>();
  private readonly shared: Gauge;
  private sharedNow = true;

  constructor(config: AppConfig, metrics: MetricsRegistry) {
    this.prefix = `${config.http.rateLimitPrefix}:`;
    this.redis = createRedis(config.redis.url, {
      enableAutoPipelining: true,
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
      commandTimeout: COMMAND_TIMEOUT_MS,
    }) as ScriptedRedis;
    this.redis.defineCommand('rateLimitHit', { numberOfKeys: 1, lua: HIT_SCRIPT });
    this.redis.on('error', () => undefined);
    this.shared = new Gauge({
      name: 'claimtrail_rate_limit_shared',
      help:
        '1 while rate-limit counters are shared through Redis, 0 while this process counts alone (Redis ' +
        'unreachable)',
      registers: [metrics],
    });
    this.shared.set(1);
  }

  /** Counts a hit on `key` in its window of `windowMs`. */
  async hit(key: string, windowMs: number): Promise<WindowCount> {
    try {
      const [hits, resetMs] = await this.redis.rateLimitHit(this.prefix + key, windowMs);
      this.markShared(true);
      return { hits, resetMs };
    } catch (error) {
      this.markShared(false, error);
      return this.hitLocally(key, windowMs);
    }
  }

  /** The count of `key` without adding to it. */
  async read(key: string): Promise<WindowCount> {
    try {
      const [hits, resetMs] = await Promise.all([
        this.redis.get(this.prefix + key),
        this.redis.pttl(this.prefix + key),
      ]);
      this.markShared(true);
      return { hits: Number(hits ?? 0), resetMs: Math.max(0, resetMs) };
    } catch (error) {
      this.markShared(false, error);
      const entry = this.local.get(key);
      const now = Date.now();
      return entry && entry.resetAt > now
        ? { hits: entry.hits, resetMs: entry.resetAt - now }
        : { hits: 0, resetMs: 0 };
    }
  }

  onApplicationShutdown(): void {
    this.redis.disconnect();
  }

  private hitLocally(key: string, windowMs: number): WindowCount {
    const now = Date.now();
    let entry = this.local.get(key);
    if (!entry || entry.resetAt <= now) {
      if (this.local.size >= 100_000) for (const [k, e] of this.local) if (e.resetAt <= now) this.local.delete(k);
      entry = { hits: 0, resetAt: now + windowMs };
      this.local.set(key, entry);
    }
    entry.hits++;
    return { hits: entry.hits, resetMs: entry.resetAt - now };
  }

  private markShared(shared: boolean, error?: unknown): void {
    if (shared === this.sharedNow) return;
    this.sharedNow = shared;
    this.shared.set(shared ? 1 : 0);
    if (shared) this.logger.log('Redis answers again: rate limits are shared across API processes');
    else
      this.logger.warn({ err: error }, 'Redis unreachable: rate limits are counted per API process until it answers');
  }
}
