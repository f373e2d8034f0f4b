import { Body, Controller, Get, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiAcceptedResponse, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Roles } from '@claimtrail/auth';
import {
  AttachEvidenceCommand,
  ClaimWriteResult,
  CommandMetadata,
  GetClaimHistoryQuery,
  GetClaimStatusQuery,
  MarkDuplicateCommand,
  ReportClaimCommand,
  RequestCorroborationCommand,
  SetEditorVerdictCommand,
  WithdrawEditorVerdictCommand,
} from '@claimtrail/claims';
import { GetClaimQuery, ListClaimsQuery } from '@claimtrail/projections';
import { projectionLagHeaders, readYourWrites } from '../http/read-your-writes';
import { ApiProblems } from '../http/api-problems.decorator';
import { ApiWriteHeaders, etag, WriteMetadata } from '../http/write-metadata.decorator';
import {
  AttachEvidenceDto,
  ClaimHistoryDto,
  ClaimIdParams,
  ClaimPageDto,
  ClaimStatusDto,
  ClaimStatusQueryDto,
  ClaimViewDto,
  ClaimWriteResultDto,
  CorroborateDto,
  GetClaimQueryDto,
  ListClaimsQueryDto,
  MarkDuplicateDto,
  ReportClaimDto,
  VerdictDto,
} from './claims.dto';

const withEtag = (reply: FastifyReply, result: ClaimWriteResult) => {
  void reply.header('ETag', etag(result.version));
  return result;
};

@ApiTags('claims')
@Controller('claims')
export class ClaimsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Post()
  @Roles('reporter')
  @ApiOperation({ summary: 'Report a claim; its first corroboration round is requested with it' })
  @ApiWriteHeaders({ ifMatch: false })
  @ApiProblems(400, 413, 415, 422)
  @ApiCreatedResponse({ type: ClaimWriteResultDto, description: 'Location: /claims/{id}' })
  async report(@Body() body: ReportClaimDto, @WriteMetadata() metadata: CommandMetadata, @Res({ passthrough: true }) reply: FastifyReply) {
    const result = await this.commands.execute(new ReportClaimCommand(body, metadata));
    void reply.header('Location', `/claims/${result.id}`);
    return withEtag(reply, result);
  }

  @Get()
  @ApiOperation({ summary: 'List claims, newest first, with filters and cursor pagination' })
  @ApiOkResponse({ type: ClaimPageDto, headers: projectionLagHeaders })
  @ApiProblems(400)
  async list(@Query() { minPosition, ...query }: ListClaimsQueryDto, @Res({ passthrough: true }) reply: FastifyReply) {
    await readYourWrites(this.queries, reply, minPosition);
    return this.queries.execute(new ListClaimsQuery({ ...query, since: query.since ? new Date(query.since) : undefined }));
  }

  @Get(':id')
  @ApiOperation({ summary: 'A claim with its status, reasons and evidence; ETag = version' })
  @ApiOkResponse({ type: ClaimViewDto, headers: projectionLagHeaders })
  @ApiProblems(400, 404)
  async get(@Param() { id }: ClaimIdParams, @Query() query: GetClaimQueryDto, @Res({ passthrough: true }) reply: FastifyReply) {
    await readYourWrites(this.queries, reply, query.minPosition);
    const claim = await this.queries.execute(new GetClaimQuery(id));
    void reply.header('ETag', etag(claim.version));
    return claim;
  }

  @Get(':id/events')
  @Roles('auditor')
  @ApiOperation({ summary: "The claim's history, oldest first, with metadata (actor, role, correlation, causation) and hashes (auditor or admin)" })
  @ApiOkResponse({ type: ClaimHistoryDto })
  @ApiProblems(400, 404)
  async history(@Param() { id }: ClaimIdParams) {
    return { items: await this.queries.execute(new GetClaimHistoryQuery(id)) };
  }

  @Get(':id/status')
  @Roles('auditor')
  @ApiOperation({ summary: 'The status, reasons and version at a moment, recomputed by replaying the stream through the domain (auditor or admin)' })
  @ApiOkResponse({ type: ClaimStatusDto })
  @ApiProblems(400, 404)
  status(@Param() { id }: ClaimIdParams, @Query() { asOf }: ClaimStatusQueryDto) {
    return this.queries.execute(new GetClaimStatusQuery(id, asOf ? new Date(asOf) : new Date()));
  }

  @Post(':id/evidence')
  @HttpCode(200)
  @Roles('reporter')
  @ApiOperation({ summary: 'Attach evidence; the status follows the verdict policy. The same evidence twice is attached once.' })
  @ApiWriteHeaders()
  @ApiProblems(400, 404, 409, 412, 413, 415, 422)
  @ApiOkResponse({ type: ClaimWriteResultDto })
  async attachEvidence(@Param() { id }: ClaimIdParams, @Body() body: AttachEvidenceDto, @WriteMetadata() metadata: CommandMetadata, @Res({ passthrough: true }) reply: FastifyReply) {
    return withEtag(reply, await this.commands.execute(new AttachEvidenceCommand({ claimId: id, ...body }, metadata)));
  }

  @Post(':id/verdict')
  @HttpCode(200)
  @Roles('editor')
  @ApiOperation({ summary: "Set an editor's verdict (status + reason), overriding the policy, or withdraw it (withdraw: true + reason)" })
  @ApiWriteHeaders()
  @ApiProblems(400, 404, 409, 412, 413, 415, 422)
  @ApiOkResponse({ type: ClaimWriteResultDto })
  async verdict(@Param() { id }: ClaimIdParams, @Body() body: VerdictDto, @WriteMetadata() metadata: CommandMetadata, @Res({ passthrough: true }) reply: FastifyReply) {
    const command = body.status
      ? new SetEditorVerdictCommand({ claimId: id, status: body.status, reason: body.reason }, metadata)
      : new WithdrawEditorVerdictCommand({ claimId: id, reason: body.reason }, metadata);
    return withEtag(reply, await this.commands.execute(command));
  }

  @Post(':id/corroborate')
  @HttpCode(202)
  @Roles('editor')
  @ApiOperation({ summary: 'Ask the workers to look for corroboration again (recorded now, worked on asynchronously)' })
  @ApiWriteHeaders()
  @ApiProblems(400, 404, 409, 412, 413, 415, 422)
  @ApiAcceptedResponse({ type: ClaimWriteResultDto })
  async corroborate(@Param() { id }: ClaimIdParams, @Body() body: CorroborateDto, @WriteMetadata() metadata: CommandMetadata, @Res({ passthrough: true }) reply: FastifyReply) {
    return withEtag(reply, await this.commands.execute(new RequestCorroborationCommand({ claimId: id, ...body }, metadata)));
  }

  @Post(':id/duplicate-of')
  @HttpCode(200)
  @Roles('editor')
  @ApiOperation({ summary: 'Mark the claim a duplicate of another; it then takes no more changes' })
  @ApiWriteHeaders()
  @ApiProblems(400, 404, 409, 412, 413, 415, 422)
  @ApiOkResponse({ type: ClaimWriteResultDto })
  async markDuplicate(@Param() { id }: ClaimIdParams, @Body() body: MarkDuplicateDto, @WriteMetadata() metadata: CommandMetadata, @Res({ passthrough: true }) reply: FastifyReply) {
    return withEtag(reply, await this.commands.execute(new MarkDuplicateCommand({ claimId: id, ...body }, metadata)));
  }
}
