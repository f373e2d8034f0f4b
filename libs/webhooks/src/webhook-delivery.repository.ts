import { Injectable } from '@nestjs/common';
import { Generated, Kysely, sql, Transaction } from 'kysely';
import { Database, InjectDb } from '@claimtrail/database';
import type { WebhookDeliveryJob } from '@claimtrail/jobs';

export const DELIVERY_STATUSES = ['pending', 'retrying', 'delivered', 'failed', 'cancelled'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

/** One attempt in a delivery's log. */
export interface DeliveryAttempt {
  attempt: number;
  /** ISO-8601. */
  at: string;
  /** The receiver's HTTP status; null when no answer came (refused, timed out, connection failed). */
  statusCode: number | null;
  error: string | null;
  durationMs: number;
}

export interface WebhookDeliveriesTable {
  endpoint_id: string;
  event_position: number;
  event_id: string;
  event_type: string;
  stream_id: string;
  status: Generated<DeliveryStatus>;
  attempts: Generated<number>;
  last_status_code: number | null;
  last_error: string | null;
  attempt_log: Generated<DeliveryAttempt[]>;
  created_at: Generated<Date>;
  last_attempt_at: Date | null;
  delivered_at: Date | null;
}

declare module '@claimtrail/database' {
  interface Database {
    webhook_deliveries: WebhookDeliveriesTable;
  }
}

export interface PendingDelivery {
  endpointId: string;
  position: number;
  eventId: string;
  type: string;
  streamId: string;
}

/** An attempt's result, as the delivery job records it. */
export interface AttemptRecord {
  endpointId: string;
  position: number;
  statusCode: number | null;
  error: string | null;
  durationMs: number;
  /** The delivery's status after this attempt. */
  status: Exclude<DeliveryStatus, 'pending'>;
}

/**
 * The delivery log: a row per (endpoint, event), created by the relay in the transaction
 * that advances its checkpoint, updated by each attempt (count, last answer, the attempt log).
 */
@Injectable()
export class WebhookDeliveryRepository {
  constructor(@InjectDb() private readonly db: Kysely<Database>) {}

  /** Rows for new deliveries; a re-relayed batch changes nothing. */
  async insertPending(trx: Transaction<Database>, deliveries: readonly PendingDelivery[]): Promise<void> {
    if (deliveries.length === 0) return;
    await trx
      .insertInto('webhook_deliveries')
      .values(
        deliveries.map((d) => ({
          endpoint_id: d.endpointId,
          event_position: d.position,
          event_id: d.eventId,
          event_type: d.type,
          stream_id: d.streamId,
          last_status_code: null,
          last_error: null,
          last_attempt_at: null,
          delivered_at: null,
        })),
      )
      .onConflict((oc) => oc.columns(['endpoint_id', 'event_position']).doNothing())
      .execute();
  }

  /** Counts the attempt and appends it to the log; a delivered row stays delivered. */
  async recordAttempt(record: AttemptRecord): Promise<void> {
    const entry = sql<DeliveryAttempt[]>`jsonb_build_array(jsonb_build_object(
      'attempt', attempts + 1, 'at', now(), 'statusCode', ${record.statusCode}::int,
      'error', ${record.error}::text, 'durationMs', ${record.durationMs}::int))`;
    await this.db
      .updateTable('webhook_deliveries')
      .set({
        attempts: sql<number>`attempts + 1`,
        attempt_log: sql<DeliveryAttempt[]>`attempt_log || ${entry}`,
        last_status_code: record.statusCode,
        last_error: record.error,
        last_attempt_at: sql<Date>`now()`,
        status: sql<DeliveryStatus>`CASE WHEN status = 'delivered' THEN status ELSE ${record.status} END`,
        delivered_at:
          record.status === 'delivered' ? sql<Date>`coalesce(delivered_at, now())` : sql<Date | null>`delivered_at`,
      })
      .where('endpoint_id', '=', record.endpointId)
      .where('event_position', '=', record.position)
      .execute();
  }

  /** Marks a delivery that will not be attempted (its endpoint was disabled). */
  async cancel(endpointId: string, position: number): Promise<void> {
    await this.db
      .updateTable('webhook_deliveries')
      .set({ status: 'cancelled' })
      .where('endpoint_id', '=', endpointId)
      .where('event_position', '=', position)
      .where('status', 'in', ['pending', 'retrying'])
      .execute();
  }

  /** Marks every delivery of a disabled endpoint that is still waiting for an attempt. */
  async cancelQueued(endpointId: string): Promise<void> {
    await this.db
      .updateTable('webhook_deliveries')
      .set({ status: 'cancelled' })
      .where('endpoint_id', '=', endpointId)
      .where('status', 'in', ['pending', 'retrying'])
      .execute();
  }

  /**
   * Deliveries still waiting for a successful attempt (pending or retrying) of events from a
   * log position on, or relayed from a moment on: what a lost queue strands (relay:replay).
   */
  async *unfinishedSince(
    from: { position: number } | { time: Date },
    pageSize = 1000,
  ): AsyncIterable<WebhookDeliveryJob> {
    let after = { position: -1, endpointId: '00000000-0000-0000-0000-000000000000' };
    for (;;) {
      let query = this.db
        .selectFrom('webhook_deliveries')
        .select(['endpoint_id', 'event_position', 'event_id'])
        .where('status', 'in', ['pending', 'retrying'])
        .where((eb) =>
          eb.or([
            eb('event_position', '>', after.position),
            eb.and([eb('event_position', '=', after.position), eb('endpoint_id', '>', after.endpointId)]),
          ]),
        );
      query =
        'position' in from
          ? query.where('event_position', '>=', from.position)
          : query.where('created_at', '>=', from.time);
      const rows = await query.orderBy('event_position').orderBy('endpoint_id').limit(pageSize).execute();
      for (const row of rows)
        yield { endpointId: row.endpoint_id, position: row.event_position, eventId: row.event_id };
      if (rows.length < pageSize) return;
      const last = rows[rows.length - 1];
      after = { position: last.event_position, endpointId: last.endpoint_id };
    }
  }

  /** One page of an endpoint's deliveries, newest event first, after the position `before` (exclusive). */
  page(endpointId: string, { before, limit }: { before?: number; limit: number }) {
    let query = this.db
      .selectFrom('webhook_deliveries')
      .select([
        'event_position as position',
        'event_id as eventId',
        'event_type as type',
        'stream_id as streamId',
        'status',
        'attempts',
        'last_status_code as lastStatusCode',
        'last_error as lastError',
        'attempt_log as attemptLog',
        'created_at as createdAt',
        'last_attempt_at as lastAttemptAt',
        'delivered_at as deliveredAt',
      ])
      .where('endpoint_id', '=', endpointId);
    if (before !== undefined) query = query.where('event_position', '<', before);
    return query.orderBy('event_position', 'desc').limit(limit).execute();
  }
}
