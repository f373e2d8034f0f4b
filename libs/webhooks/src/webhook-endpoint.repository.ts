import { Injectable } from '@nestjs/common';
import { Generated, Kysely, sql, Transaction } from 'kysely';
import { Database, InjectDb } from '@claimtrail/database';

export interface WebhookEndpointsTable {
  id: Generated<string>;
  url: string;
  event_types: string[];
  /** The HMAC key; never listed, never logged. */
  secret: string;
  description: string | null;
  created_at: Generated<Date>;
  /** Key id of the admin who registered it. */
  created_by: string;
  disabled_at: Date | null;
  /** xid8 as a decimal string. */
  start_transaction_id: string;
  start_position: number;
}

declare module '@claimtrail/database' {
  interface Database {
    webhook_endpoints: WebhookEndpointsTable;
  }
}

/** Columns safe to show an admin: everything but the secret and the internal start cursor. */
const listed = [
  'id',
  'url',
  'event_types as eventTypes',
  'description',
  'created_at as createdAt',
  'created_by as createdBy',
  'disabled_at as disabledAt',
] as const;

export interface NewWebhookEndpoint {
  url: string;
  eventTypes: string[];
  secret: string;
  description: string | null;
  createdBy: string;
  start: { transactionId: string; position: number };
}

@Injectable()
export class WebhookEndpointRepository {
  constructor(@InjectDb() private readonly db: Kysely<Database>) {}

  /**
   * Registration and the relay order themselves by table lock: a registration holds ROW
   * EXCLUSIVE from before it takes its start cursor until it commits, and the relay takes
   * SHARE before reading the endpoints of a batch. So either the relay waits and sees the new
   * endpoint, or the registration waits and takes a start cursor past every event of the
   * relay's batch: no event after the start cursor can be relayed without the endpoint.
   */
  async lockForRegistration(trx: Transaction<Database>): Promise<void> {
    await sql`LOCK TABLE webhook_endpoints IN ROW EXCLUSIVE MODE`.execute(trx);
  }

  insert(trx: Transaction<Database>, endpoint: NewWebhookEndpoint) {
    return trx
      .insertInto('webhook_endpoints')
      .values({
        url: endpoint.url,
        event_types: endpoint.eventTypes,
        secret: endpoint.secret,
        description: endpoint.description,
        created_by: endpoint.createdBy,
        disabled_at: null,
        start_transaction_id: endpoint.start.transactionId,
        start_position: endpoint.start.position,
      })
      .returning(listed)
      .executeTakeFirstOrThrow();
  }

  list() {
    return this.db.selectFrom('webhook_endpoints').select(listed).orderBy('created_at').orderBy('id').execute();
  }

  get(id: string) {
    return this.db.selectFrom('webhook_endpoints').select(listed).where('id', '=', id).executeTakeFirst();
  }

  /** Disables once (a second call keeps the first time); deliveries already queued are then cancelled. */
  disable(id: string) {
    return this.db
      .updateTable('webhook_endpoints')
      .set({ disabled_at: sql<Date>`coalesce(disabled_at, now())` })
      .where('id', '=', id)
      .returning(listed)
      .executeTakeFirst();
  }

  /** The endpoints the relay delivers to, read in the relay's batch transaction (see lockForRegistration). */
  async active(trx: Transaction<Database>) {
    await sql`LOCK TABLE webhook_endpoints IN SHARE MODE`.execute(trx);
    return trx
      .selectFrom('webhook_endpoints')
      .select(['id', 'event_types as eventTypes', 'start_transaction_id', 'start_position'])
      .where('disabled_at', 'is', null)
      .execute();
  }

  /** What one delivery attempt needs: where to, the key to sign with, and whether it is still wanted. */
  forDelivery(id: string) {
    return this.db
      .selectFrom('webhook_endpoints')
      .select(['url', 'secret', 'disabled_at as disabledAt'])
      .where('id', '=', id)
      .executeTakeFirst();
  }
}
