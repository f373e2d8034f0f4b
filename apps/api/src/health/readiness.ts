import { Injectable, Logger, ServiceUnavailableException } from '@nestjs/common';
import { HealthCheckResult, HealthCheckService } from '@nestjs/terminus';
import { Unavailable } from '@claimtrail/errors';
import { DependencyHealth } from './dependency-health';

/** Readiness: Postgres and Redis reachable, or a 503 problem naming the one that is down. */
@Injectable()
export class Readiness {
  private readonly logger = new Logger('readiness');
  /** What the last probe found ('ready' or the detail of the failure); a change is logged once. */
  private lastState = 'ready';

  constructor(
    private readonly health: HealthCheckService,
    private readonly dependencies: DependencyHealth,
  ) {}

  async check(): Promise<HealthCheckResult> {
    try {
      const result = await this.health.check([() => this.dependencies.postgres(), () => this.dependencies.redisPing()]);
      this.changeState('ready');
      return result;
    } catch (error) {
      if (!(error instanceof ServiceUnavailableException)) throw error;
      const result = error.getResponse() as HealthCheckResult;
      const down = Object.keys(result.error ?? {});
      const detail = `Not ready: ${down.join(' and ')} ${down.length > 1 ? 'are' : 'is'} down`;
      this.changeState(detail, result);
      throw new Unavailable(detail, { checks: result.details });
    }
  }

  /** Probes repeat every few seconds: log when readiness changes, not on every probe, and without a stack. */
  private changeState(state: string, result?: HealthCheckResult): void {
    if (state === this.lastState) return;
    this.lastState = state;
    if (state === 'ready') this.logger.log('ready again: Postgres and Redis answer');
    else this.logger.warn({ checks: result?.error }, state);
  }
}
