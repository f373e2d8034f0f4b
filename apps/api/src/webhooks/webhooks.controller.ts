import { Body, Controller, Delete, Get, Param, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Actor, CurrentActor, Roles } from '@claimtrail/auth';
import { WebhooksService } from '@claimtrail/webhooks';
import { ApiProblems } from '../http/api-problems.decorator';
import {
  CreatedWebhookDto,
  CreateWebhookDto,
  WebhookDeliveriesQueryDto,
  WebhookDeliveryPageDto,
  WebhookDto,
  WebhookIdParams,
  WebhookListDto,
} from './webhooks.dto';

/** Signed webhooks (admin): endpoints that receive claim events, and their delivery log. */
@ApiTags('webhooks')
@Roles('admin')
@Controller('webhooks')
export class WebhooksController {
  constructor(private readonly webhooks: WebhooksService) {}

  @Post()
  @ApiOperation({
    summary: 'Register an endpoint for claim events (admin); the secret is in this response only',
    description:
      'The URL must resolve to public addresses (the SSRF guard of cited URLs). The endpoint receives the matching ' +
      'events committed from now on, each POSTed with Claimtrail-Signature (see the README, "Webhooks").',
  })
  @ApiCreatedResponse({ type: CreatedWebhookDto })
  @ApiProblems(400, 413, 415)
  register(@Body() body: CreateWebhookDto, @CurrentActor() actor: Actor) {
    return this.webhooks.register(body, actor.keyId);
  }

  @Get()
  @ApiOperation({ summary: 'List webhook endpoints, disabled ones included, without secrets (admin)' })
  @ApiOkResponse({ type: WebhookListDto })
  async list() {
    return { items: await this.webhooks.list() };
  }

  @Get(':id')
  @ApiOkResponse({ type: WebhookDto })
  @ApiProblems(400, 404)
  get(@Param() { id }: WebhookIdParams) {
    return this.webhooks.get(id);
  }

  @Delete(':id')
  @ApiOperation({
    summary:
      'Disable an endpoint (admin): nothing more is delivered to it, queued deliveries are cancelled; its log stays',
  })
  @ApiOkResponse({ type: WebhookDto })
  @ApiProblems(400, 404)
  disable(@Param() { id }: WebhookIdParams) {
    return this.webhooks.disable(id);
  }

  @Get(':id/deliveries')
  @ApiOperation({ summary: "An endpoint's delivery log, newest event first, with every attempt (admin)" })
  @ApiOkResponse({ type: WebhookDeliveryPageDto })
  @ApiProblems(400, 404)
  deliveries(@Param() { id }: WebhookIdParams, @Query() query: WebhookDeliveriesQueryDto) {
    return this.webhooks.deliveryPage(id, query);
  }
}
