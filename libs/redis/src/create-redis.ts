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
