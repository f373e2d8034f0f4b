import { createTestDatabase, TestDatabase } from '../../../../test/support/test-database';
import { ArticleRepository, NewArticle, RETRIEVAL } from './article.repository';

// Everyday news words: in every filler article, so none of them is rare.
const COMMON = 'The minister said the figure rose by three percent this year, officials told reporters on Monday.';
const TOPICS = [
  'harbour dredging',
  'school meals',
  'rail timetable',
  'museum funding',
  'bridge repairs',
  'tram fares',
  'water prices',
  'library hours',
];

const filler = (i: number): NewArticle => ({
  url: `https://filler.example/${i}`,
  title: `Council notes ${i}`,
  publisher: `Outlet ${i % 7}`,
  body: `${COMMON} The ${TOPICS[i % TOPICS.length]} plan was discussed again. ${COMMON}`,
});

const GRAIN = {
  url: 'https://port-gazette.example/grain',
  title: 'Grain convoy leaves Odesa',
  publisher: 'Port Gazette',
  body: `${COMMON} A convoy of forty grain freighters left Odesa under Turkish escort, bound for Istanbul and Alexandria.`,
};
const COPY = {
  url: 'https://wire-copy.example/grain',
  title: 'Freighters sail',
  publisher: 'Wire Copy',
  body: 'Shipping news. A convoy of forty grain freighters left Odesa under Turkish escort, bound for Istanbul. More later.',
};

describe('ArticleRepository search (Postgres)', () => {
  let database: TestDatabase;
  let articles: ArticleRepository;

  beforeAll(async () => {
    database = await createTestDatabase(2);
    articles = new ArticleRepository(database.db);
    for (let i = 0; i < 60; i++) await articles.ingest(filler(i));
    await articles.ingest(GRAIN);
    await articles.ingest(COPY);
  });

  afterAll(async () => {
    await database.drop();
  });

  it('does not retrieve articles that share only common words with the claim', async () => {
    const rows = await articles.search({
      text: 'The minister said unemployment fell three percent this year',
      language: 'en',
      limit: 50,
    });
    expect(rows).toEqual([]);
  });

  it('ranks articles by the rare words they share, whatever common words come with the claim', async () => {
    const rows = await articles.search({
      text: 'Officials said this year that Turkish warships escort the grain freighters to Alexandria, the minister told reporters',
      language: 'en',
      limit: 50,
    });
    expect(rows.map((r) => r.url)).toEqual([GRAIN.url, COPY.url]);
    expect(rows[0].rank).toBeGreaterThan(rows[1].rank);
    expect(rows[0].rank).toBeLessThanOrEqual(1);
  });

  it('finds a near-verbatim copy of the claim at the top, with its word similarity', async () => {
    const rows = await articles.search({
      text: 'a convoy of 40 grain freighters left Odesa under Turkish escort',
      language: 'en',
      limit: 50,
    });
    expect(
      rows
        .slice(0, 2)
        .map((r) => r.url)
        .sort(),
    ).toEqual([COPY.url, GRAIN.url].sort());
    expect(rows[0].nearDuplicate).toBeGreaterThan(0.6);
    expect(rows[0].rank).toBeGreaterThan(0.6); // all but "40" ("forty" in the articles)
  });

  it('returns at most `limit` candidates, however many articles match', async () => {
    const claim = { text: 'harbour dredging plan, school meals plan, rail timetable plan', language: 'en' };
    // Each topic phrase is in a few of the 60 fillers, which makes them rare enough to probe.
    expect((await articles.search({ ...claim, limit: 50 })).length).toBeGreaterThan(3);
    expect(await articles.search({ ...claim, limit: 3 })).toHaveLength(3);
  });

  it('never returns the claim’s own article', async () => {
    const rows = await articles.search({
      text: 'grain freighters left Odesa under Turkish escort',
      language: 'en',
      excludeUrl: GRAIN.url,
      limit: 50,
    });
    expect(rows.map((r) => r.url)).toEqual([COPY.url]);
  });

  it('finds nothing for a claim none of whose words the archive holds', async () => {
    expect(await articles.search({ text: 'Zorblax quintuplets yodel', language: 'en', limit: 50 })).toEqual([]);
  });
});

describe('ArticleRepository near-duplicate measure (Postgres)', () => {
  let database: TestDatabase;
  let articles: ArticleRepository;
  const copies = RETRIEVAL.nearDuplicateChecks + 3;

  beforeAll(async () => {
    database = await createTestDatabase(2);
    articles = new ArticleRepository(database.db);
    for (let i = 0; i < 60; i++) await articles.ingest(filler(i));
    for (let i = 0; i < copies; i++) await articles.ingest({ ...COPY, url: `https://wire-copy.example/grain/${i}` });
  });

  afterAll(async () => {
    await database.drop();
  });

  it('measures word similarity in the few best candidates only, however many copies tie', async () => {
    const rows = await articles.search({
      text: 'a convoy of grain freighters left Odesa under Turkish escort',
      language: 'en',
      limit: 50,
    });
    expect(rows).toHaveLength(copies);
    expect(rows.every((r) => r.rank === 1)).toBe(true);
    const measured = rows.filter((r) => r.nearDuplicate > 0);
    expect(measured).toEqual(rows.slice(0, RETRIEVAL.nearDuplicateChecks));
    expect(measured.every((r) => r.nearDuplicate > 0.6)).toBe(true);
  });
});

describe('ArticleRepository term statistics (Postgres)', () => {
  let database: TestDatabase;
  let articles: ArticleRepository;

  beforeAll(async () => {
    database = await createTestDatabase(2);
    articles = new ArticleRepository(database.db);
  });

  afterAll(async () => {
    await database.drop();
  });

  it('counts each lexeme once per article on ingest, and not again for a URL already stored', async () => {
    await articles.ingest({
      url: 'https://a.example/1',
      title: 'Grain',
      publisher: 'A',
      body: 'Grain, grain and more grain from Odesa.',
    });
    expect(await articles.termStatistics('grain')).toEqual({ articles: 1, archive: 1 });
    await articles.ingest({ url: 'https://a.example/1', title: 'Grain', publisher: 'A', body: 'Grain again.' });
    await articles.ingest({
      url: 'https://a.example/2',
      title: 'Odesa port',
      publisher: 'B',
      body: 'Ships leave Odesa.',
    });
    expect(await articles.termStatistics('grain')).toEqual({ articles: 1, archive: 2 });
    expect(await articles.termStatistics('odesa')).toEqual({ articles: 2, archive: 2 });
    expect(await articles.termStatistics('zorblax')).toEqual({ articles: 0, archive: 2 });
  });

  it('stays exact under concurrent ingests sharing words', async () => {
    const before = await articles.termStatistics('convoy');
    await Promise.all(
      Array.from({ length: 24 }, (_, i) =>
        articles.ingest({
          url: `https://c.example/${i}`,
          title: `Convoy ${i}`,
          publisher: 'C',
          body: `A convoy sailed. Escort ${i % 2 ? 'frigate' : 'corvette'}.`,
        }),
      ),
    );
    expect(await articles.termStatistics('convoy')).toEqual({
      articles: before.articles + 24,
      archive: before.archive + 24,
    });
    expect((await articles.termStatistics('frigat')).articles).toBe(12);
  });

  it('takes a deleted article’s words out of the statistics', async () => {
    const before = await articles.termStatistics('odesa');
    await database.db.deleteFrom('articles').where('url', '=', 'https://a.example/2').execute();
    expect(await articles.termStatistics('odesa')).toEqual({
      articles: before.articles - 1,
      archive: before.archive - 1,
    });
  });
});
