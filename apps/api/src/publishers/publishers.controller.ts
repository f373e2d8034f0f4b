import { Body, Controller, Get, Param, Post, Query, Res } from '@nestjs/common';
import { ApiCreatedResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Publisher, PublisherPage, PublishersService } from '@claimtrail/claims';
import { Endpoint } from '../http/endpoint.decorator';
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
  @Endpoint({ role: 'any', summary: 'The publishers registry, by id', ok: { type: PublisherPageDto }, problems: [400] })
  list(@Query() query: ListPublishersQueryDto): Promise<PublisherPage> {
    return this.publishers.list(query);
  }

  @Get(':id')
  @Endpoint({ role: 'any', ok: { type: PublisherDto }, problems: [400, 404] })
  get(@Param() { id }: PublisherIdParams): Promise<Publisher> {
    return this.publishers.get(id);
  }

  @Post()
  @Endpoint({
    role: 'editor',
    summary: 'Add a publisher, or rate / regroup an existing one (same id): 201 when created, 200 when updated',
    ok: { type: PublisherDto },
    problems: [400, 413, 415],
  })
  @ApiCreatedResponse({ type: PublisherDto })
  async upsert(@Body() body: UpsertPublisherDto, @Res({ passthrough: true }) reply: FastifyReply): Promise<Publisher> {
    const { publisher, created } = await this.publishers.upsert(body);
    void reply.status(created ? 201 : 200).header('Location', `/publishers/${publisher.id}`);
    return publisher;
  }
}
