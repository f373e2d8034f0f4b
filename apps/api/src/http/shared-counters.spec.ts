import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import type { Redis } from 'ioredis';
import { MetricsRegistry } from '@claimtrail/observability';
import { testConfig } from '../../../../test/support/test-config';
import { SharedCounters } from './shared-counters';

const WINDOW_MS = 60_000;

const redisOf = (counters: SharedCounters) => (counters as unknown as { redis: Redis & Record<string, unknown> }).redis;

/**
 * Two API processes' counters over the same Redis prefix (the real local Redis, as the e2e specs
 * use), once connected: before, they count alone (the fallback for an unreachable Redis).
 */
async function twoProcesses(): Promise<[SharedCounters, SharedCounters]> {
  const config = testConfig('postgres://unused@127.0.0.1/unused', {
    RATE_LIMIT_PREFIX: `test-leases:${randomBytes(6).toString('hex')}`,
  });
  const processes: [SharedCounters, SharedCounters] = [
    new SharedCounters(config, new MetricsRegistry('a')),
    new SharedCounters(config, new MetricsRegistry('b')),
  ];
  await Promise.all(
    processes.map((p) => (redisOf(p).status === 'ready' ? Promise.resolve() : once(redisOf(p), 'ready'))),
  );
  return processes;
}

/** The window's count in Redis: every hit leased by any process. */
const countInRedis = async (counters: SharedCounters) =>
  Number(await redisOf(counters).get(`${(counters as unknown as { prefix: string }).prefix}requests:key`));

/** How many of the requests (each on the process `on(i)` picks) were admitted under `limit`. */
async function admitted(
  processes: SharedCounters[],
  requests: number,
  limit: number,
  on: (i: number) => number,
  concurrently: boolean,
): Promise<boolean[]> {
  const take = (i: number) => processes[on(i)].take('requests:key', WINDOW_MS, limit).then((c) => c.hits <= limit);
  if (concurrently) return Promise.all(Array.from({ length: requests }, (_, i) => take(i)));
  const answers: boolean[] = [];
  for (let i = 0; i < requests; i++) answers.push(await take(i));
  return answers;
}

describe('SharedCounters.take (rate-limit leases)', () => {
  let processes: SharedCounters[] = [];
  afterEach(() => processes.forEach((p) => p.onApplicationShutdown()));

  it('never admits more than the limit across two processes, even with every request at once', async () => {
    processes = await twoProcesses();
    const answers = await admitted(processes, 400, 300, (i) => i % 2, true);
    const count = answers.filter(Boolean).length;
    expect(count).toBeLessThanOrEqual(300);
    // What a lease left unused is refused early: at most a tenth of the budget per other process.
    expect(count).toBeGreaterThanOrEqual(270);
  });

  it('counts the last tenth of a budget one request at a time: exactly the limit, then 429', async () => {
    processes = await twoProcesses();
    const answers = await admitted(processes, 25, 20, (i) => i % 2, false);
    expect(answers).toEqual([...Array<boolean>(20).fill(true), ...Array<boolean>(5).fill(false)]);
  });

  it('asks Redis once per lease, not once per request, far from the limit', async () => {
    processes = await twoProcesses();
    const answers = await admitted(processes, 100, 1_000_000, () => 0, false);
    expect(answers.every(Boolean)).toBe(true);
    // Leases of 64, taken by the 1st and the 65th request: Redis counted 128 hits in two round trips.
    expect(await countInRedis(processes[0])).toBe(128);
  });

  it('takes one lease for requests that arrive together, and shares it', async () => {
    processes = await twoProcesses();
    const answers = await admitted(processes, 32, 1_000_000, () => 0, true);
    expect(answers.every(Boolean)).toBe(true);
    expect(await countInRedis(processes[0])).toBe(64);
  });
});
