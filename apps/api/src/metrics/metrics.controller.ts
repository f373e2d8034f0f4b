import { Controller, Get, Header } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Public } from '@claimtrail/auth';
import { MetricsRegistry } from '@claimtrail/observability';

/**
 * Prometheus scrape endpoint. Public like health: it exposes counts and latencies,
 * never request contents; restrict it at the network edge if that matters.
 */
@ApiExcludeController()
@Public()
@Controller('metrics')
export class MetricsController {
  constructor(private readonly registry: MetricsRegistry) {}

  @Get()
  @Header('Content-Type', 'text/plain; version=0.0.4; charset=utf-8')
  scrape(): Promise<string> {
    return this.registry.metrics();
  }
}
