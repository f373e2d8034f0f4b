import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createTestDatabase, TestDatabase } from '../../../../test/support/test-database';
import { ClaimToCorroborate, SourceFinding } from '../source-adapter';
import { ArchiveAdapter } from './archive.adapter';
import { ArticleRepository } from './article.repository';

const seeds = join(__dirname, '../../../../seeds');
const archive = readdirSync(join(seeds, 'archive'))
  .filter((f) => f.endsWith('.json'))
  .map(
    (f) =>
      JSON.parse(readFileSync(join(seeds, 'archive', f), 'utf8')) as {
        title: string;
        publisher: string;
        url: string;
        publishedAt: string;
        body: string;
      },
  );
const story = JSON.parse(readFileSync(join(seeds, 'articles/sky-news-china-drones.json'), 'utf8')) as {
  url: string;
  title: string;
};

describe('archive adapter on the seed archive', () => {
  let database: TestDatabase;
  let adapter: ArchiveAdapter;
  let findings: SourceFinding[];

  const claimOfStory: ClaimToCorroborate = {
    claimId: 'seed-claim',
    text: 'Chinese companies are supplying military attack drones to Russia for the war in Ukraine',
    claimant: 'a western official',
    language: 'en',
    citedUrls: [],
    article: { url: story.url, publisher: 'sky-news', title: story.title },
  };

  beforeAll(async () => {
    database = await createTestDatabase(2);
    const articles = new ArticleRepository(database.db);
    for (const a of archive) await articles.ingest({ ...a, publishedAt: new Date(a.publishedAt) });
    adapter = new ArchiveAdapter(articles, {
      candidates: 20,
      maxPassagesPerArticle: 3,
      minRelevance: 0.2,
      nearDuplicateSimilarity: 0.6,
    });
    findings = await adapter.search(claimOfStory, new AbortController().signal);
  });

  afterAll(async () => {
    await database.drop();
  });

  const of = (publisher: string) => findings.filter((f) => f.publisher === publisher);

  it('finds nothing in the unrelated articles that merely share a word', () => {
    const urls = findings.map((f) => f.url);
    for (const a of archive.filter((x) => /luxury|hurricane|arctic/i.test(x.title))) expect(urls).not.toContain(a.url);
  });

  it('attributes the support of outlets that only repeat others to the originals', () => {
    const support = (publisher: string) => of(publisher).filter((f) => f.stance === 'supports');
    expect(support('daily-bulletin').length).toBeGreaterThan(0);
    expect(support('daily-bulletin').every((f) => f.repeats === 'Sky News')).toBe(true);
    expect(
      support('world-briefing-wire')
        .map((f) => f.repeats)
        .sort(),
    ).toEqual(['Reuters', 'Sky News']);
  });

  it('counts independent reporting as support of its own', () => {
    expect(of('central-european-defence-journal')).toContainEqual(
      expect.objectContaining({ stance: 'supports', reason: expect.stringMatching(/^confirmation: "confirmed"/) }),
    );
    expect(of('central-european-defence-journal').every((f) => f.repeats === undefined)).toBe(true);
  });

  it('reads the foreign ministry’s “groundless” as the subject refuting', () => {
    expect(of('chinese-foreign-ministry')).toContainEqual(
      expect.objectContaining({
        stance: 'refutes',
        subjectResponse: true,
        reason: expect.stringMatching(/^falsehood: "groundless"/),
      }),
    );
  });

  it('reads the embassy’s non-denial for the allegation as extracted from the story, framed by “There is clear evidence that”', async () => {
    const framed = await adapter.search(
      {
        ...claimOfStory,
        text: 'There is clear evidence that Chinese companies are supplying military attack drones to Russia for the war in Ukraine',
      },
      new AbortController().signal,
    );
    expect(framed.filter((f) => f.publisher === 'chinese-embassy-uk')).toContainEqual(
      expect.objectContaining({
        stance: 'neutral',
        subjectResponse: true,
        reason: expect.stringMatching(/^non-denial/),
      }),
    );
  });

  it('reads the embassy’s “not aware of the specifics” as the subject’s non-denial', () => {
    expect(of('chinese-embassy-uk')).toContainEqual(
      expect.objectContaining({
        stance: 'neutral',
        subjectResponse: true,
        reason: expect.stringMatching(/^non-denial/),
      }),
    );
  });
});
