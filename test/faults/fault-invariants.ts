import { sql } from 'kysely';
import { createApiApp } from '../../apps/api/src/create-api-app';
import { createKysely } from '@claimtrail/database';
import { EventStore } from '@claimtrail/event-store';
import { ClaimStatusAudit, liveSubscriptionName, ProjectionRebuilder } from '@claimtrail/projections';
import { testConfig } from '../support/test-config';
import { eventually } from '../support/worker-harness';

export const ADMIN_KEY = 'faults-admin-key-not-a-secret-0123456789';

/** The text of claim `i` of a fault scenario's load: one text per claim, so doubles show. */
export const claimText = (i: number) => `fault claim ${i}`;

export interface Expectations {
  /** Claims 0…total-1 were sent; each must be stored exactly once. */
  total: number;
  /** The id each claim's acknowledgement carried. */
  acknowledged: Map<number, string>;
  /**
   * `jobs`: every round must have been finished by its corroboration job (nothing timed
   * out), i.e. the fault lost no job; `any`: the deadline job or the sweeper may have done it.
   */
  finishedBy: 'jobs' | 'any';
}

/** What a scenario's rounds came to, for its own assertions. */
export interface RoundsOutcome {
  rounds: number;
  timedOut: number;
}

const PROJECTIONS = ['claim_status', 'open_corroboration_rounds'];

/**
 * The invariants every fault must keep, checked on the scenario's database once its load
 * is over: every acknowledged write stored exactly once, every round finished once, no
 * evidence twice, each projection equal to a rebuild from the log (drift check) and the
 * claim statuses equal to a replay of the log, and `/audit/verify` ok.
 */
export async function checkInvariants(url: string, redisUrl: string, expected: Expectations): Promise<RoundsOutcome> {
  const db = createKysely({ url, poolSize: 1 });
  const api = await createApiApp(
    testConfig(url, { REDIS_URL: redisUrl, QUEUE_PREFIX: 'faults', ADMIN_API_KEY: ADMIN_KEY }),
  );
  await api.init();
  try {
    const rounds = async () =>
      (
        await sql<{ requested: number; finished: number; doubled: number; timed_out: number }>`
          WITH f AS (SELECT stream_id, data->>'requestId' AS r, count(*)::int AS n,
                            bool_or(jsonb_array_length(data->'timedOut') > 0) AS timed_out
                     FROM events WHERE type = 'CorroborationFinished' GROUP BY 1, 2)
          SELECT (SELECT count(*)::int FROM events WHERE type = 'CorroborationRequested') AS requested,
                 (SELECT count(*)::int FROM f) AS finished,
                 (SELECT count(*)::int FROM f WHERE n > 1) AS doubled,
                 (SELECT count(*)::int FROM f WHERE timed_out) AS timed_out`.execute(db)
      ).rows[0];
    let seen = {};
    await eventually(
      async () => {
        const r = await rounds();
        seen = r;
        return r.requested === r.finished;
      },
      () => `every round finished (${JSON.stringify(seen)})`,
      90_000,
    );
    const outcome = await rounds();
    expect(outcome.requested).toBe(expected.total);
    expect(outcome.doubled).toBe(0);
    if (expected.finishedBy === 'jobs') expect(outcome.timed_out).toBe(0);

    const reported = await sql<{ text: string; ids: string[] }>`
      SELECT data->>'text' AS text, array_agg(data->>'claimId') AS ids
      FROM events WHERE type = 'ClaimReported' GROUP BY 1`.execute(db);
    const stored = new Map(reported.rows.map((row) => [row.text, row.ids]));
    const claims = Array.from({ length: expected.total }, (_, i) => i);
    expect(claims.map((i) => stored.get(claimText(i)))).toEqual(claims.map((i) => [expected.acknowledged.get(i)]));
    expect(stored.size).toBe(expected.total);

    const doubledEvidence = await sql<{ n: number }>`
      SELECT count(*)::int AS n FROM (SELECT 1 FROM events WHERE type = 'EvidenceAttached'
      GROUP BY stream_id, data->>'evidenceId' HAVING count(*) > 1) d`.execute(db);
    expect(doubledEvidence.rows[0].n).toBe(0);

    const store = api.get(EventStore);
    for (const name of PROJECTIONS) {
      await eventually(
        async () => (await store.subscriptionStatus(liveSubscriptionName({ name }))).lag === 0,
        `${name} caught up`,
        60_000,
      );
      expect((await api.get(ProjectionRebuilder).drift(name)).drift).toMatchObject({ drifted: 0, inFlight: 0 });
    }
    expect((await api.get(ClaimStatusAudit).replay()).mismatches).toEqual([]);
    const openRounds = await db
      .selectFrom('open_corroboration_rounds')
      .select(db.fn.countAll<number>().as('n'))
      .execute();
    expect(Number(openRounds[0].n)).toBe(0);

    const verify = await api.inject({ url: '/audit/verify', headers: { authorization: `Bearer ${ADMIN_KEY}` } });
    expect(verify.statusCode).toBe(200);
    expect(verify.json()).toMatchObject({ ok: true });
    return { rounds: outcome.finished, timedOut: outcome.timed_out };
  } finally {
    await api.close();
    await db.destroy();
  }
}
