import { Controller, Get, Header, Query, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Roles } from '@claimtrail/auth';
import { EventStore, streamTypeOf } from '@claimtrail/event-store';
import { ApiProblems } from '../http/api-problems.decorator';
import { cursorOfToken, exportStream } from './audit-export';
import { ExportQueryDto, VerifyQueryDto, VerifyResultDto } from './audit.dto';

/** Proof that the log is intact, and the log itself, for auditors. */
@ApiTags('audit')
@Controller('audit')
@Roles('auditor')
export class AuditController {
  constructor(private readonly eventStore: EventStore) {}

  @Get('verify')
  @ApiOperation({
    summary: 'Recompute the hash chains over a position range: ok, events checked, first broken position',
  })
  @ApiOkResponse({ type: VerifyResultDto })
  @ApiProblems(400)
  verify(@Query() { fromPosition, toPosition }: VerifyQueryDto) {
    return this.eventStore.verify({ fromPosition, toPosition });
  }

  @Get('events')
  @Header('Content-Type', 'application/x-ndjson; charset=utf-8')
  @Header('Cache-Control', 'no-store')
  @ApiOperation({
    summary: 'Export the log as NDJSON, streamed',
    description:
      'One event per line, exactly as stored: position, streamId, streamVersion, eventId, type, schemaVersion, data, metadata, recordedAt, transactionId, prevHash, hash. ' +
      'hash = sha256(prevHash + canonical JSON of {data, metadata, recordedAt, streamId, streamVersion, type}). ' +
      'Only events of finished transactions are served, in (transactionId, position) order: the order the subscribers use, in which no event can commit behind one already served. ' +
      'Resume (or follow the log) with after=<transactionId>:<position> of the last line received. ' +
      'fromPosition (position order) is kept for old clients; it can skip an event that commits late under concurrent writes.',
  })
  @ApiProduces('application/x-ndjson')
  @ApiOkResponse({ description: 'NDJSON, one event per line', schema: { type: 'string' } })
  @ApiProblems(400)
  export(@Query() query: ExportQueryDto, @Res({ passthrough: true }) reply: FastifyReply) {
    // Refuse a malformed stream id now, while a problem response can still be sent.
    if (query.stream !== undefined) streamTypeOf(query.stream);
    const stream = exportStream(this.eventStore, {
      after: query.after === undefined ? undefined : cursorOfToken(query.after),
      fromPosition: query.fromPosition,
      stream: query.stream,
      types: query.type?.split(','),
      since: query.since ? new Date(query.since) : undefined,
      until: query.until ? new Date(query.until) : undefined,
    });
    // A client that goes away stops the reads.
    reply.raw.on('close', () => stream.destroy());
    return stream;
  }
}
