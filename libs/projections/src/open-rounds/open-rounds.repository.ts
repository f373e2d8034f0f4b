import { Injectable } from '@nestjs/common';
import { Kysely, sql } from 'kysely';
import { Database, InjectDb } from '@claimtrail/database';

/** Where a relay replay starts: a log position, or a moment (rounds requested at or after it). */
export type ReplayFrom = { position: number } | { time: Date };

/** An open round as its jobs carry it. */
export interface OpenRound {
  claimId: string;
  requestId: string;
  sources: string[];
  /** ISO-8601. */
  deadline: string;
  /** The CorroborationRequested event: the jobs' ids derive from it. */
  eventId: string;
  correlationId: string;
}

/** The open-rounds read model, as the sweeper and the relay replay read it. */
@Injectable()
export class OpenRoundsRepository {
  constructor(@InjectDb() private readonly db: Kysely<Database>) {}

  /** Open rounds whose deadline passed before `now`, oldest deadline first. */
  overdue(now: Date, limit: number) {
    return this.db
      .selectFrom('open_corroboration_rounds')
      .selectAll()
      .where('deadline', '<', now)
      .orderBy('deadline')
      .limit(limit)
      .execute();
  }

  /** Open rounds requested from `from` on, in log order, after `afterPosition` (keyset paging). */
  requestedSince(from: ReplayFrom, afterPosition: number, limit: number) {
    return this.db
      .selectFrom('open_corroboration_rounds')
      .selectAll()
      .where('position', '>', afterPosition)
      .$if('position' in from, (q) => q.where('position', '>=', (from as { position: number }).position))
      .$if('time' in from, (q) =>
        q.where(({ exists, selectFrom }) =>
          exists(
            selectFrom('events')
              .select(sql`1`.as('one'))
              .whereRef('events.position', '=', 'open_corroboration_rounds.position')
              .where('events.recorded_at', '>=', (from as { time: Date }).time),
          ),
        ),
      )
      .orderBy('position')
      .limit(limit)
      .execute();
  }

  /**
   * The open rounds requested from `from` on, in log order, as their jobs carry them
   * (the relay replay re-adds those jobs).
   */
  async *roundsSince(from: ReplayFrom, pageSize = 1000): AsyncIterable<OpenRound> {
    let after = 0;
    for (;;) {
      const rows = await this.requestedSince(from, after, pageSize);
      for (const row of rows) {
        yield {
          claimId: row.claim_id,
          requestId: row.request_id,
          sources: row.sources,
          deadline: row.deadline.toISOString(),
          eventId: row.event_id,
          correlationId: row.correlation_id,
        };
      }
      if (rows.length < pageSize) return;
      after = rows[rows.length - 1].position;
    }
  }

  /** How many rounds are open (metrics). */
  async count(): Promise<number> {
    const row = await this.db
      .selectFrom('open_corroboration_rounds')
      .select((eb) => eb.fn.countAll().as('n'))
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }
}
