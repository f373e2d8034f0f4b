import { Injectable } from '@nestjs/common';
import { ThrottlerException } from '@nestjs/throttler';
import type { FastifyReply } from 'fastify';
import { AppConfig } from '@claimtrail/config';
import { SharedCounters, WindowCount } from './shared-counters';

const WINDOW_MS = 60_000;

/** 429 for a client (or everyone) past the failed-authentication budget. */
export class AuthenticationThrottled extends ThrottlerException {
  constructor() {
    super('Too many failed authentication attempts; retry later');
  }
}

/**
 * Limits guessing keys: failed authentications (a key given but unknown, revoked or wrong)
 * are counted per client address and over all addresses, in Redis, per minute. Past either
 * budget, every attempt that a stored key does not authenticate is refused with 429 —
 * unknown keys and ADMIN_API_KEY alike, even the right one, so guessing learns nothing.
 * Stored keys (256 random bits, hopeless to guess) keep working, so a flood of guesses does
 * not lock the newsroom out. The client address is the socket's unless TRUST_PROXY names
 * the proxy it came through.
 */
@Injectable()
export class AuthFailureLimiter {
  private readonly perAddress: number;
  private readonly overall: number;

  constructor(
    private readonly counters: SharedCounters,
    config: AppConfig,
  ) {
    ({ perAddress: this.perAddress, overall: this.overall } = config.http.authFailuresPerMinute);
  }

  /** Counts a failed attempt from `address`; throws 429 (with Retry-After on `reply`) when a budget is spent. */
  async failed(address: string, reply: FastifyReply): Promise<void> {
    const counts = await Promise.all([
      this.counters.hit(`auth-failures:address:${address}`, WINDOW_MS),
      this.counters.hit('auth-failures:all', WINDOW_MS),
    ]);
    this.refuseWhenSpent(counts, reply);
  }

  /** Throws 429 when a budget is spent, without counting (for ADMIN_API_KEY, which can be guessed). */
  async ensureBudget(address: string, reply: FastifyReply): Promise<void> {
    const counts = await Promise.all([
      this.counters.read(`auth-failures:address:${address}`),
      this.counters.read('auth-failures:all'),
    ]);
    this.refuseWhenSpent(
      counts.map((c) => ({ ...c, hits: c.hits + 1 })),
      reply,
    );
  }

  private refuseWhenSpent([address, all]: WindowCount[], reply: FastifyReply): void {
    const spent = [address.hits > this.perAddress ? address : null, all.hits > this.overall ? all : null].filter(
      (c) => c !== null,
    );
    if (spent.length === 0) return;
    const seconds = Math.max(1, Math.ceil(Math.max(...spent.map((c) => c.resetMs)) / 1000));
    void reply.header('Retry-After', String(seconds));
    throw new AuthenticationThrottled();
  }
}
