import { Kysely, PostgresAdapter, DummyDriver, PostgresIntrospector, PostgresQueryCompiler } from 'kysely';
import { Database } from '@claimtrail/database';
import './event-store.tables';
import {
  AppendArguments,
  appendQuery,
  checkpointQuery,
  cursorAtQuery,
  hasProcessedQuery,
  hasWorkQuery,
  headPositionQuery,
  horizonStatusQuery,
  lastBelowHorizonQuery,
  lockCheckpointQuery,
  notifyQuery,
  readAllQuery,
  readStreamQuery,
  compiledReadStreamQuery,
  setCheckpointQuery,
  subscriberBatchQuery,
} from './event-store.queries';

/** The SQL of the queries that matter, so any change to it shows in review. */
describe('event store SQL', () => {
  const db = new Kysely<Database>({
    dialect: {
      createAdapter: () => new PostgresAdapter(),
      createDriver: () => new DummyDriver(),
      createIntrospector: (k) => new PostgresIntrospector(k),
      createQueryCompiler: () => new PostgresQueryCompiler(),
    },
  });
  const cursor = { transactionId: '42', position: 7 };

  it('append, for one event and for a batch', () => {
    const id = '00000000-0000-4000-8000-000000000000';
    const args: AppendArguments = {
      streamId: 'claim-1',
      streamType: 'claim',
      expected: 'exact',
      expectedVersion: 3,
      eventIds: [id],
      types: ['ClaimReported'],
      schemaVersions: [1],
      data: ['{}'],
      metadata: ['{}'],
      checkExisting: true,
    };
    const one = appendQuery(args);
    expect(one.sql).toMatchSnapshot();
    expect(one.parameters).toHaveLength(10);
    const batch = {
      ...args,
      eventIds: [id, id],
      types: ['A', 'B'],
      schemaVersions: [1, 1],
      data: ['{}', '{}'],
      metadata: ['{}', '{}'],
    };
    expect(appendQuery(batch).sql).toMatchSnapshot();
    expect(appendQuery(batch).parameters).toEqual([
      'claim-1',
      'claim',
      'exact',
      3,
      id,
      id,
      'A',
      'B',
      1,
      1,
      '{}',
      '{}',
      '{}',
      '{}',
      true,
    ]);
  });

  it('readStream', () => {
    expect(
      readStreamQuery(db, {
        streamId: 'claim-1',
        fromVersion: 1,
        toVersion: 9,
        until: new Date(0),
        limit: 100,
      }).compile().sql,
    ).toMatchSnapshot();
  });

  it('readStream precompiled: the same SQL and parameters as the builder, in every shape', () => {
    const base = { streamId: 'claim-1', fromVersion: 3, limit: 100 };
    for (const extra of [{}, { toVersion: 9 }, { until: new Date(0) }, { toVersion: 9, until: new Date(0) }]) {
      const built = readStreamQuery(db, { ...base, ...extra }).compile();
      const precompiled = compiledReadStreamQuery(db, { ...base, ...extra });
      expect([precompiled.sql, precompiled.parameters]).toEqual([built.sql, built.parameters]);
      // A second call binds new values to the cached text.
      expect(compiledReadStreamQuery(db, { ...base, ...extra, fromVersion: 7 }).parameters[1]).toBe(7);
    }
  });

  it('readAll', () => {
    expect(readAllQuery(db, { fromPosition: 1, limit: 1000 }).compile().sql).toMatchSnapshot();
    expect(
      readAllQuery(db, { fromPosition: 1, toPosition: 5, types: ['A', 'B'], limit: 1000 }).compile().sql,
    ).toMatchSnapshot();
  });

  it('subscriber batch', () => {
    expect(lockCheckpointQuery(db, 'projection').compile().sql).toMatchSnapshot();
    expect(subscriberBatchQuery(db, { after: cursor, horizon: '50', limit: 100 }).compile().sql).toMatchSnapshot();
    expect(
      subscriberBatchQuery(db, { after: cursor, horizon: '50', types: ['A'], limit: 100 }).compile().sql,
    ).toMatchSnapshot();
    expect(lastBelowHorizonQuery(db, cursor, '50').compile().sql).toMatchSnapshot();
    expect(hasWorkQuery('projection').compile(db).sql).toMatchSnapshot();
  });

  it('checkpoints, cursors and status', () => {
    expect(cursorAtQuery(db, 7).compile().sql).toMatchSnapshot();
    expect(headPositionQuery(db).compile().sql).toMatchSnapshot();
    expect(checkpointQuery(db, 'projection').compile().sql).toMatchSnapshot();
    expect(setCheckpointQuery(db, 'projection', cursor).compile().sql).toMatchSnapshot();
    expect(hasProcessedQuery('projection', 7).compile(db).sql).toMatchSnapshot();
    expect(horizonStatusQuery().compile(db).sql).toMatchSnapshot();
    expect(notifyQuery('events').compile(db).sql).toMatchSnapshot();
  });
});
