import { Controller, Get, Header, Post, Query, Res } from '@nestjs/common';
import { ApiCreatedResponse, ApiProduces, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import type { Readable } from 'node:stream';
import { Checkpoint, HistoryVerification } from '@claimtrail/audit';
import { Roles } from '@claimtrail/auth';
import { VerifyResult } from '@claimtrail/event-store';
import { problemSchema } from '../http/api-problems.decorator';
import { Endpoint } from '../http/endpoint.decorator';
import { cursorOfToken, ExportFilter } from './audit-export';
import { AuditPublicKey, AuditService } from './audit.service';
import {
  CheckpointDto,
  CheckpointListDto,
  ExportQueryDto,
  PublicKeyDto,
  VerifyQueryDto,
  VerifyResultDto,
} from './audit.dto';

/** The problem an audit key operation answers when no signing key is configured. */
const noSigningKey = (status: 404 | 503) =>
  ApiResponse({
    status,
    description: 'No signing key is configured (AUDIT_SIGNING_KEY_FILE)',
    content: { 'application/problem+json': { schema: problemSchema() } },
  });

/** Proof that the log is intact, and the log itself, for auditors. */
@ApiTags('audit')
@Controller('audit')
@Roles('auditor')
export class AuditController {
  constructor(private readonly audit: AuditService) {}

  @Get('verify')
  @Endpoint({
    summary: 'Recompute the hash chains over a position range: ok, events checked, first broken position',
    description:
      'Without a range, and when signed checkpoints exist, also recomputes the log chain over the whole log and ' +
      'checks it against each stored checkpoint (signature by the configured key, count and head): edits ' +
      're-chained by a superuser, deleted streams and renumbered positions before the last checkpoint fail here. ' +
      'Checkpoints a superuser deleted from the database are not seen: auditors verify against their own copies ' +
      'with npm run audit:verify.',
    ok: { type: VerifyResultDto },
    problems: [400],
  })
  verify(@Query() range: VerifyQueryDto): Promise<VerifyResult | HistoryVerification> {
    return this.audit.verify(range);
  }

  @Get('checkpoints')
  @Header('Cache-Control', 'no-store')
  @Endpoint({
    summary: 'Every signed checkpoint of the log, oldest first: keep your own copy',
    description:
      'Each covers every event up to (transactionId, position) in the export order: count, the log chain head, ' +
      'the Ed25519 signature (base64) and the id of the key that made it.',
    ok: { type: CheckpointListDto },
  })
  listCheckpoints(): Promise<{ items: Checkpoint[] }> {
    return this.audit.listCheckpoints();
  }

  @Post('checkpoints')
  @Endpoint({
    summary: 'Sign a checkpoint of the log now (the worker also writes one every AUDIT_CHECKPOINT_INTERVAL_MS)',
    description:
      'Covers every event of a finished transaction. 201 with the new checkpoint; 200 with the latest one when no ' +
      'event finished since. Adds nothing to the log itself, so auditors may ask for it.',
    ok: { type: CheckpointDto, description: 'Nothing new since the latest checkpoint, which this is' },
  })
  @ApiCreatedResponse({ type: CheckpointDto, description: 'A new checkpoint' })
  @noSigningKey(503)
  async writeCheckpoint(@Res({ passthrough: true }) reply: FastifyReply): Promise<Checkpoint> {
    const { checkpoint, created } = await this.audit.writeCheckpoint();
    void reply.status(created ? 201 : 200);
    return checkpoint;
  }

  @Get('public-key')
  @Endpoint({
    summary: 'The Ed25519 public key checkpoints are signed with (PEM) and its key id',
    ok: { type: PublicKeyDto },
  })
  @noSigningKey(404)
  publicKey(): AuditPublicKey {
    return this.audit.publicKey();
  }

  @Get('events')
  @Header('Content-Type', 'application/x-ndjson; charset=utf-8')
  @Header('Cache-Control', 'no-store')
  @Endpoint({
    summary: 'Export the log as NDJSON, streamed',
    description:
      'One event per line, exactly as stored: position, streamId, streamVersion, eventId, type, schemaVersion, ' +
      'data, metadata, recordedAt, transactionId, prevHash, hash. hash = sha256(prevHash + canonical JSON of ' +
      '{data, metadata, recordedAt, streamId, streamVersion, type}). Only events of finished transactions are ' +
      'served, in (transactionId, position) order: the order the subscribers use, in which no event can commit ' +
      'behind one already served. Resume (or follow the log) with after=<transactionId>:<position> of the last ' +
      'line received. fromPosition (position order) is kept for old clients; it can skip an event that commits ' +
      'late under concurrent writes.',
    ok: { description: 'NDJSON, one event per line', schema: { type: 'string' } },
    problems: [400],
  })
  @ApiProduces('application/x-ndjson')
  export(@Query() query: ExportQueryDto, @Res({ passthrough: true }) reply: FastifyReply): Readable {
    const stream = this.audit.export(exportFilterOf(query));
    // A client that goes away stops the reads.
    reply.raw.on('close', () => stream.destroy());
    return stream;
  }
}

function exportFilterOf(query: ExportQueryDto): ExportFilter {
  return {
    after: query.after === undefined ? undefined : cursorOfToken(query.after),
    fromPosition: query.fromPosition,
    stream: query.stream,
    types: query.type?.split(','),
    since: query.since ? new Date(query.since) : undefined,
    until: query.until ? new Date(query.until) : undefined,
  };
}
