import { Body, Controller, Get, Param, Post, Query, Res } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Roles, ROLES } from '@claimtrail/auth';
import { Publisher, PublisherPage, PublishersService } from '@claimtrail/claims';
import { ApiProblems } from '../http/api-problems.decorator';
import {
  ListPublishersQueryDto,
  PublisherDto,
  PublisherIdParams,
  PublisherPageDto,
  UpsertPublisherDto,
} from './publishers.dto';

@ApiTags('publishers')
@Controller('publishers')
export class PublishersController {
  constructor(private readonly publishers: PublishersService) {}

  @Get()
  @Roles(...ROLES)
  @ApiOperation({ summary: 'The publishers registry, by id' })
  @ApiOkResponse({ type: PublisherPageDto })
  @ApiProblems(400)
  list(@Query() query: ListPublishersQueryDto): Promise<PublisherPage> {
    return this.publishers.list(query);
  }

  @Get(':id')
  @Roles(...ROLES)
  @ApiOkResponse({ type: PublisherDto })
  @ApiProblems(400, 404)
  get(@Param() { id }: PublisherIdParams): Promise<Publisher> {
    return this.publishers.get(id);
  }

  @Post()
  @Roles('editor')
  @ApiOperation({
    summary: 'Add a publisher, or rate / regroup an existing one (same id): 201 when created, 200 when updated',
  })
  @ApiCreatedResponse({ type: PublisherDto })
  @ApiOkResponse({ type: PublisherDto })
  @ApiProblems(400, 413, 415)
  async upsert(@Body() body: UpsertPublisherDto, @Res({ passthrough: true }) reply: FastifyReply): Promise<Publisher> {
    const { publisher, created } = await this.publishers.upsert(body);
    void reply.status(created ? 201 : 200).header('Location', `/publishers/${publisher.id}`);
    return publisher;
  }
}
