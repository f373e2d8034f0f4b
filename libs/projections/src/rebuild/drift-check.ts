import { Kysely, sql } from 'kysely';
import { Database } from '@claimtrail/database';
import { AnyProjection, liveSubscriptionName } from '../projection';

/** A row that differs between the live table and a rebuild from the log. */
export interface DriftedRow {
  key: string;
  /** Columns whose values differ (all of them when the row is missing on one side). */
  columns: string[];
  live: Record<string, unknown> | null;
  rebuilt: Record<string, unknown> | null;
}

/** The outcome of comparing a live table with its rebuild, row by row. */
export interface DriftReport {
  /** Rows compared (the union of both tables' keys). */
  compared: number;
  /** Rows that differ although both sides had processed the events behind them: real drift. */
  drifted: number;
  /** Rows that differ only because one side had processed more of the log (not drift). */
  inFlight: number;
  /** The first drifted rows (at most 100). */
  rows: DriftedRow[];
}

const MAX_REPORTED_ROWS = 100;

/**
 * Compares the live table with a shadow filled from the log, row by row. A differing row
 * is drift unless one side simply has not processed the newer row's last event yet (the
 * two tables follow the log independently, so they are rarely at exactly the same point).
 */
export async function checkDrift(
  db: Kysely<Database>,
  projection: AnyProjection,
  shadow: { table: string; subscription: string },
): Promise<DriftReport> {
  const key = sql.ref(projection.key);
  const live = sql.table(projection.table);
  const rebuilt = sql.table(shadow.table);
  // Whole rows compared column by column (both tables have one shape); a differing row
  // is "in flight" when the side behind has not processed the newer row's last event
  // (the subscriber's own rule: (transaction id, position) at or before its checkpoint).
  const { rows } = await sql<{ key: string; in_flight: boolean }>`
    WITH differing AS (
      SELECT coalesce(l.${key}, s.${key}) AS key,
             coalesce(l.last_position, 0) AS live_position, coalesce(s.last_position, 0) AS rebuilt_position
        FROM ${live} l FULL JOIN ${rebuilt} s ON s.${key} = l.${key}
       WHERE l IS DISTINCT FROM s
    )
    SELECT d.key::text AS key,
           d.live_position <> d.rebuilt_position AND NOT EXISTS (
             SELECT 1 FROM events e JOIN subscriptions c
               ON c.name = CASE WHEN d.live_position < d.rebuilt_position
                                THEN ${liveSubscriptionName(projection)}
                                ELSE ${shadow.subscription} END
              WHERE e.position = greatest(d.live_position, d.rebuilt_position)
                AND (e.transaction_id, e.position) <= (c.last_transaction_id, c.last_position)
           ) AS in_flight
      FROM differing d
     ORDER BY 1`.execute(db);
  const { rows: counted } = await sql<{ n: number }>`
    SELECT count(*)::int AS n FROM (SELECT ${key} FROM ${live} UNION SELECT ${key} FROM ${rebuilt}) k`.execute(db);
  const drifted = rows.filter((r) => !r.in_flight).map((r) => r.key);
  const report: DriftReport = {
    compared: counted[0].n,
    drifted: drifted.length,
    inFlight: rows.length - drifted.length,
    rows: [],
  };
  if (drifted.length === 0) return report;
  const { rows: shown } = await sql<{
    key: string;
    live: Record<string, unknown> | null;
    rebuilt: Record<string, unknown> | null;
  }>`
    SELECT k.key, to_jsonb(l) AS live, to_jsonb(s) AS rebuilt
      FROM unnest(${drifted.slice(0, MAX_REPORTED_ROWS)}::text[]) AS k(key)
      LEFT JOIN ${live} l ON l.${key}::text = k.key
      LEFT JOIN ${rebuilt} s ON s.${key}::text = k.key
     ORDER BY 1`.execute(db);
  report.rows = shown.map((row) => ({ ...row, columns: differingColumns(row.live, row.rebuilt) }));
  return report;
}

function differingColumns(live: Record<string, unknown> | null, rebuilt: Record<string, unknown> | null): string[] {
  const columns = new Set([...Object.keys(live ?? {}), ...Object.keys(rebuilt ?? {})]);
  return [...columns].filter((c) => JSON.stringify(live?.[c]) !== JSON.stringify(rebuilt?.[c]));
}
