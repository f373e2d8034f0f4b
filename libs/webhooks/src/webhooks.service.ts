import { Injectable } from '@nestjs/common';
import { Kysely } from 'kysely';
import { randomBytes } from 'node:crypto';
import { Database, InjectDb } from '@claimtrail/database';
import { NotFound, ValidationFailed } from '@claimtrail/errors';
import { EventStore } from '@claimtrail/event-store';
import { WebhookDeliveryRepository } from './webhook-delivery.repository';
import { WebhookEndpointRepository } from './webhook-endpoint.repository';
import { WebhookUrlGuard } from './webhook-url.guard';

/** An endpoint as an admin sees it: every column but the secret and the start cursor. */
export type WebhookEndpoint = Awaited<ReturnType<WebhookEndpointRepository['list']>>[number];
/** A new endpoint with its secret, which this answer alone shows. */
export type RegisteredWebhook = WebhookEndpoint & { secret: string };
export type WebhookDelivery = Awaited<ReturnType<WebhookDeliveryRepository['page']>>[number];
export interface WebhookDeliveryPage {
  items: WebhookDelivery[];
  nextCursor: string | null;
}

export interface WebhookRegistration {
  url: string;
  eventTypes: string[];
  /** The HMAC key; generated (and returned once) when omitted. */
  secret?: string;
  description?: string;
}

/** A generated signing secret: 256 random bits, recognisable by its prefix. */
export function generateWebhookSecret(): string {
  return `whsec_${randomBytes(32).toString('base64url')}`;
}

const encodeCursor = (position: number) => Buffer.from(String(position)).toString('base64url');

function decodeCursor(cursor: string): number {
  const text = Buffer.from(cursor, 'base64url').toString('utf8');
  if (!/^\d{1,18}$/.test(text))
    throw new ValidationFailed([{ field: 'cursor', rule: 'invalid_cursor', message: 'Not a cursor from this API' }]);
  return Number(text);
}

/** Registering, listing and disabling webhook endpoints, and reading their delivery log (the admin API). */
@Injectable()
export class WebhooksService {
  constructor(
    private readonly endpoints: WebhookEndpointRepository,
    private readonly deliveries: WebhookDeliveryRepository,
    private readonly guard: WebhookUrlGuard,
    private readonly eventStore: EventStore,
    @InjectDb() private readonly db: Kysely<Database>,
  ) {}

  /**
   * Stores the endpoint once its URL passes the SSRF guard. It receives the matching events
   * committed from now on (those after the log's current cursor, in the subscribers' order).
   * The secret is in this answer only.
   */
  async register(registration: WebhookRegistration, createdBy: string): Promise<RegisteredWebhook> {
    await this.guard.checkRegistration(registration.url);
    const secret = registration.secret ?? generateWebhookSecret();
    const endpoint = await this.db.transaction().execute(async (trx) => {
      await this.endpoints.lockForRegistration(trx);
      const start = await this.eventStore.currentCursor({ trx });
      return this.endpoints.insert(trx, {
        url: registration.url,
        eventTypes: [...new Set(registration.eventTypes)],
        secret,
        description: registration.description ?? null,
        createdBy,
        start,
      });
    });
    return { ...endpoint, secret };
  }

  list(): Promise<WebhookEndpoint[]> {
    return this.endpoints.list();
  }

  async get(id: string): Promise<WebhookEndpoint> {
    const endpoint = await this.endpoints.get(id);
    if (!endpoint) throw new NotFound('Webhook endpoint', id);
    return endpoint;
  }

  /** Disables the endpoint: nothing more is delivered to it, its queued deliveries are cancelled; its log stays. */
  async disable(id: string): Promise<WebhookEndpoint> {
    const endpoint = await this.endpoints.disable(id);
    if (!endpoint) throw new NotFound('Webhook endpoint', id);
    // Their jobs still run once, find the endpoint disabled and send nothing.
    await this.deliveries.cancelQueued(id);
    return endpoint;
  }

  /** The endpoint's deliveries, newest event first; `nextCursor` continues with older ones. */
  async deliveryPage(id: string, { cursor, limit }: { cursor?: string; limit: number }): Promise<WebhookDeliveryPage> {
    const before = cursor === undefined ? undefined : decodeCursor(cursor);
    await this.get(id);
    const items = await this.deliveries.page(id, { before, limit });
    const last = items[items.length - 1];
    return { items, nextCursor: items.length === limit && last ? encodeCursor(last.position) : null };
  }
}
