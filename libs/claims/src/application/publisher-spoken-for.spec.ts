import { createKysely } from '@claimtrail/database';
import { testConfig } from '../../../../test/support/test-config';
import { createTestDatabase, TestDatabase } from '../../../../test/support/test-database';
import { PublisherRegistryCache } from './publisher-registry-cache';
import { PublisherRepository } from './publisher.repository';

/** A process's registry in memory, listening for changes (the caller stops it). */
async function listeningCache(database: TestDatabase, db = database.db): Promise<PublisherRegistryCache> {
  const cache = new PublisherRegistryCache(db, testConfig(database.url));
  await cache.onModuleInit();
  return cache;
}

/** Waits (boundedly) until `cache` has dropped what it held: a change notification reached it. */
async function invalidated(cache: PublisherRegistryCache, held: unknown): Promise<void> {
  for (let i = 0; i < 200 && (await cache.all()) === held; i++) await new Promise((r) => setTimeout(r, 10));
}

describe.each([
  ['in SQL', false],
  ['from the registry in memory', true],
])('PublisherRepository.findSpokenFor (real Postgres), %s', (_how, cached) => {
  let database: TestDatabase;
  let publishers: PublisherRepository;
  let cache: PublisherRegistryCache | undefined;

  beforeAll(async () => {
    database = await createTestDatabase(2);
    cache = cached ? await listeningCache(database) : undefined;
    publishers = new PublisherRepository(database.db, cache);
    for (const [id, name, domain, ownerGroup] of [
      ['nato', 'NATO', 'nato.int', 'nato'],
      ['white-house', 'The White House', 'whitehouse.gov', 'us-government'],
      ['reuters', 'Reuters', 'reuters.com', 'thomson-reuters'],
      ['news-corp-times', 'The Times', 'thetimes.example', 'news-corp'],
      ['times-of-india', 'The Times of India', 'toi.example', 'bennett'],
      ['odd-name', 'C++ (Weekly)', 'cpp.example', 'odd'],
    ]) {
      await publishers.upsert({ id, name, domain, ownerGroup, reliability: 0.8 });
    }
  });
  afterAll(async () => {
    await cache?.beforeApplicationShutdown();
    await database.drop();
  });

  it('answers from memory only when it is the cached repository', async () => {
    expect((await cache?.all())?.length).toBe(cached ? 6 : undefined);
  });

  it.each([
    ['Reuters', 'reuters'],
    ['reuters.com', 'reuters'],
    ['Farah Dakhlallah, the NATO spokesperson', 'nato'],
    ['a spokesperson for the NATO alliance', 'nato'],
    ['a White House spokesperson', 'white-house'],
    ['an editor at The Times of India', 'times-of-india'],
    ['a columnist for The Times', 'news-corp-times'],
    ['the C++ (Weekly) podcast', 'odd-name'],
    // An id beats a name standing in it ("Times" stands in "times-of-india" too): find's rank comes first.
    ['times-of-india', 'times-of-india'],
  ])('%s speaks for %s', async (claimant, id) => {
    expect((await publishers.findSpokenFor(claimant))?.id).toBe(id);
  });

  it.each(['a western official', 'the Chinese embassy in London', 'Natoshi, a blogger', 'a Reutersville resident'])(
    '%s speaks for no publisher, and none is added',
    async (claimant) => {
      const before = (await publishers.list({ limit: 100 })).length;
      expect(await publishers.findSpokenFor(claimant)).toBeUndefined();
      expect((await publishers.list({ limit: 100 })).length).toBe(before);
    },
  );
});

describe('PublisherRegistryCache across processes', () => {
  let database: TestDatabase;
  const caches: PublisherRegistryCache[] = [];
  afterAll(async () => {
    await Promise.all(caches.map((c) => c.beforeApplicationShutdown()));
    await database.drop();
  });

  it("drops a process's registry when another process changes it, and reads Postgres while it cannot hear", async () => {
    database = await createTestDatabase(2);
    // Two processes: each its own pool and its own listening cache.
    const otherDb = createKysely({ url: database.url, poolSize: 2 });
    try {
      const [a, b] = [await listeningCache(database), await listeningCache(database, otherDb)];
      caches.push(a, b);
      const inA = new PublisherRepository(database.db, a);
      const inB = new PublisherRepository(otherDb, b);
      const claimant = 'an analyst at the Baltic Monitor';
      expect(await inB.findSpokenFor(claimant)).toBeUndefined();
      const held = await b.all();

      await inA.upsert({ id: 'baltic', name: 'Baltic Monitor', domain: null, ownerGroup: 'baltic', reliability: 0.7 });
      await invalidated(b, held);
      expect((await inB.findSpokenFor(claimant))?.id).toBe('baltic');

      // Not listening (its connection is gone): B answers from Postgres, so a change it cannot hear is seen at once.
      await b.beforeApplicationShutdown();
      expect(await b.all()).toBeUndefined();
      await inA.upsert({ id: 'riga', name: 'Riga Courier', domain: null, ownerGroup: 'riga', reliability: 0.6 });
      expect((await inB.findSpokenFor('a Riga Courier reporter'))?.id).toBe('riga');
    } finally {
      await otherDb.destroy();
    }
  });
});

describe('PublisherRepository lookups from the registry in memory', () => {
  let database: TestDatabase;
  let cache: PublisherRegistryCache;
  let inSql: PublisherRepository;
  let inMemory: PublisherRepository;

  beforeAll(async () => {
    database = await createTestDatabase(2);
    cache = await listeningCache(database);
    inSql = new PublisherRepository(database.db);
    inMemory = new PublisherRepository(database.db, cache);
    for (const [id, name, domain] of [
      ['reuters', 'Reuters', 'reuters.com'],
      ['sky-news', 'Sky News', 'news.sky.com'],
      ['sky', 'Sky', 'sky.com'],
      ['treasury', 'U.S. Department of the Treasury', 'treasury.gov'],
      ['mfa-china', 'Ministry of Foreign Affairs', 'mfa.gov.cn'],
      ['unrated-blog', 'Some Blog', null],
    ] as const) {
      await inSql.upsert({ id, name, domain, ownerGroup: id, reliability: 0.5 });
    }
  });
  afterAll(async () => {
    await cache.beforeApplicationShutdown();
    await database.drop();
  });

  it.each([
    ['Reuters', undefined],
    ['reuters', 'https://www.reuters.com/world/x'],
    ['REUTERS', 'https://elsewhere.example/x'],
    ['Sky News', 'https://news.sky.com/story/1'],
    ['Sky News', 'https://sky.com/x'],
    ['sky.com', undefined],
    ['www.reuters.com', undefined],
    ['Anyone', 'https://home.treasury.gov/news'],
    ['Anyone', 'https://www.mfa.gov.cn/eng/x'],
    ['Some Blog', undefined],
    ['Unknown Outlet', 'https://unknown.example/x'],
    ['Unknown Outlet', undefined],
  ])('lookUp(%s, %s) answers as in SQL', async (name, url) => {
    expect(await inMemory.lookUp(name, url)).toEqual(await inSql.lookUp(name, url));
  });

  it('answers a snapshot as in SQL', async () => {
    const ids = ['reuters', 'sky', 'missing', 'unrated-blog'];
    expect(await cache.all()).toHaveLength(6);
    expect(await inMemory.snapshot(ids)).toEqual(await inSql.snapshot(ids));
  });
});
