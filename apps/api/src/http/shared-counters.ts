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

/**
 * Takes up to ARGV[2] of a window's ARGV[3] hits at once (starting the window on its first hit);
 * answers how many it got and the window's state. One atomic round trip, however many it takes.
 */
const LEASE_SCRIPT = `
local wanted = tonumber(ARGV[2])
local limit = tonumber(ARGV[3])
local before = tonumber(redis.call('GET', KEYS[1]) or '0')
local granted = math.max(0, math.min(wanted, limit - before))
local hits
if granted > 0 then
  hits = redis.call('INCRBY', KEYS[1], granted)
else
  hits = redis.call('INCR', KEYS[1])
end
local ttl = redis.call('PTTL', KEYS[1])
if ttl < 0 then
  redis.call('PEXPIRE', KEYS[1], ARGV[1])
  ttl = tonumber(ARGV[1])
end
return {granted, hits, ttl}`;

/**
 * A process takes a key's budget from Redis in leases of at most this many hits, and at most
 * a tenth of what is left in the window (LEASE_SHARE), so the last tenth of a budget is taken
 * one hit per request, as exactly as ever. A lease nobody uses is lost for its window.
 */
const MAX_LEASE = 64;
const LEASE_SHARE = 10;

/** Hits a process holds for a key in its current window, taken from Redis ahead of use. */
interface Lease {
  left: number;
  /** The window's count in Redis when the lease was taken (every process's leases included). */
  hits: number;
  endsAt: number;
}

/** A Redis command that would wait longer than this is abandoned for the local counters. */
const COMMAND_TIMEOUT_MS = 250;

type ScriptedRedis = Redis & {
  rateLimitHit(key: string, windowMs: number): Promise<[number, number]>;
  rateLimitLease(key: string, windowMs: number, wanted: number, limit: number): Promise<[number, number, number]>;
};

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
  private readonly leases = new Map<string, Lease>();
  private readonly leasing = new Map<string, Promise<unknown>>();
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
    this.redis.defineCommand('rateLimitLease', { numberOfKeys: 1, lua: LEASE_SCRIPT });
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

  /**
   * Counts a hit on `key` against `limit` per window of `windowMs`, from hits this process took
   * from Redis ahead of use when it holds some (no round trip), else by taking a lease of them.
   * Across processes no more than `limit` hits are ever admitted in a window; what a process
   * leased and did not use counts too, so a key may be refused up to (processes − 1) × a tenth
   * of its remaining budget early. `hits` above `limit` means refused.
   */
  async take(key: string, windowMs: number, limit: number): Promise<WindowCount> {
    for (;;) {
      const now = Date.now();
      const lease = this.leases.get(key);
      const current = lease && lease.endsAt > now ? lease : undefined;
      if (current && current.left > 0) {
        current.left--;
        return { hits: current.hits - current.left, resetMs: current.endsAt - now };
      }
      // Refused in Redis already: the window stays over its limit until it ends.
      if (current && current.hits > limit) return { hits: current.hits, resetMs: current.endsAt - now };
      // One lease in flight per key: requests arriving meanwhile share it rather than each taking one.
      const leasing = this.leasing.get(key);
      if (!leasing) return this.lease(key, windowMs, limit, current?.hits ?? 0);
      await leasing;
    }
  }

  private async lease(key: string, windowMs: number, limit: number, known: number): Promise<WindowCount> {
    const wanted = Math.max(1, Math.min(MAX_LEASE, Math.floor((limit - known) / LEASE_SHARE)));
    const startedAt = Date.now();
    const leased = this.redis.rateLimitLease(this.prefix + key, windowMs, wanted, limit);
    this.leasing.set(
      key,
      leased.catch(() => undefined),
    );
    try {
      const [granted, hits, resetMs] = await leased;
      this.markShared(true);
      const left = Math.max(0, granted - 1);
      // Measured from before the round trip: the lease ends no later than the window in Redis.
      this.leases.set(key, { left, hits, endsAt: startedAt + resetMs });
      // Refused (granted 0): the script counted the hit, so `hits` is above the limit.
      return { hits: hits - left, resetMs };
    } catch (error) {
      this.markShared(false, error);
      this.leases.delete(key);
      return this.hitLocally(key, windowMs);
    } finally {
      this.leasing.delete(key);
      if (this.leases.size >= 100_000) {
        const now = Date.now();
        for (const [k, l] of this.leases) if (l.endsAt <= now) this.leases.delete(k);
      }
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
