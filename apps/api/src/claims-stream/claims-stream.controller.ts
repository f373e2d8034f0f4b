import { Controller, Get, Headers, Query, Res } from '@nestjs/common';
import { ApiHeader, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { ValidationFailed } from '@claimtrail/errors';
import { Endpoint } from '../http/endpoint.decorator';
import { ClaimStreamQueryDto } from './claims-stream.dto';
import { ClaimStreamService } from './claim-stream.service';

/** Last-Event-ID as sent by EventSource: the position of the last event the client received. */
function parseLastEventId(header: string | undefined): number | undefined {
  if (header === undefined || header.trim() === '') return undefined;
  if (!/^\d{1,15}$/.test(header.trim())) {
    throw new ValidationFailed([
      { field: 'Last-Event-ID', rule: 'invalid_format', message: 'must be an event id this stream sent' },
    ]);
  }
  return Number(header.trim());
}

@ApiTags('claims')
@Controller('claims')
export class ClaimsStreamController {
  constructor(private readonly streams: ClaimStreamService) {}

  @Get('stream')
  @Endpoint({
    role: 'any',
    summary:
      'Live feed of claim events (Server-Sent Events): status changes, evidence, verdicts, as they are committed',
    description:
      'Each message: `id` = log position, `event` = event type, `data` = {position, claimId, type, version, ' +
      'recordedAt, data, claim: {status, publisher, claimantPublisher}}. Events come in the gap-safe order of the ' +
      'log subscribers, so resuming with `Last-Event-ID` (or `lastEventId`) never skips one. Without it the feed ' +
      'starts with the next commit. `: heartbeat` comments keep idle connections open; a client that stops reading ' +
      'is sent `event: resume` (data: {reason, lastEventId}) and closed: reconnect with that id.',
    ok: { description: 'text/event-stream', schema: { type: 'string' } },
    problems: [400],
  })
  @ApiHeader({ name: 'Last-Event-ID', required: false, description: 'Resume after this event id' })
  @ApiProduces('text/event-stream')
  async stream(
    @Query() query: ClaimStreamQueryDto,
    @Headers('last-event-id') lastEventIdHeader: string | undefined,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const fromHeader = parseLastEventId(lastEventIdHeader);
    const start = await this.streams.startCursor(
      fromHeader ?? query.lastEventId,
      fromHeader === undefined ? 'lastEventId' : 'Last-Event-ID',
    );
    // From here on the response is ours: the headers fastify gathered (CORS, request id) go out with the stream's.
    reply.hijack();
    reply.raw.writeHead(200, {
      ...(reply.getHeaders() as Record<string, string>),
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-store',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
    });
    this.streams.serve(
      reply.raw,
      { statuses: query.status, claimIds: query.claimId, publisher: query.publisher, types: query.types },
      start,
    );
  }
}
