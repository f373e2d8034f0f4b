import { Body, Controller, Get, Param, Post, Query, Res } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Roles } from '@claimtrail/auth';
import { PublisherRepository, publisherSlug } from '@claimtrail/claims';
import { NotFound, ValidationFailed } from '@claimtrail/errors';
import { ApiProblems } from '../http/api-problems.decorator';
import { ListPublishersQueryDto, PublisherDto, PublisherIdParams, PublisherPageDto, UpsertPublisherDto } from './publishers.dto';

const decodeCursor = (cursor: string) => {
  const id = Buffer.from(cursor, 'base64url').toString('utf8');
  if (!/^[a-z0-9][a-z0-9-]*$/.test(id)) throw new ValidationFailed([{ field: 'cursor', rule: 'invalid_cursor', message: 'Not a cursor from this API' }]);
  return id;
};

@ApiTags('publishers')
@Controller('publishers')
export class PublishersController {
  constructor(private readonly publishers: PublisherRepository) {}

  @Get()
  @ApiOperation({ summary: 'The publishers registry, by id' })
  @ApiOkResponse({ type: PublisherPageDto })
  @ApiProblems(400)
  async list(@Query() { cursor, limit }: ListPublishersQueryDto) {
    const rows = await this.publishers.list({ limit: limit + 1, after: cursor === undefined ? undefined : decodeCursor(cursor) });
    const items = rows.slice(0, limit);
    return { items, nextCursor: rows.length > limit ? Buffer.from(items[items.length - 1].id).toString('base64url') : null };
  }

  @Get(':id')
  @ApiOkResponse({ type: PublisherDto })
  @ApiProblems(400, 404)
  async get(@Param() { id }: PublisherIdParams) {
    const publisher = await this.publishers.findById(id);
    if (!publisher) throw new NotFound('Publisher', id);
    return publisher;
  }

  @Post()
  @Roles('editor')
  @ApiOperation({ summary: 'Add a publisher, or rate / regroup an existing one (same id): 201 when created, 200 when updated' })
  @ApiCreatedResponse({ type: PublisherDto })
  @ApiOkResponse({ type: PublisherDto })
  @ApiProblems(400, 413, 415)
  async upsert(@Body() body: UpsertPublisherDto, @Res({ passthrough: true }) reply: FastifyReply) {
    const id = body.id ?? publisherSlug(body.name);
    const { publisher, created } = await this.publishers.upsert({ ...body, id, ownerGroup: body.ownerGroup ?? id });
    void reply.status(created ? 201 : 200).header('Location', `/publishers/${id}`);
    return publisher;
  }
}
