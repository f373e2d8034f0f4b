import IORedis, { Redis, RedisOptions } from 'ioredis';

/**
 * An ioredis connection from a redis:// URL. BullMQ workers need
 * `maxRetriesPerRequest: null` (they block); short-lived checks want fail-fast options.
 */
export function createRedis(url: string, options: RedisOptions = {}): Redis {
  return new IORedis(url, { maxRetriesPerRequest: null, lazyConnect: false, ...options });
}

/**
 * BullMQ loses jobs if Redis evicts keys under memory pressure, so Redis must run with
 * `maxmemory-policy noeviction`. Returns the policy found, or null when the server
 * does not allow CONFIG GET (some managed services).
 */
export async function readEvictionPolicy(redis: Redis): Promise<string | null> {
  try {
    const reply = (await redis.config('GET', 'maxmemory-policy')) as string[];
    return reply[1] ?? null;
  } catch {
    return null;
  }
}

/** Whether Redis keeps its data across a restart: append-only file, RDB snapshots. */
export interface RedisPersistence {
  aof: boolean;
  rdb: boolean;
}

/**
 * Redis persistence as CONFIG GET reports it (`appendonly`, `save`), or null when the
 * server does not allow CONFIG (some managed services, which persist on their own terms).
 * Without either, a Redis restart loses every queued job: the relay has already handed
 * them over, so only the round sweeper or `relay:replay` brings those rounds back.
 */
export async function readPersistence(redis: Redis): Promise<RedisPersistence | null> {
  try {
    const [, appendonly] = (await redis.config('GET', 'appendonly')) as string[];
    const [, save] = (await redis.config('GET', 'save')) as string[];
    if (appendonly === undefined || save === undefined) return null;
    return { aof: appendonly === 'yes', rdb: save.trim() !== '' };
  } catch {
    return null;
  }
}
