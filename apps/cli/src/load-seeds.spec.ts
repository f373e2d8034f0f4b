import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { ApiKeyRepository, ApiKeyService } from '@claimtrail/auth';
import { createTestDatabase, TestDatabase } from '../../../test/support/test-database';
import { testConfig } from '../../../test/support/test-config';
import { loadSeeds, SEEDS_DIR } from './load-seeds';

const demoKeys = (
  JSON.parse(readFileSync(join(SEEDS_DIR, 'api-keys.json'), 'utf8')) as {
    keys: Array<{ name: string; role: string; key: string }>;
  }
).keys;

describe('loadSeeds (npm run seed)', () => {
  let database: TestDatabase;
  const config = () => testConfig(database.url);

  // Every row of the seeded tables, every column: "changes nothing" means exactly this stays equal.
  const everything = async () => ({
    publishers: await database.db.selectFrom('publishers').selectAll().orderBy('id').execute(),
    articles: await database.db.selectFrom('articles').selectAll().orderBy('url').execute(),
    apiKeys: await database.db.selectFrom('api_keys').selectAll().orderBy('key_hash').execute(),
    events: (await sql<{ count: number }>`SELECT count(*)::int AS count FROM events`.execute(database.db)).rows[0]
      .count,
  });

  beforeEach(async () => {
    database = await createTestDatabase(2);
  });

  afterEach(async () => {
    await database.drop();
  });

  it('loads the publishers, the archive and the demo keys', async () => {
    const report = await loadSeeds(database.db, config());

    expect(report).toEqual({
      publishers: { created: 17, updated: 0, unchanged: 0 },
      articles: { created: 17, unchanged: 0 },
      apiKeys: { created: 4, unchanged: 0 },
    });
    const stored = await everything();
    expect(stored.publishers.find((p) => p.id === 'sky-news')).toMatchObject({
      name: 'Sky News',
      owner_group: 'comcast',
      reliability: 0.8,
    });
    expect(stored.publishers.find((p) => p.id === 'world-briefing-wire')?.reliability).toBeNull();
    expect(new Set(stored.articles.map((a) => a.publisher)).has('nordic-post')).toBe(true);
    expect(stored.apiKeys.map((k) => k.key_hash)).not.toContain(demoKeys[0].key);
  });

  it('changes nothing when run again: same rows, no events', async () => {
    await loadSeeds(database.db, config());
    const before = await everything();

    const again = await loadSeeds(database.db, config());

    expect(again).toEqual({
      publishers: { created: 0, updated: 0, unchanged: 17 },
      articles: { created: 0, unchanged: 17 },
      apiKeys: { created: 0, unchanged: 4 },
    });
    expect(await everything()).toEqual(before);
    expect(before.events).toBe(0);
  });

  it('brings a publisher in line with an edited publishers file', async () => {
    await loadSeeds(database.db, config());
    const edited = mkdtempSync(join(tmpdir(), 'claimtrail-seeds-'));
    try {
      cpSync(SEEDS_DIR, edited, { recursive: true });
      const file = JSON.parse(readFileSync(join(edited, 'publishers.json'), 'utf8')) as {
        publishers: Array<{ id: string; reliability: number | null }>;
      };
      file.publishers.find((p) => p.id === 'world-briefing-wire')!.reliability = 0.4;
      writeFileSync(join(edited, 'publishers.json'), JSON.stringify(file));

      const report = await loadSeeds(database.db, config(), edited);

      expect(report.publishers).toEqual({ created: 0, updated: 1, unchanged: 16 });
      expect(
        (
          await database.db
            .selectFrom('publishers')
            .select('reliability')
            .where('id', '=', 'world-briefing-wire')
            .executeTakeFirst()
        )?.reliability,
      ).toBe(0.4);
    } finally {
      rmSync(edited, { recursive: true, force: true });
    }
  });

  it('stores demo keys that authenticate with their role, and leaves a revoked one revoked', async () => {
    await loadSeeds(database.db, config());
    const keys = new ApiKeyService(new ApiKeyRepository(database.db), config());
    for (const demo of demoKeys)
      expect(await keys.authenticate(`Bearer ${demo.key}`)).toMatchObject({ role: demo.role });

    const reporter = (await keys.list()).find((k) => k.role === 'reporter')!;
    await keys.revoke(reporter.id);
    const report = await loadSeeds(database.db, config());

    expect(report.apiKeys).toEqual({ created: 0, unchanged: 4 });
    expect(await keys.authenticate(`Bearer ${demoKeys.find((k) => k.role === 'reporter')!.key}`)).toBeNull();
    await keys.beforeApplicationShutdown();
  });
});
