import { CompiledQuery, sql } from 'kysely';
import { StanceModel } from '@claimtrail/stance';
import { createTestDatabase, TestDatabase } from '../../../../test/support/test-database';
import { ClaimToCorroborate } from '../source-adapter';
import { ArchiveAdapter } from './archive.adapter';
import { ArticleRepository } from './article.repository';

// The seed story (Sky News) and reports of the same claim elsewhere in the archive.
const SKY = {
  url: 'https://news.sky.com/story/china-drones-russia',
  title: 'Chinese companies supplying attack drones to Russia, western official says',
  publisher: 'Sky News',
  publishedAt: new Date('2024-09-26T10:00:00Z'),
  body: [
    'There is “clear evidence” that Chinese companies are supplying military attack drones to Russia for the war in Ukraine, a western official has told Sky News.',
    'Contacted for a response, the Chinese embassy in London said it was “not aware of the specifics you mentioned”.',
    'The western official told Sky News that the Reuters reporting was accurate.',
  ].join('\n'),
};
const ECHO = {
  url: 'https://daily-echo.example/world/drones',
  title: 'Report: Russia building attack drones in China',
  publisher: 'Daily Echo',
  body: 'Russia has set up a programme in China to produce long-range attack drones for the war in Ukraine, Reuters reported on Wednesday. Kupol was placed under US sanctions in December 2023.',
};
const DENIAL = {
  url: 'https://beijing-bulletin.example/drones-denial',
  title: 'Foreign ministry responds on drones',
  publisher: 'Beijing Bulletin',
  body: 'The Chinese foreign ministry denied that Chinese companies are supplying attack drones to Russia, calling the report baseless.',
  // Posted through the API by a reporter (the others came in bulk): what is read from it is that key's word.
  postedBy: { keyId: 'reporter-key', role: 'reporter' },
};
const UNRELATED = {
  url: 'https://weather.example/helene',
  title: 'Hurricane Helene makes landfall',
  publisher: 'Weather Desk',
  body: 'Hurricane Helene: unsurvivable scenario in coastal area as Category 4 hurricane hits Florida.',
};

const claim = (overrides: Partial<ClaimToCorroborate> = {}): ClaimToCorroborate => ({
  claimId: 'claim-1',
  text: 'Chinese companies are supplying military attack drones to Russia for the war in Ukraine',
  claimant: 'a western official',
  language: 'en',
  citedUrls: [],
  article: { url: SKY.url, publisher: 'Sky News' },
  ...overrides,
});

const model = StanceModel.load();

