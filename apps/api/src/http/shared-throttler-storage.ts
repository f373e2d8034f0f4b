import { Injectable } from '@nestjs/common';
import { ThrottlerStorage } from '@nestjs/throttler';
import { SharedCounters } from './shared-counters';

type ThrottlerStorageRecord = Awaited<ReturnType<ThrottlerStorage['increment']>>;

/**
 * @nestjs/throttler's storage over SharedCounters: one fixed window of `ttl` per key in
 * Redis, so a key's budget holds across every API process, taken in leases (see
 * SharedCounters.take) so most requests need no round trip to Redis. Over the limit the key
 * stays blocked until its window ends.
 */
@Injectable()
export class SharedThrottlerStorage implements ThrottlerStorage {
  constructor(private readonly counters: SharedCounters) {}

  async increment(key: string, ttl: number, limit: number): Promise<ThrottlerStorageRecord> {
    const { hits, resetMs } = await this.counters.take(`requests:${key}`, ttl, limit);
    const seconds = Math.max(1, Math.ceil(resetMs / 1000));
    return { totalHits: hits, timeToExpire: seconds, isBlocked: hits > limit, timeToBlockExpire: seconds };
  }
}
