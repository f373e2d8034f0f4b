import { Body, Controller, Get, Param, Query, Res } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import {
  AttachEvidenceCommand,
  ClaimHistoryEntry,
  ClaimStatusAsOf,
  ClaimWriteResult,
  CommandMetadata,
  ConfirmEvidenceCommand,
  GetClaimHistoryQuery,
  GetClaimStatusQuery,
  MarkDuplicateCommand,
  ReportClaimCommand,
  RequestCorroborationCommand,
  SetEditorVerdictCommand,
  WithdrawEditorVerdictCommand,
} from '@claimtrail/claims';
import { ClaimPage, ClaimView, GetClaimQuery, ListClaimsQuery } from '@claimtrail/projections';
import { projectionLagHeaders, readYourWrites } from '../http/read-your-writes';
import { Endpoint } from '../http/endpoint.decorator';
import { jsonOnce } from '../http/json-once';
import { etag, WriteMetadata } from '../http/write-metadata.decorator';
import { ClaimWrite } from './claim-write.decorator';
import {
  AttachEvidenceDto,
  ClaimHistoryDto,
  ClaimIdParams,
  ClaimPageDto,
  ClaimStatusDto,
  ClaimStatusQueryDto,
  ClaimViewDto,
  ConfirmEvidenceDto,
  CorroborateDto,
  EvidenceIdParams,
  GetClaimQueryDto,
  ListClaimsQueryDto,
  MarkDuplicateDto,
  ReportClaimDto,
  VerdictDto,
} from './claims.dto';

@ApiTags('claims')
@Controller('claims')
export class ClaimsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @ClaimWrite('', {
    role: 'reporter',
    status: 201,
    creates: true,
    summary: 'Report a claim; its first corroboration round is requested with it',
  })
  report(@Body() body: ReportClaimDto, @WriteMetadata() metadata: CommandMetadata): Promise<ClaimWriteResult> {
    return this.commands.execute(new ReportClaimCommand(body, metadata));
  }

  @Get()
  @Endpoint({
    role: 'any',
    summary: 'List claims, newest first, with filters and cursor pagination',
    ok: { type: ClaimPageDto, headers: projectionLagHeaders },
    problems: [400],
  })
  async list(
    @Query() { minPosition, ...query }: ListClaimsQueryDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<ClaimPage> {
    await readYourWrites(this.queries, reply, minPosition);
    return this.queries.execute(
      new ListClaimsQuery({ ...query, since: query.since ? new Date(query.since) : undefined }),
    );
  }

  @Get(':id')
  @Endpoint({
    role: 'any',
    summary: 'A claim with its status, reasons and evidence; ETag = version',
    ok: { type: ClaimViewDto, headers: projectionLagHeaders },
    problems: [400, 404],
  })
  async get(
    @Param() { id }: ClaimIdParams,
    @Query() query: GetClaimQueryDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<ClaimView> {
    await readYourWrites(this.queries, reply, query.minPosition);
    const claim = await this.queries.execute(new GetClaimQuery(id, query.minPosition));
    // Views held in memory are served as the same objects: their JSON is made once. A reply with its own serializer
    // gets no content type from Fastify, so it is set here.
    void reply.header('ETag', etag(claim.version)).type('application/json; charset=utf-8').serializer(jsonOnce);
    return claim;
  }

  @Get(':id/events')
  @Endpoint({
    role: 'auditor',
    summary:
      "The claim's history, oldest first, with metadata (actor, role, correlation, causation) and hashes (auditor " +
      'or admin)',
    ok: { type: ClaimHistoryDto },
    problems: [400, 404],
  })
  async history(@Param() { id }: ClaimIdParams): Promise<{ items: ClaimHistoryEntry[] }> {
    return { items: await this.queries.execute(new GetClaimHistoryQuery(id)) };
  }

  @Get(':id/status')
  @Endpoint({
    role: 'auditor',
    summary:
      'The status, reasons and version at a moment, recomputed by replaying the stream through the domain (auditor ' +
      'or admin)',
    ok: { type: ClaimStatusDto },
    problems: [400, 404],
  })
  status(@Param() { id }: ClaimIdParams, @Query() { asOf }: ClaimStatusQueryDto): Promise<ClaimStatusAsOf> {
    return this.queries.execute(new GetClaimStatusQuery(id, asOf ? new Date(asOf) : new Date()));
  }

  @ClaimWrite(':id/evidence', {
    role: 'reporter',
    status: 200,
    summary: 'Attach evidence; the status follows the verdict policy. The same evidence twice is attached once.',
  })
  attachEvidence(
    @Param() { id }: ClaimIdParams,
    @Body() body: AttachEvidenceDto,
    @WriteMetadata() metadata: CommandMetadata,
  ): Promise<ClaimWriteResult> {
    return this.commands.execute(new AttachEvidenceCommand({ claimId: id, ...body }, metadata));
  }

  @ClaimWrite(':id/evidence/:evidenceId/confirm', {
    role: 'editor',
    status: 200,
    summary:
      'Vouch for evidence a person attached by hand (with a reason): it then counts as the source it names, beyond ' +
      'the one source per key that unconfirmed hand-attached evidence counts as',
  })
  confirmEvidence(
    @Param() { id, evidenceId }: EvidenceIdParams,
    @Body() body: ConfirmEvidenceDto,
    @WriteMetadata() metadata: CommandMetadata,
  ): Promise<ClaimWriteResult> {
    return this.commands.execute(
      new ConfirmEvidenceCommand({ claimId: id, evidenceId, reason: body.reason }, metadata),
    );
  }

  @ClaimWrite(':id/verdict', {
    role: 'editor',
    status: 200,
    summary:
      "Set an editor's verdict (status + reason), overriding the policy, or withdraw it (withdraw: true + reason)",
  })
  verdict(
    @Param() { id }: ClaimIdParams,
    @Body() body: VerdictDto,
    @WriteMetadata() metadata: CommandMetadata,
  ): Promise<ClaimWriteResult> {
    const command = body.status
      ? new SetEditorVerdictCommand({ claimId: id, status: body.status, reason: body.reason }, metadata)
      : new WithdrawEditorVerdictCommand({ claimId: id, reason: body.reason }, metadata);
    return this.commands.execute(command);
  }

  @ClaimWrite(':id/corroborate', {
    role: 'editor',
    status: 202,
    summary: 'Ask the workers to look for corroboration again (recorded now, worked on asynchronously)',
  })
  corroborate(
    @Param() { id }: ClaimIdParams,
    @Body() body: CorroborateDto,
    @WriteMetadata() metadata: CommandMetadata,
  ): Promise<ClaimWriteResult> {
    return this.commands.execute(new RequestCorroborationCommand({ claimId: id, ...body }, metadata));
  }

  @ClaimWrite(':id/duplicate-of', {
    role: 'editor',
    status: 200,
    summary: 'Mark the claim a duplicate of another; it then takes no more changes',
  })
  markDuplicate(
    @Param() { id }: ClaimIdParams,
    @Body() body: MarkDuplicateDto,
    @WriteMetadata() metadata: CommandMetadata,
  ): Promise<ClaimWriteResult> {
    return this.commands.execute(new MarkDuplicateCommand({ claimId: id, ...body }, metadata));
  }
}
