import { Body, Controller, Delete, Get, Param, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiTags } from '@nestjs/swagger';
import { Actor, CurrentActor, Roles } from '@claimtrail/auth';
import { RegisteredWebhook, WebhookDeliveryPage, WebhookEndpoint, WebhooksService } from '@claimtrail/webhooks';
import { Endpoint } from '../http/endpoint.decorator';
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
  @Endpoint({
    summary: 'Register an endpoint for claim events (admin); the secret is in this response only',
    description:
      'The URL must resolve to public addresses (the SSRF guard of cited URLs). The endpoint receives the matching ' +
      'events committed from now on, each POSTed with Claimtrail-Signature (see the README, "Webhooks").',
    problems: [400, 413, 415],
  })
  @ApiCreatedResponse({ type: CreatedWebhookDto })
  register(@Body() body: CreateWebhookDto, @CurrentActor() actor: Actor): Promise<RegisteredWebhook> {
    return this.webhooks.register(body, actor.keyId);
  }

  @Get()
  @Endpoint({
    summary: 'List webhook endpoints, disabled ones included, without secrets (admin)',
    ok: { type: WebhookListDto },
  })
  async list(): Promise<{ items: WebhookEndpoint[] }> {
    return { items: await this.webhooks.list() };
  }

  @Get(':id')
  @Endpoint({ ok: { type: WebhookDto }, problems: [400, 404] })
  get(@Param() { id }: WebhookIdParams): Promise<WebhookEndpoint> {
    return this.webhooks.get(id);
  }

  @Delete(':id')
  @Endpoint({
    summary:
      'Disable an endpoint (admin): nothing more is delivered to it, queued deliveries are cancelled; its log stays',
    ok: { type: WebhookDto },
    problems: [400, 404],
  })
  disable(@Param() { id }: WebhookIdParams): Promise<WebhookEndpoint> {
    return this.webhooks.disable(id);
  }

  @Get(':id/deliveries')
  @Endpoint({
    summary: "An endpoint's delivery log, newest event first, with every attempt (admin)",
    ok: { type: WebhookDeliveryPageDto },
    problems: [400, 404],
  })
  deliveries(
    @Param() { id }: WebhookIdParams,
    @Query() query: WebhookDeliveriesQueryDto,
  ): Promise<WebhookDeliveryPage> {
    return this.webhooks.deliveryPage(id, query);
  }
}
