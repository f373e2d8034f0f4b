import { Controller, Get, HttpCode, Logger, Param, Post, Res } from '@nestjs/common';
import { ApiAcceptedResponse, ApiConflictResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Roles } from '@claimtrail/auth';
import { ProjectionRebuilder, ProjectionStatus } from '@claimtrail/projections';
import { Endpoint } from '../http/endpoint.decorator';
import { ProjectionListDto, ProjectionNameParams, ProjectionStatusDto } from './projections-admin.dto';

/** Operators' view of the read models: lag, rebuilds without downtime, drift checks. */
@ApiTags('admin')
@Controller('admin/projections')
@Roles('admin')
export class ProjectionsAdminController {
  private readonly logger = new Logger(ProjectionsAdminController.name);

  constructor(private readonly rebuilder: ProjectionRebuilder) {}

  @Get()
  @Endpoint({ summary: 'Every projection: checkpoint, lag, last rebuild', ok: { type: ProjectionListDto } })
  async list(): Promise<{ items: ProjectionStatus[] }> {
    return { items: await Promise.all(this.rebuilder.names().map((name) => this.rebuilder.status(name))) };
  }

  @Get(':name')
  @Endpoint({
    summary: "A projection's checkpoint, lag and last rebuild (with its progress while it runs)",
    ok: { type: ProjectionStatusDto },
    problems: [404],
  })
  status(@Param() { name }: ProjectionNameParams): Promise<ProjectionStatus> {
    return this.rebuilder.status(name);
  }

  @Post(':name/rebuild')
  @HttpCode(202)
  @Endpoint({
    summary:
      'Rebuild from position 0 into a shadow table, compare, and swap it in atomically; reads keep answering meanwhile',
    description: 'Follow the progress at GET /admin/projections/{name} (Location).',
    problems: [404],
  })
  @ApiAcceptedResponse({ type: ProjectionStatusDto })
  @ApiConflictResponse({ description: 'A rebuild or drift check of this projection is already running' })
  rebuild(
    @Param() { name }: ProjectionNameParams,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<ProjectionStatus> {
    return this.start(name, 'rebuild', reply);
  }

  @Post(':name/drift')
  @HttpCode(202)
  @Endpoint({
    summary: 'Rebuild into a scratch table and compare it with the live one row by row (no swap)',
    problems: [404],
  })
  @ApiAcceptedResponse({ type: ProjectionStatusDto })
  @ApiConflictResponse({ description: 'A rebuild or drift check of this projection is already running' })
  drift(
    @Param() { name }: ProjectionNameParams,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<ProjectionStatus> {
    return this.start(name, 'drift', reply);
  }

  private async start(name: string, purpose: 'rebuild' | 'drift', reply: FastifyReply): Promise<ProjectionStatus> {
    const { finished } = await this.rebuilder.start(name, purpose);
    // It runs on in this process; its outcome is recorded for GET /admin/projections/:name.
    finished.then(
      (report) =>
        this.logger.log(
          `${purpose} of ${name}: ${report.processed} events, ${report.eventsPerSecond}/s, drifted rows: ` +
            `${report.drift.drifted}`,
        ),
      (error) => this.logger.error(`${purpose} of ${name} failed: ${String(error)}`),
    );
    void reply.header('Location', `/admin/projections/${name}`);
    return this.rebuilder.status(name);
  }
}
