import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { StanceModel } from '@claimtrail/stance';
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
    adapter = new ArchiveAdapter(articles, StanceModel.load(), {
      candidates: 20,
      maxPassagesPerArticle: 3,
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
    expect(of('daily-bulletin')).toEqual([expect.objectContaining({ stance: 'supports', repeats: 'Sky News' })]);
    expect(of('world-briefing-wire')).toEqual([expect.objectContaining({ stance: 'supports', repeats: 'Reuters' })]);
  });

  it('counts independent reporting as support of its own, with the model’s reading as the reason', () => {
    expect(of('central-european-defence-journal')).toEqual([
      expect.objectContaining({
        stance: 'supports',
        reason: expect.stringMatching(/^stance-mlp-1@[0-9a-f]{12}: agree /),
      }),
    ]);
    expect(of('central-european-defence-journal')[0].repeats).toBeUndefined();
  });

  it('never reads the foreign ministry’s “groundless” as support: contested, and the subject’s own voice', () => {
    expect(of('chinese-foreign-ministry')).toEqual([
      expect.objectContaining({
        stance: 'neutral',
        subjectResponse: true,
        reason: expect.stringContaining("contested: 'groundless'"),
      }),
    ]);
  });

  it('reads the embassy’s “not aware of the specifics” as the subject’s non-denial, framed by “There is clear evidence that” or not', async () => {
    const framed = await adapter.search(
      {
        ...claimOfStory,
        text: 'There is clear evidence that Chinese companies are supplying military attack drones to Russia for the war in Ukraine',
      },
      new AbortController().signal,
    );
    for (const read of [of('chinese-embassy-uk'), framed.filter((f) => f.publisher === 'chinese-embassy-uk')]) {
      expect(read).toEqual([
        expect.objectContaining({
          stance: 'neutral',
          subjectResponse: true,
          reason: expect.stringContaining('non-denial "not aware of the specifics", read as coverage'),
        }),
      ]);
    }
  });
});
