import { claimReviewJsonLd, ClaimReviewSettings, ReviewedClaim } from './claim-review.json-ld';

const settings: ClaimReviewSettings = {
  newsroomName: 'The Desk',
  newsroomUrl: 'https://desk.example',
  urlTemplate: 'https://desk.example/checks/{id}?ref={id}',
  ratings: { denied: 1, unverified: 2, corroborated: 3 },
  worstRating: 1,
  bestRating: 3,
};

const claim: ReviewedClaim = {
  claimId: '0b6c3a0e-1c4f-4d7e-9a51-2f1f7c3d9e10',
  text: 'Kupol was placed under US sanctions in December 2023',
  claimant: 'Reuters',
  claimantPublisher: 'reuters',
  article: {
    url: 'https://news.sky.com/story/x',
    title: 'Drones',
    publisher: 'sky-news',
    publishedAt: '2024-09-26T15:30:00.000Z',
  },
  articlePublisherName: 'Sky News',
  reportedAt: '2024-09-26T16:00:00.000Z',
  status: 'corroborated',
  reason: 'Treasury designation and a second outlet',
  reviewedAt: '2024-09-27T09:00:00.000Z',
};

describe('claimReviewJsonLd', () => {
  it("given an editor's verdict, when published, then Google's required properties are there", () => {
    const doc = claimReviewJsonLd(claim, settings);
    expect(doc).toMatchObject({ '@context': 'https://schema.org', '@type': 'ClaimReview', claimReviewed: claim.text });
    expect(doc.url).toBe(`https://desk.example/checks/${claim.claimId}?ref=${claim.claimId}`);
    expect(doc.reviewRating).toMatchObject({
      '@type': 'Rating',
      alternateName: 'Corroborated',
      ratingValue: 3,
      bestRating: 3,
      worstRating: 1,
    });
  });

  it('given a claimant that is a publisher, when published, then the Claim is authored by an Organization and appears in the article', () => {
    const doc = claimReviewJsonLd(claim, settings);
    expect(doc.itemReviewed).toEqual({
      '@type': 'Claim',
      author: { '@type': 'Organization', name: 'Reuters' },
      datePublished: claim.article!.publishedAt,
      appearance: expect.objectContaining({
        url: claim.article!.url,
        publisher: { '@type': 'Organization', name: 'Sky News' },
      }),
      firstAppearance: expect.objectContaining({ url: claim.article!.url }),
    });
    expect(doc.author).toEqual({ '@type': 'Organization', name: 'The Desk', url: 'https://desk.example' });
    expect(doc.datePublished).toBe(claim.reviewedAt);
  });

  it('given a claim without an article, when published, then it has no appearance and dates from its report', () => {
    const doc = claimReviewJsonLd({ ...claim, article: null, claimantPublisher: null, status: 'denied' }, settings);
    expect(doc.itemReviewed).toEqual({
      '@type': 'Claim',
      author: { '@type': 'Person', name: 'Reuters' },
      datePublished: claim.reportedAt,
    });
    expect(doc.reviewRating).toMatchObject({ alternateName: 'Denied', ratingValue: 1 });
  });
});
