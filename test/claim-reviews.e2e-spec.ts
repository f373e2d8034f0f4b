import { ApiHarness, startApi } from './support/api-harness';
import { createKey } from './support/api-keys';
import { claimClient, TEST_PUBLISHERS } from './support/claim-client';
import { eventually } from './support/worker-harness';

interface ClaimReview {
  '@context': string;
  '@type': string;
  url: string;
  claimReviewed: string;
  datePublished: string;
  author: { '@type': string; name: string; url: string };
  itemReviewed: {
    '@type': string;
    author: { '@type': string; name: string };
    datePublished: string;
    appearance: { '@type': string; url: string; headline: string; datePublished: string; publisher?: { name: string } };
  };
  reviewRating: {
    '@type': string;
    ratingValue: number;
    bestRating: number;
    worstRating: number;
    alternateName: string;
  };
}

describe('ClaimReview publishing: GET /claims/:id/claim-review and the GET /claim-reviews feed', () => {
  let api: ApiHarness;
  let reporter: ReturnType<typeof claimClient>;
  let editor: ReturnType<typeof claimClient>;
  const article = {
    url: 'https://www.bbc.co.uk/news/drones-1',
    title: 'Drones story',
    publisher: 'bbc',
    publishedAt: '2026-11-28T09:00:00Z',
  };

  beforeAll(async () => {
    api = await startApi({
      NEWSROOM_NAME: 'The Desk',
      NEWSROOM_URL: 'https://desk.example',
      CLAIM_REVIEW_URL_TEMPLATE: 'https://desk.example/checks/{id}',
      CLAIM_REVIEW_RATINGS: 'denied:1,unverified:2,corroborated:3',
      CLAIM_REVIEW_BEST_RATING: '3',
    });
    reporter = claimClient(api, await createKey(api, 'reporter'));
    editor = claimClient(api, await createKey(api, 'editor'));
    for (const p of TEST_PUBLISHERS) await editor.publisher(p);
  });
  afterAll(() => api?.close());

  const review = (id: string) => reporter.call('GET', `/claims/${id}/claim-review`);

  it("publishes an editor's verdict with Google's required and recommended properties", async () => {
    const { id } = (
      await reporter.report({ text: 'Kupol supplied the G3 drone', claimant: 'a western official', article })
    ).json() as { id: string };
    expect((await editor.verdict(id, { status: 'denied', reason: 'The invoices show another buyer' })).statusCode).toBe(
      200,
    );

    let res = await review(id);
    await eventually(async () => (res = await review(id)).statusCode === 200, 'the review was projected');
    expect(res.headers['content-type']).toMatch(/^application\/ld\+json/);
    const body = res.json() as ClaimReview;
    // Required (Google): claimReviewed, reviewRating with alternateName, url.
    expect(body['@context']).toBe('https://schema.org');
    expect(body['@type']).toBe('ClaimReview');
    expect(body.claimReviewed).toBe('Kupol supplied the G3 drone');
    expect(body.url).toBe(`https://desk.example/checks/${id}`);
    expect(body.reviewRating).toMatchObject({
      '@type': 'Rating',
      alternateName: 'Denied',
      ratingValue: 1,
      worstRating: 1,
      bestRating: 3,
    });
    // Recommended: author, datePublished, itemReviewed (Claim with author, datePublished, appearance).
    expect(body.author).toEqual({ '@type': 'Organization', name: 'The Desk', url: 'https://desk.example' });
    expect(Number.isNaN(Date.parse(body.datePublished))).toBe(false);
    expect(body.itemReviewed).toMatchObject({
      '@type': 'Claim',
      author: { '@type': 'Person', name: 'a western official' },
      datePublished: '2026-11-28T09:00:00Z',
      appearance: { url: article.url, headline: 'Drones story', publisher: { name: 'BBC' } },
    });
  });

  it("refuses a claim whose status only the policy set, and one whose editor's verdict was withdrawn", async () => {
    const { id } = (await reporter.report({ text: 'Only the policy looked at this' })).json() as { id: string };
    // An editor's evidence: one reporter key's would count as one source at most.
    await editor.evidence(id, { publisher: 'reuters', stance: 'supports' });
    await editor.evidence(id, { publisher: 'bbc', stance: 'supports' });
    expect((await reporter.get(id)).json()).toMatchObject({ status: 'corroborated' });
    expect((await review(id)).statusCode).toBe(404);

    const { id: withdrawn } = (await reporter.report({ text: 'Reviewed, then withdrawn' })).json() as { id: string };
    await editor.verdict(withdrawn, { status: 'corroborated', reason: 'Two officials confirmed' });
    await eventually(async () => (await review(withdrawn)).statusCode === 200, 'the review was projected');
    await editor.verdict(withdrawn, { withdraw: true, reason: 'One official retracted' });
    await eventually(async () => (await review(withdrawn)).statusCode === 404, 'the withdrawal was projected');
    expect((await review(withdrawn)).headers['content-type']).toMatch(/application\/problem\+json/);
  });

  it('feeds the CMS every change since a moment, page by page, withdrawals included', async () => {
    const since = new Date().toISOString();
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      const { id } = (await reporter.report({ text: `Feed claim ${i}`, claimant: 'Reuters' })).json() as { id: string };
      await editor.verdict(id, { status: 'unverified', reason: 'No second source' });
      ids.push(id);
    }
    await editor.verdict(ids[0], { withdraw: true, reason: 'Reopened' });
    const feed = async (query: string) => {
      const res = await reporter.call('GET', `/claim-reviews?${query}`);
      expect(res.statusCode).toBe(200);
      return res.json() as {
        items: { claimId: string; inForce: boolean; claimReview: ClaimReview | null }[];
        nextCursor: string | null;
      };
    };
    await eventually(
      async () =>
        (await feed(`since=${since}&limit=10`)).items.length === 3 &&
        !(await feed(`since=${since}`)).items.some((i) => i.claimId === ids[0] && i.inForce),
      'the feed has the three changes',
    );

    const first = await feed(`since=${encodeURIComponent(since)}&limit=2`);
    expect(first.items).toHaveLength(2);
    const second = await feed(`since=${encodeURIComponent(since)}&limit=2&cursor=${first.nextCursor}`);
    const items = [...first.items, ...second.items];
    expect(new Set(items.map((i) => i.claimId))).toEqual(new Set(ids));
    expect(items.find((i) => i.claimId === ids[0])).toMatchObject({ inForce: false, claimReview: null });
    const published = items.find((i) => i.claimId === ids[1])!;
    expect(published.claimReview).toMatchObject({
      reviewRating: { alternateName: 'Unverified', ratingValue: 2 },
      itemReviewed: { author: { '@type': 'Organization', name: 'Reuters' } },
    });

    const bad = await reporter.call('GET', '/claim-reviews?since=yesterday');
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({ errors: [{ field: 'since' }] });
  });
});
