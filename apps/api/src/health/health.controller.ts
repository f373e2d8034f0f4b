import { Controller, Get, ServiceUnavailableException } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckResult, HealthCheckService } from '@nestjs/terminus';
import { Unavailable } from '@claimtrail/errors';
import { Public } from '@claimtrail/auth';
import { DependencyHealth } from './dependency-health';

@ApiTags('health')
@Public()
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly dependencies: DependencyHealth,
  ) {}

  @Get()
  @ApiOperation({ summary: 'Liveness: the process is up' })
  @ApiOkResponse({ schema: { type: 'object', properties: { status: { type: 'string', enum: ['ok'] } }, required: ['status'] } })
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  @Get('ready')
  @HealthCheck()
  @ApiOperation({ summary: 'Readiness: Postgres and Redis reachable; 503 names the one that is down' })
  async ready(): Promise<HealthCheckResult> {
    try {
      return await this.health.check([() => this.dependencies.postgres(), () => this.dependencies.redisPing()]);
    } catch (error) {
      if (!(error instanceof ServiceUnavailableException)) throw error;
      const result = error.getResponse() as HealthCheckResult;
      const down = Object.keys(result.error ?? {});
      throw new Unavailable(`Not ready: ${down.join(' and ')} ${down.length > 1 ? 'are' : 'is'} down`, {
        checks: result.details,
      });
    }
  }
}
