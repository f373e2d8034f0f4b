import { randomUUID } from 'node:crypto';
import { RawBuilder, sql } from 'kysely';
import { createTestDatabase, TestDatabase } from '../../../test/support/test-database';
import { EventStore } from './event-store';
import { eventHash } from './event-hash';
import { RecordedEvent } from './event-store.types';

describe('verify (tamper evidence, Postgres)', () => {
  let database: TestDatabase;
  let store: EventStore;
  /** positions[s][v - 1]: the position of stream s's version v. */
  let positions: number[][];
  let streams: string[];

  beforeEach(async () => {
    database = await createTestDatabase(4);
    store = new EventStore(database.db, { pageSize: 4 });
    streams = [0, 1, 2].map(() => `claim-${randomUUID()}`);
    positions = [[], [], []];
    // Interleaved streams, so chains cross page and range boundaries.
    for (let v = 1; v <= 4; v++) {
      for (let s = 0; s < 3; s++) {
        const { lastPosition } = await store.appendToStream(streams[s], [
          {
            type: 'EvidenceAttached',
            data: { stream: s, v, note: `note ${s}.${v}` },
            metadata: { correlationId: `c${v}` },
          },
        ]);
        positions[s].push(lastPosition);
      }
    }
  });
  afterEach(() => database.drop());

  /** A privileged tamperer: disables the append-only trigger for the edit. */
  async function tamper(...statements: RawBuilder<unknown>[]): Promise<void> {
    await sql`ALTER TABLE events DISABLE TRIGGER events_append_only`.execute(database.db);
    for (const statement of statements) await statement.execute(database.db);
    await sql`ALTER TABLE events ENABLE TRIGGER events_append_only`.execute(database.db);
  }

  it('passes an untouched log, whole or by range', async () => {
    expect(await store.verify()).toEqual({ ok: true, checked: 12, firstBrokenPosition: null });
    const range = await store.verify({ fromPosition: positions[1][1], toPosition: positions[1][2] });
    expect(range).toMatchObject({ ok: true, checked: positions[1][2] - positions[1][1] + 1 });
  });

  it('detects a hand-made UPDATE of an event', async () => {
    await tamper(
      sql`UPDATE events SET data = jsonb_set(data, '{note}', '"rewritten"') WHERE position = ${positions[1][2]}`,
    );
    expect(await store.verify()).toMatchObject({
      ok: false,
      firstBrokenPosition: positions[1][2],
      reason: expect.stringMatching(/edited/),
    });
    // A range that starts after the edit anchors on the edited row's stored hash and passes.
    expect(await store.verify({ fromPosition: positions[1][3] })).toMatchObject({ ok: true });
    expect(await store.verify({ fromPosition: positions[1][2] })).toMatchObject({
      ok: false,
      firstBrokenPosition: positions[1][2],
    });
  });

  it('detects an edit whose own hash was recomputed: the next link breaks', async () => {
    const rows: RecordedEvent[] = [];
    for await (const e of store.readStream(streams[0], { fromVersion: 2, toVersion: 2, raw: true })) rows.push(e);
    const [row] = rows;
    const forged = eventHash(row.prevHash, { ...row, data: { ...row.data, note: 'forged' } });
    await tamper(
      sql`UPDATE events SET data = jsonb_set(data, '{note}', '"forged"'), hash = ${forged} WHERE position = ${row.position}`,
    );
    expect(await store.verify()).toMatchObject({
      ok: false,
      firstBrokenPosition: positions[0][2],
      reason: expect.stringMatching(/prev_hash/),
    });
  });

  it('detects a DELETE in the middle of a stream and at its end', async () => {
    await tamper(sql`DELETE FROM events WHERE position = ${positions[2][1]}`);
    expect(await store.verify()).toMatchObject({
      ok: false,
      firstBrokenPosition: positions[2][2],
      reason: expect.stringMatching(/expected version 2/),
    });
    // A range entering the stream after the hole finds its predecessor missing.
    expect(await store.verify({ fromPosition: positions[2][2] })).toMatchObject({
      ok: false,
      firstBrokenPosition: positions[2][2],
    });
  });

  it("detects a DELETE of a stream's last event, and of a whole stream", async () => {
    await tamper(sql`DELETE FROM events WHERE position = ${positions[0][3]}`);
    expect(await store.verify()).toMatchObject({
      ok: false,
      firstBrokenPosition: positions[0][2],
      reason: expect.stringMatching(/missing/),
    });
    await tamper(sql`DELETE FROM events WHERE stream_id = ${streams[0]}`);
    expect(await store.verify()).toMatchObject({
      ok: false,
      firstBrokenPosition: null,
      reason: expect.stringMatching(/no events/),
    });
  });

  it('detects two rows swapped: contents, or versions', async () => {
    const [a, b] = [positions[1][0], positions[1][1]];
    await tamper(
      sql`UPDATE events e SET data = o.data, metadata = o.metadata FROM events o
           WHERE (e.position, o.position) IN ((${a}, ${b}), (${b}, ${a}))`,
    );
    expect(await store.verify()).toMatchObject({ ok: false, firstBrokenPosition: a });

    await database.drop();
    database = await createTestDatabase(4);
    store = new EventStore(database.db);
    const id = `claim-${randomUUID()}`;
    const { positions: p } = await store.appendToStream(id, [
      { type: 'A', data: { i: 1 } },
      { type: 'B', data: { i: 2 } },
      { type: 'C', data: { i: 3 } },
    ]);
    await tamper(
      sql`UPDATE events SET stream_version = 100 WHERE position = ${p[0]}`,
      sql`UPDATE events SET stream_version = 1 WHERE position = ${p[1]}`,
      sql`UPDATE events SET stream_version = 2 WHERE position = ${p[0]}`,
    );
    expect(await store.verify()).toMatchObject({ ok: false, firstBrokenPosition: p[0] });
  });
});
