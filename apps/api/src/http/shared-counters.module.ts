import { Module } from '@nestjs/common';
import { AuthFailureLimiter } from './auth-failure-limiter';
import { SharedCounters } from './shared-counters';
import { SharedThrottlerStorage } from './shared-throttler-storage';

/** The API's counters in Redis: rate limits and failed-authentication budgets. */
@Module({
  providers: [SharedCounters, SharedThrottlerStorage, AuthFailureLimiter],
  exports: [SharedThrottlerStorage, AuthFailureLimiter],
})
export class SharedCountersModule {}
