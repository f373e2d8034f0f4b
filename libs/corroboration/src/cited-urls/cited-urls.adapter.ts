import { ClaimtrailError } from '@claimtrail/errors';
import type { StanceModel } from '@claimtrail/stance';
import { ClaimToCorroborate, SourceAdapter, SourceFinding } from '../source-adapter';
import { findingInText } from '../domain/text-finding';
import { extractMainText, plainText } from './main-text';
import { PageFetcher } from './page-fetcher';

export interface CitedUrlsAdapterOptions {
  /** URLs fetched per claim; the rest are ignored. */
  maxUrls: number;
  /** Sentences quoted per page as the finding's excerpt. */
  maxPassagesPerPage: number;
  now?: () => Date;
}

/** A failure worth another try later: the server or the network, not the page itself. */
const isTransient = (error: unknown) => !(error instanceof ClaimtrailError) || error.code === 'unavailable';

/**
 * The sources a claim cites, fetched (safely: see PageFetcher) and searched for the
 * claim. A page refused or missing is the page's answer, and the others still count; only
 * when no page could be read and some failed transiently does the search fail, to be retried.
 */
export class CitedUrlsAdapter implements SourceAdapter {
  readonly name = 'cited-urls';

  constructor(
    private readonly fetcher: PageFetcher,
    private readonly model: StanceModel,
    private readonly options: CitedUrlsAdapterOptions,
  ) {}

  async search(claim: ClaimToCorroborate, signal: AbortSignal): Promise<SourceFinding[]> {
    const urls = [...new Set(claim.citedUrls)]
      .filter((url) => url !== claim.article?.url)
      .slice(0, this.options.maxUrls);
    const results = await Promise.allSettled(urls.map((url) => this.read(claim, url, signal)));
    signal.throwIfAborted();
    const failures = results.flatMap((r) => (r.status === 'rejected' ? [r.reason as unknown] : []));
    const transient = failures.find(isTransient);
    if (transient !== undefined && failures.length === results.length) throw transient;
    return results.flatMap((r) => (r.status === 'fulfilled' ? r.value : []));
  }

  private async read(claim: ClaimToCorroborate, url: string, signal: AbortSignal): Promise<SourceFinding[]> {
    const page = await this.fetcher.fetch(url, signal);
    signal.throwIfAborted(); // reading a page is CPU work: not after the job's deadline
    const { text } = page.contentType.startsWith('text/plain') ? plainText(page.body) : extractMainText(page.body);
    const publisher = new URL(page.url).hostname.replace(/^www\./, '');
    return findingInText(
      this.model,
      claim,
      { publisher, url: page.url, text },
      {
        maxPassages: this.options.maxPassagesPerPage,
        retrievedAt: (this.options.now?.() ?? new Date()).toISOString(),
        refPrefix: `url:${url}`,
        note: page.url === url ? 'cited by the claim' : `cited by the claim as ${url}`,
      },
    );
  }
}
