import { EventStore } from '@claimtrail/event-store';
import { resumeTokenOf } from '../apps/api/src/audit/audit-export';
import { ApiHarness, startApi } from './support/api-harness';
import { authHeader, createKey } from './support/api-keys';

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface Line {
  eventId: string;
  position: number;
  transactionId: string;
}

/**
 * The export as a follower uses it: resume with the last line's token every 20 ms while
 * 16 writers append, each in a transaction held open for a random few milliseconds, so
 * commits land out of position order (what made "fromPosition = last + 1" skip events).
 */
describe('audit export follower under concurrent writes (e2e)', () => {
  let api: ApiHarness;
  let auditorKey: string;

  beforeAll(async () => {
    // It polls every 20 ms: not what the rate limit is for.
    api = await startApi({ DATABASE_POOL_SIZE: '24', RATE_LIMIT_PER_MINUTE: '100000' });
    auditorKey = await createKey(api, 'auditor');
  });
  afterAll(() => api.close());

  it('misses no event and repeats none', async () => {
    const store = api.app.get(EventStore);
    const db = api.database.db;
    const writers = 16;
    const appendsPerWriter = 25;
    let writing = true;

    const writer = async (w: number) => {
      for (let i = 0; i < appendsPerWriter; i++) {
        await db.transaction().execute(async (trx) => {
          await store.appendToStream(
            `follow-${w}-${i % 5}`,
            [
              { type: 'Appended', data: { w, i } },
              { type: 'Appended', data: { w, i, second: true } },
            ],
            { trx },
          );
          await pause(Math.random() * 15);
        });
      }
    };

    const received: Line[] = [];
    let token: string | undefined;
    let polls = 0;
    const poll = async () => {
      const url = `/audit/events?type=Appended${token ? `&after=${token}` : ''}`;
      const res = await api.app.inject({ method: 'GET', url, headers: authHeader(auditorKey) });
      expect(res.statusCode).toBe(200);
      const lines = res.body
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l) as Line);
      received.push(...lines);
      if (lines.length) token = resumeTokenOf(lines[lines.length - 1]);
      polls++;
    };
    const follower = (async () => {
      while (writing) {
        await poll();
        await pause(20);
      }
    })();

    await Promise.all(Array.from({ length: writers }, (_, w) => writer(w)));
    writing = false;
    await follower;
    // The export stops at the cluster's visibility horizon, which any open transaction holds back (other tests'
    // databases share the cluster): the follower keeps polling as a real one would. A skipped event never arrives.
    const total = writers * appendsPerWriter * 2;
    const deadline = Date.now() + 20_000;
    await poll();
    while (received.length < total && Date.now() < deadline) {
      await pause(20);
      await poll();
    }

    const stored: string[] = [];
    for await (const e of store.readAll({ types: ['Appended'] })) stored.push(e.eventId);
    expect(stored).toHaveLength(total);
    const ids = received.map((l) => l.eventId);
    expect(new Set(ids).size).toBe(ids.length);
    expect(new Set(ids)).toEqual(new Set(stored));
    expect(polls).toBeGreaterThan(5);
  }, 60_000);
});
