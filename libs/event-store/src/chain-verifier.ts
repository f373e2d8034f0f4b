import { Kysely, sql } from 'kysely';
import { Database } from '@claimtrail/database';
import { eventHash } from './event-hash';
import { EventRow, readAllQuery } from './event-store.queries';

export interface VerifyOptions {
  /**
   * Inclusive; default the start of the log. Chains entering the range are anchored on their predecessor's stored hash.
   */
  fromPosition?: number;
  /** Inclusive; default the end of the log. */
  toPosition?: number;
}

export interface VerifyResult {
  ok: boolean;
  /** Events checked. */
  checked: number;
  /**
   * The first position whose stored row no longer matches its chain; null when ok (or when no position can be named).
   */
  firstBrokenPosition: number | null;
  reason?: string;
}

interface ChainState {
  version: number;
  hash: string;
  position: number;
}

class Broken extends Error {
  constructor(
    readonly position: number | null,
    readonly reason: string,
  ) {
    super(reason);
  }
}

/**
 * Recomputes every stream's hash chain over a position range and reports the first row
 * that no longer matches: an edited row fails its own hash; a deleted row leaves a
 * version gap (or a stream head ahead of its last event); rows swapped or reordered
 * break the version sequence or the hashes, since each hash covers stream, version and
 * the previous hash.
 *
 * Whoever can recompute hashes (a database superuser) can make per-stream chains agree
 * again; the signed checkpoints of libs/audit anchor the whole log against that.
 */
export async function verifyChain(
  db: Kysely<Database>,
  options: VerifyOptions,
  pageSize: number,
): Promise<VerifyResult> {
  const chains = new Map<string, ChainState>();
  let checked = 0;
  try {
    let from = options.fromPosition ?? 0;
    for (;;) {
      const rows = await readAllQuery(db, {
        fromPosition: from,
        toPosition: options.toPosition,
        limit: pageSize,
      }).execute();
      await anchorEnteringChains(db, rows, chains);
      for (const row of rows) {
        checkRow(row, chains);
        checked++;
      }
      if (rows.length < pageSize) break;
      from = rows[rows.length - 1].position + 1;
    }
    await checkHeads(db, chains);
    if (options.fromPosition === undefined && options.toPosition === undefined) await checkEmptiedStreams(db);
    return { ok: true, checked, firstBrokenPosition: null };
  } catch (error) {
    if (!(error instanceof Broken)) throw error;
    return { ok: false, checked, firstBrokenPosition: error.position, reason: error.reason };
  }
}

function checkRow(row: EventRow, chains: Map<string, ChainState>): void {
  const chain = chains.get(row.streamId);
  const expectedVersion = chain ? chain.version + 1 : 1;
  if (row.streamVersion !== expectedVersion) {
    throw new Broken(
      row.position,
      `${row.streamId}: expected version ${expectedVersion} at this position, found ${row.streamVersion} (a row ` +
        `deleted or reordered)`,
    );
  }
  const prevHash = chain?.hash ?? null;
  if (row.prevHash !== prevHash) {
    throw new Broken(
      row.position,
      `${row.streamId} v${row.streamVersion}: prev_hash does not match the previous event's hash`,
    );
  }
  const hash = eventHash(prevHash, row);
  if (hash !== row.hash)
    throw new Broken(row.position, `${row.streamId} v${row.streamVersion}: content does not match its hash (edited)`);
  chains.set(row.streamId, { version: row.streamVersion, hash: row.hash, position: row.position });
}

