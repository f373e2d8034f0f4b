import { Test } from '@nestjs/testing';
import { randomUUID } from 'node:crypto';
import { ConfigModule } from '@claimtrail/config';
import { DatabaseModule } from '@claimtrail/database';
import { createTestDatabase, TestDatabase } from '../../../test/support/test-database';
import { testConfig } from '../../../test/support/test-config';
import { EventStore } from './event-store';
import { EventStoreModule } from './event-store.module';

describe('EventStoreModule', () => {
  let database: TestDatabase;

  beforeAll(async () => {
    database = await createTestDatabase(2);
  });
  afterAll(() => database.drop());

  it('provides an EventStore over the app database, with limits from config, and stops subscriptions at shutdown', async () => {
    const moduleRef = await Test.createTestingModule({
      imports: [
        ConfigModule.forRoot(testConfig(database.url, { EVENT_STORE_MAX_BATCH_EVENTS: '2' })),
        DatabaseModule.forRoot('event-store-module-spec'),
        EventStoreModule,
      ],
    }).compile();
    const app = await moduleRef.init();
    const store = app.get(EventStore);
    expect(store.limits.maxBatchEvents).toBe(2);

    const streamId = `claim-${randomUUID()}`;
    const { positions } = await store.appendToStream(streamId, [{ type: 'ClaimReported', data: {} }]);
    const seen: number[] = [];
    const subscription = store.subscribe(
      'module-spec',
      (batch) => {
        seen.push(...batch.map((e) => e.position));
        return Promise.resolve();
      },
      {
        pollIntervalMs: 50,
        onError: () => undefined,
      },
    );
    while (!(await store.hasProcessed('module-spec', positions[0]))) await new Promise((r) => setTimeout(r, 20));
    expect(seen).toEqual([positions[0]]);

    await app.close();
    await subscription.stopped;
    expect(subscription.state().active).toBe(false);
  });
});
