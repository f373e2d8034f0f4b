import { request } from 'undici';
import { z } from 'zod';
import { Forbidden, Unavailable } from '@claimtrail/errors';
import { ClaimToCorroborate, SourceAdapter, SourceFinding } from '../source-adapter';
import { stanceOfRating } from '../domain/textual-rating';
import { relevance } from '../domain/text-similarity';

export interface ClaimReviewAdapterOptions {
  apiKey: string;
  /** `https://factchecktools.googleapis.com` in production; a local stand-in in tests. */
  baseUrl: string;
  pageSize: number;
  /** Pages followed through `nextPageToken`, at most. */
  maxPages: number;
  /** Per HTTP request (headers and body each). */
  requestTimeoutMs: number;
  /** Fact-checked claims less similar to ours than this (0..1) are not about it. */
  minRelevance: number;
  now?: () => Date;
}

/** The documented `claims:search` response, read leniently: every field may be missing. */
const searchResponse = z.object({
  claims: z
    .array(
      z.object({
        text: z.string().default(''),
        claimant: z.string().optional(),
        claimDate: z.string().optional(),
        claimReview: z
          .array(
            z.object({
              publisher: z.object({ name: z.string().optional(), site: z.string().optional() }).default({}),
              url: z.string().optional(),
              title: z.string().optional(),
              reviewDate: z.string().optional(),
              textualRating: z.string().optional(),
              languageCode: z.string().optional(),
            }),
          )
          .default([]),
      }),
    )
    .default([]),
  nextPageToken: z.string().optional(),
});

type SearchResponse = z.output<typeof searchResponse>;

/**
 * Published fact-checks (schema.org ClaimReview) found through the Google Fact Check
 * Tools API `claims:search`. Each review of a claim similar to ours becomes a finding
 * whose stance is the reviewer's `textualRating` read through RATING_TABLE, its
 * confidence scaled by how close the fact-checked claim is to ours.
 */
export class ClaimReviewAdapter implements SourceAdapter {
  readonly name = 'claim-review';

  constructor(private readonly options: ClaimReviewAdapterOptions) {}

  async search(claim: ClaimToCorroborate, signal: AbortSignal): Promise<SourceFinding[]> {
    const retrievedAt = (this.options.now?.() ?? new Date()).toISOString();
    const findings = new Map<string, SourceFinding>();
    let pageToken: string | undefined;
    for (let page = 0; page < this.options.maxPages; page++) {
      const response = await this.fetchPage(claim, pageToken, signal);
      for (const reviewed of response.claims) {
        const similarity = Math.round(relevance(claim.text, reviewed.text) * 100) / 100;
        if (similarity < this.options.minRelevance) continue;
        for (const review of reviewed.claimReview) {
          const publisher = review.publisher.name ?? review.publisher.site;
          if (!review.url || !review.textualRating || !publisher || findings.has(review.url)) continue;
          const rating = stanceOfRating(review.textualRating);
          findings.set(review.url, {
            publisher,
            url: review.url,
            excerpt: review.title ? `“${reviewed.text}” — ${review.title}` : `“${reviewed.text}”`,
            stance: rating.stance,
            confidence: Math.round(rating.confidence * (0.5 + 0.5 * similarity) * 100) / 100,
            reason: `rating "${review.textualRating}" (${rating.rule}); fact-checked claim relevance ${similarity}`,
            retrievedAt,
            sourceRef: `claimreview:${review.url}`,
          });
        }
      }
      pageToken = response.nextPageToken;
      if (!pageToken) break;
    }
    return [...findings.values()];
  }

  private async fetchPage(
    claim: ClaimToCorroborate,
    pageToken: string | undefined,
    signal: AbortSignal,
  ): Promise<SearchResponse> {
    const url = new URL('/v1alpha1/claims:search', this.options.baseUrl);
    url.searchParams.set('query', claim.text);
    url.searchParams.set('languageCode', claim.language);
    url.searchParams.set('pageSize', String(this.options.pageSize));
    if (pageToken) url.searchParams.set('pageToken', pageToken);
    url.searchParams.set('key', this.options.apiKey);
    const shown = url.toString().replace(/key=[^&]*/, 'key=…');

    let response;
    try {
      response = await request(url, {
        method: 'GET',
        signal,
        headers: { accept: 'application/json' },
        headersTimeout: this.options.requestTimeoutMs,
        bodyTimeout: this.options.requestTimeoutMs,
      });
    } catch (error) {
      if (signal.aborted) throw error;
      throw new Unavailable(`ClaimReview search did not answer: ${(error as Error).message}`, { url: shown });
    }
    const text = await response.body.text();
    if (response.statusCode === 429 || response.statusCode >= 500) {
      throw new Unavailable(`ClaimReview search answered ${response.statusCode}`, { status: response.statusCode });
    }
    if (response.statusCode >= 400) {
      // A bad key or a rejected query: asking again will not help.
      throw new Forbidden(`ClaimReview search refused the request (${response.statusCode}): ${text.slice(0, 200)}`, {
        status: response.statusCode,
      });
    }
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      throw new Unavailable('ClaimReview search answered malformed JSON', { url: shown });
    }
    const parsed = searchResponse.safeParse(json);
    if (!parsed.success)
      throw new Unavailable(`ClaimReview search answered an unexpected shape: ${parsed.error.issues[0]?.message}`);
    return parsed.data;
  }
}