/** Streams first seen in this page past version 1 continue from their predecessor, which lies before the range. */
async function anchorEnteringChains(
  db: Kysely<Database>,
  rows: EventRow[],
  chains: Map<string, ChainState>,
): Promise<void> {
  const firstInPage = new Map<string, EventRow>();
  for (const row of rows)
    if (!chains.has(row.streamId) && !firstInPage.has(row.streamId)) firstInPage.set(row.streamId, row);
  const entering = new Map([...firstInPage].filter(([, row]) => row.streamVersion > 1));
  if (entering.size === 0) return;
  const firsts = [...entering.values()];
  const { rows: predecessors } = await sql<{
    stream_id: string;
    stream_version: number;
    hash: string;
    position: number;
  }>`
    SELECT e.stream_id, e.stream_version, e.hash, e.position
      FROM unnest(${firsts.map((r) => r.streamId)}::text[], ${firsts.map((r) => r.streamVersion - 1)}::integer[])
           AS t(stream_id, stream_version)
      JOIN events e ON e.stream_id = t.stream_id AND e.stream_version = t.stream_version`.execute(db);
  const found = new Map(predecessors.map((p) => [p.stream_id, p]));
  for (const first of firsts) {
    const predecessor = found.get(first.streamId);
    if (!predecessor || predecessor.position > first.position) {
      // Only possible when the first event of the range is out of place: report it.
      chains.set(first.streamId, { version: 0, hash: '', position: 0 });
      throw new Broken(
        first.position,
        `${first.streamId}: version ${first.streamVersion - 1} is ${predecessor ? 'after' : 'missing before'} ` +
          `version ${first.streamVersion}`,
      );
    }
    chains.set(first.streamId, {
      version: predecessor.stream_version,
      hash: predecessor.hash,
      position: predecessor.position,
    });
  }
}

/**
 * Each stream's head must agree with the last event checked, or the next version must
 * exist after it (beyond the range, or appended while we were reading).
 */
async function checkHeads(db: Kysely<Database>, chains: Map<string, ChainState>): Promise<void> {
  const entries = [...chains.entries()];
  const broken: Broken[] = [];
  for (let i = 0; i < entries.length; i += 1000) {
    const slice = entries.slice(i, i + 1000);
    const { rows } = await sql<{
      stream_id: string;
      head_version: number | null;
      last_hash: string | null;
      next_position: number | null;
    }>`
      SELECT t.stream_id, s.version AS head_version, s.last_hash, n.position AS next_position
        FROM unnest(${slice.map(([id]) => id)}::text[], ${slice.map(([, c]) => c.version)}::integer[])
             AS t(stream_id, version)
        LEFT JOIN streams s ON s.stream_id = t.stream_id
        LEFT JOIN events n ON n.stream_id = t.stream_id AND n.stream_version = t.version + 1`.execute(db);
    for (const row of rows) {
      const chain = chains.get(row.stream_id)!;
      const here = (reason: string) => broken.push(new Broken(chain.position, `${row.stream_id}: ${reason}`));
      if (row.head_version === null) here('the stream has no head row');
      else if (row.head_version < chain.version)
        here(`the head says version ${row.head_version}, the log has ${chain.version}`);
      else if (row.head_version === chain.version && row.last_hash !== chain.hash)
        here("the head's hash does not match the last event");
      else if (row.head_version > chain.version && row.next_position === null) {
        here(
          `the head says version ${row.head_version}, but events after version ${chain.version} are missing (deleted)`,
        );
      } else if (row.next_position !== null && row.next_position < chain.position) {
        here(`version ${chain.version + 1} sits before version ${chain.version} in the log`);
      }
    }
  }
  if (broken.length) throw broken.reduce((a, b) => ((a.position ?? Infinity) <= (b.position ?? Infinity) ? a : b));
}

/** A stream whose events were all deleted leaves only its head row behind. */
async function checkEmptiedStreams(db: Kysely<Database>): Promise<void> {
  const orphan = await db
    .selectFrom('streams as s')
    .select(['s.stream_id', 's.version'])
    .where(({ not, exists, selectFrom }) =>
      not(exists(selectFrom('events as e').select('e.position').whereRef('e.stream_id', '=', 's.stream_id'))),
    )
    .limit(1)
    .executeTakeFirst();
  if (orphan)
    throw new Broken(
      null,
      `${orphan.stream_id}: the head says version ${orphan.version}, but the stream has no events (deleted)`,
    );
}
