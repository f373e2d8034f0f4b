import { randomUUID } from 'node:crypto';
import { loadConfig } from '@claimtrail/config';
import { AppendOptions, EventStore, AnyDomainEvent, NewEvent } from '@claimtrail/event-store';
import { createTestDatabase, TestDatabase } from '../../../../../test/support/test-database';
import { ClaimWriter, CommandMetadata } from '../claim-writer.service';
import { claimStreamId } from '../claim-stream';
import { IdempotencyRepository } from '../idempotency.repository';
import { PublisherRepository } from '../publisher.repository';
import { AttachEvidenceBatchCommand } from './attach-evidence-batch.command';
import { AttachEvidenceBatchHandler } from './attach-evidence-batch.handler';
import { ReportClaimCommand } from './report-claim.command';
import { ReportClaimHandler } from './report-claim.handler';

/** Counts appends, to tell one write from several. */
class CountingEventStore extends EventStore {
  appends = 0;

  override appendToStream<E extends AnyDomainEvent>(
    streamId: string,
    events: readonly NewEvent<E>[],
    options: AppendOptions = {},
  ) {
    this.appends++;
    return super.appendToStream<E>(streamId, events, options);
  }
}

describe('AttachEvidenceBatchHandler (Postgres)', () => {
  let database: TestDatabase;
  let eventStore: CountingEventStore;
  let publishers: PublisherRepository;
  let handler: AttachEvidenceBatchHandler;
  let reportHandler: ReportClaimHandler;
  const metadata: CommandMetadata = { actor: { keyId: 'spec', role: 'system' }, correlationId: 'c', causationId: 'c' };
  const item = (n: number, publisher: string, site = 'planet.example') => ({
    evidenceId: `00000000-0000-4000-8000-00000000000${n}`,
    publisher,
    url: `https://${site}/${n}`,
    excerpt: 'the drones were made in China',
    stance: 'supports' as const,
    confidence: 0.9,
    source: 'archive',
  });

  beforeAll(async () => {
    database = await createTestDatabase(2);
    eventStore = new CountingEventStore(database.db);
    publishers = new PublisherRepository(database.db);
    const config = loadConfig({});
    const writer = new ClaimWriter(eventStore, database.db, new IdempotencyRepository(), publishers, config);
    handler = new AttachEvidenceBatchHandler(writer);
    reportHandler = new ReportClaimHandler(writer, config);
  });
  afterAll(() => database.drop());

  const attachedPublishers = async (claimId: string) => {
    const all: unknown[] = [];
    for await (const e of eventStore.readStream(claimStreamId(claimId)))
      if (e.type === 'EvidenceAttached') all.push(e.data.publisher);
    return all;
  };

  it('attaches every item in one append, resolving a new publisher named twice to one entry, and attaches nothing on a retry', async () => {
    const claimId = randomUUID();
    await reportHandler.execute(
      new ReportClaimCommand(
        { claimId, text: 'Drones from China', claimant: 'an official', citedUrls: [], language: 'en' },
        metadata,
      ),
    );
    const batch = new AttachEvidenceBatchCommand(
      {
        claimId,
        evidence: [item(1, 'Daily Planet Batch'), item(2, 'Daily Planet Batch'), item(3, 'reuters', 'reuters.com')],
      },
      metadata,
    );
    eventStore.appends = 0;

    const first = await handler.execute(batch);
    expect(eventStore.appends).toBe(1);
    expect(await attachedPublishers(claimId)).toEqual(['daily-planet-batch', 'daily-planet-batch', 'reuters']);
    expect(await publishers.findById('daily-planet-batch')).toMatchObject({ name: 'Daily Planet Batch' });

    await expect(handler.execute(batch)).resolves.toEqual(first);
    expect(eventStore.appends).toBe(1);
  });
});