describe('ArchiveAdapter with ArticleRepository (Postgres)', () => {
  let database: TestDatabase;
  let articles: ArticleRepository;
  let adapter: ArchiveAdapter;
  const now = () => new Date('2026-01-01T00:00:00Z');

  beforeAll(async () => {
    database = await createTestDatabase(2);
    articles = new ArticleRepository(database.db);
    adapter = new ArchiveAdapter(articles, model, {
      candidates: 10,
      maxPassagesPerArticle: 3,
      nearDuplicateSimilarity: 0.6,
      now,
    });
    for (const article of [SKY, ECHO, DENIAL, UNRELATED]) await articles.ingest(article);
  });

  afterAll(async () => {
    await database.drop();
  });

  it('ingests once per URL', async () => {
    const again = await articles.ingest({ ...SKY, title: 'A different title' });
    expect(again.created).toBe(false);
    expect((await articles.findByUrl(SKY.url))?.title).toBe(SKY.title);
    const { count } = await database.db
      .selectFrom('articles')
      .select((eb) => eb.fn.countAll<number>().as('count'))
      .executeTakeFirstOrThrow();
    expect(count).toBe(4);
  });

  it('names the key that posted an article on what is read from it, and no one on bulk-loaded articles', async () => {
    const findings = await adapter.search(claim(), new AbortController().signal);
    const posters = Object.fromEntries(findings.map((f) => [f.publisher, f.postedBy ?? null]));
    expect(posters).toEqual({ 'Daily Echo': null, 'Beijing Bulletin': { keyId: 'reporter-key', role: 'reporter' } });
  });

  it('ranks articles sharing the claim’s words and leaves unrelated ones out', async () => {
    const rows = await articles.search({ text: claim().text, language: 'en', limit: 10 });
    expect(rows.map((r) => r.publisher)).toEqual(
      expect.arrayContaining(['Sky News', 'Daily Echo', 'Beijing Bulletin']),
    );
    expect(rows.map((r) => r.publisher)).not.toContain('Weather Desk');
    expect(rows[0].publisher).toBe('Sky News');
    expect(rows[0].rank).toBeGreaterThanOrEqual(rows[rows.length - 1].rank);
  });

  it('finds a near-verbatim copy and measures it by trigram similarity, even with a word misspelt', async () => {
    // "Chinesecompanies" (a typo run together) is no lexeme of the archive; the copy's other words find it.
    const rows = await articles.search({
      text: 'the Chinese foreign ministry denied that Chinesecompanies are supplying',
      language: 'en',
      limit: 10,
    });
    const denial = rows.find((r) => r.url === DENIAL.url);
    expect(denial?.nearDuplicate).toBeGreaterThan(0.6);
  });

  it('searches with this SQL, through the full-text GIN index', async () => {
    const query = articles
      .searchQuery({ text: claim().text, language: 'en', excludeUrl: SKY.url, limit: 5 })
      .compile(database.db);
    expect(query.sql).toMatchSnapshot();
    const plan = await database.db.connection().execute(async (connection) => {
      await sql`SET enable_seqscan = off`.execute(connection);
      const explained = await connection.executeQuery<{ 'QUERY PLAN': string }>(
        CompiledQuery.raw(`EXPLAIN ${query.sql}`, [...query.parameters]),
      );
      await sql`RESET enable_seqscan`.execute(connection);
      return explained.rows.map((r) => r['QUERY PLAN']).join('\n');
    });
    expect(plan).toMatch(/Bitmap Index Scan on article_search_idx/);
    expect(plan).not.toMatch(/Seq Scan on article_search/);
  });

  it('reads each related article of other outlets once with the stance model, never the claim’s own article', async () => {
    const findings = await adapter.search(claim(), new AbortController().signal);
    expect(findings.map((f) => f.publisher).sort()).toEqual(['Beijing Bulletin', 'Daily Echo']);
    for (const f of findings) {
      expect(f.reason).toMatch(new RegExp(`^${model.modelVersion}: (agree|disagree|discuss) `));
      expect(f.sourceRef).toMatch(/^article:[0-9a-f-]{36}#[0-9a-f]{16}$/);
      expect(f.retrievedAt).toBe('2026-01-01T00:00:00.000Z');
    }
    expect(findings.find((f) => f.publisher === 'Daily Echo')).toMatchObject({
      stance: 'supports',
      repeats: 'Reuters',
    });
  });

  it('never reads a denial as support: the foreign ministry’s “denied … baseless” is contested coverage by the subject', async () => {
    const findings = await adapter.search(claim(), new AbortController().signal);
    expect(findings.find((f) => f.publisher === 'Beijing Bulletin')).toMatchObject({
      stance: 'neutral',
      subjectResponse: true,
      excerpt: expect.stringContaining(DENIAL.body),
      reason: expect.stringContaining("contested: 'denied' in a sentence stating the claim"),
    });
  });

  it('reads the claim’s own outlet when the claim came from elsewhere', async () => {
    const findings = await adapter.search(claim({ article: undefined }), new AbortController().signal);
    const sky = findings.filter((f) => f.url === SKY.url);
    expect(sky).toHaveLength(1);
    expect(sky[0].repeats).toBeUndefined();
  });

  it('gives the same sourceRefs on a second search (a retried job attaches nothing new)', async () => {
    const first = await adapter.search(claim(), new AbortController().signal);
    const second = await adapter.search(claim(), new AbortController().signal);
    expect(second.map((f) => f.sourceRef)).toEqual(first.map((f) => f.sourceRef));
    expect(new Set(first.map((f) => f.sourceRef)).size).toBe(first.length);
  });

  it('stops when aborted', async () => {
    const controller = new AbortController();
    controller.abort(new Error('deadline'));
    await expect(adapter.search(claim(), controller.signal)).rejects.toThrow('deadline');
  });

  it('stops reading when the deadline passes between articles: the deadline timer is not starved by the reading', async () => {
    let reads = 0;
    const slowModel = Object.create(model) as StanceModel;
    slowModel.read = (...args: Parameters<StanceModel['read']>) => {
      reads++;
      const until = Date.now() + 50; // an article that takes long to read: CPU, no await
      while (Date.now() < until);
      return model.read(...args);
    };
    const slow = new ArchiveAdapter(articles, slowModel, {
      candidates: 10,
      maxPassagesPerArticle: 2,
      nearDuplicateSimilarity: 0.8,
      now,
    });
    const candidates = await articles.search({ text: claim().text, language: 'en', excludeUrl: SKY.url, limit: 10 });
    expect(candidates.length).toBeGreaterThan(1);

    await expect(slow.search(claim(), AbortSignal.timeout(10))).rejects.toThrow(/timeout|aborted/i);
    expect(reads).toBeLessThanOrEqual(1);
  });
});
