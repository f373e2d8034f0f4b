import type { ArticleRef, ClaimStatus } from '@claimtrail/claims';

/** A claim whose status an editor set or confirmed: what a published ClaimReview says. */
export interface ReviewedClaim {
  claimId: string;
  text: string;
  claimant: string;
  /** The publisher the claimant is (registry id), when it is one: then an Organization. */
  claimantPublisher: string | null;
  article: ArticleRef | null;
  /** The article publisher's name, when the registry has it. */
  articlePublisherName: string | null;
  reportedAt: string;
  status: Exclude<ClaimStatus, 'reported'>;
  reason: string;
  /** When the editor's verdict was recorded. */
  reviewedAt: string;
}

/** How the newsroom publishes: its name and site, the review page URL template, the rating scale. */
export interface ClaimReviewSettings {
  newsroomName: string;
  newsroomUrl: string;
  /** `{id}` is replaced with the claim id. */
  urlTemplate: string;
  /** Rating value per status, and the scale's ends. */
  ratings: Record<Exclude<ClaimStatus, 'reported'>, number>;
  worstRating: number;
  bestRating: number;
}

const LABELS: Record<Exclude<ClaimStatus, 'reported'>, string> = {
  corroborated: 'Corroborated',
  denied: 'Denied',
  unverified: 'Unverified',
};

/**
 * The schema.org ClaimReview (JSON-LD) of an editor-reviewed claim, with the properties
 * Google's fact-check documentation requires (claimReviewed, reviewRating.alternateName,
 * url) and recommends (author, datePublished, itemReviewed as a Claim with its author,
 * datePublished and appearance; ratingValue, bestRating, worstRating).
 */
export function claimReviewJsonLd(claim: ReviewedClaim, settings: ClaimReviewSettings) {
  const appearance = claim.article
    ? {
        '@type': 'NewsArticle',
        url: claim.article.url,
        headline: claim.article.title,
        datePublished: claim.article.publishedAt,
        ...(claim.articlePublisherName
          ? { publisher: { '@type': 'Organization', name: claim.articlePublisherName } }
          : {}),
      }
    : undefined;
  return {
    '@context': 'https://schema.org',
    '@type': 'ClaimReview',
    url: settings.urlTemplate.split('{id}').join(claim.claimId),
    claimReviewed: claim.text,
    datePublished: claim.reviewedAt,
    author: { '@type': 'Organization', name: settings.newsroomName, url: settings.newsroomUrl },
    itemReviewed: {
      '@type': 'Claim',
      author: { '@type': claim.claimantPublisher ? 'Organization' : 'Person', name: claim.claimant },
      datePublished: claim.article?.publishedAt ?? claim.reportedAt,
      ...(appearance ? { appearance, firstAppearance: appearance } : {}),
    },
    reviewRating: {
      '@type': 'Rating',
      ratingValue: settings.ratings[claim.status],
      bestRating: settings.bestRating,
      worstRating: settings.worstRating,
      alternateName: LABELS[claim.status],
      ratingExplanation: claim.reason,
    },
  };
}

export type ClaimReviewDocument = ReturnType<typeof claimReviewJsonLd>;
