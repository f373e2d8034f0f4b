import { AppConfig } from '@claimtrail/config';
import type { StanceModel } from '@claimtrail/stance';
import { ArchiveAdapter } from './archive/archive.adapter';
import { ArticleRepository } from './archive/article.repository';
import { ClaimReviewAdapter } from './claim-review/claim-review.adapter';
import { addressCheck } from './cited-urls/address-guard';
import { CitedUrlsAdapter } from './cited-urls/cited-urls.adapter';
import { PageFetcher } from './cited-urls/page-fetcher';
import { AdapterPolicies } from './runner/adapter-policy';
import { SourceAdapter } from './source-adapter';

/**
 * The source adapters this deployment can ask, built from configuration: the archive and
 * the cited URLs always, ClaimReview only when it has an API key.
 */
export function createSourceAdapters(
  config: AppConfig,
  articles: ArticleRepository,
  model: StanceModel,
): SourceAdapter[] {
  const { corroboration: c } = config;
  const adapters: SourceAdapter[] = [
    new ArchiveAdapter(articles, model, {
      candidates: c.archive.candidates,
      maxPassagesPerArticle: c.passages.maxPerText,
      nearDuplicateSimilarity: 0.6,
    }),
  ];
  if (c.claimReview.apiKey) {
    adapters.push(
      new ClaimReviewAdapter({
        apiKey: c.claimReview.apiKey,
        baseUrl: c.claimReview.baseUrl,
        pageSize: c.claimReview.pageSize,
        maxPages: c.claimReview.maxPages,
        requestTimeoutMs: c.sourcePolicies['claim-review'].timeoutMs,
        // A fact-check of a merely related claim says nothing about ours.
        minRelevance: c.claimReview.minRelevance,
      }),
    );
  }
  const fetcher = new PageFetcher({
    timeoutMs: c.fetch.timeoutMs,
    connectTimeoutMs: c.fetch.connectTimeoutMs,
    maxBytes: c.fetch.maxBytes,
    maxRedirects: c.fetch.maxRedirects,
    checkAddress: addressCheck(c.fetch.allowPrivateAddresses),
  });
  adapters.push(
    new CitedUrlsAdapter(fetcher, model, {
      maxUrls: c.citedUrls.maxUrls,
      maxPassagesPerPage: c.passages.maxPerText,
    }),
  );
  return adapters;
}

/** Each source's policy from configuration; a source without its own gets the archive's. */
export function createAdapterPolicies(config: AppConfig): AdapterPolicies {
  const { sourcePolicies, backoff } = config.corroboration;
  const policies = Object.fromEntries(Object.entries(sourcePolicies).map(([name, p]) => [name, { ...p, backoff }]));
  return new AdapterPolicies(policies, { ...sourcePolicies.archive, backoff });
}
