import type { StanceModel } from '@claimtrail/stance';
import { ClaimToCorroborate, SourceAdapter, SourceFinding } from '../source-adapter';
import { findingInText } from '../domain/text-finding';
import { setImmediate as yieldToTimers } from 'node:timers/promises';
import { ArticleCandidate, ArticleRepository } from './article.repository';

export interface ArchiveAdapterOptions {
  /** Candidate articles classified per claim, best ranked first (`ARCHIVE_CANDIDATES`). */
  candidates: number;
  /** Sentences quoted per article as the finding's excerpt. */
  maxPassagesPerArticle: number;
  /** Word similarity (0..1) from which an article counts as a near-duplicate of the claim. */
  nearDuplicateSimilarity: number;
  now?: () => Date;
}

/**
 * The newsroom archive as a source: the claim's candidate articles (its rare words through the
 * full-text index, its own article excluded), each read by the stance model; articles about
 * other stories give nothing.
 */
export class ArchiveAdapter implements SourceAdapter {
  readonly name = 'archive';

  constructor(
    private readonly articles: ArticleRepository,
    private readonly model: StanceModel,
    private readonly options: ArchiveAdapterOptions,
  ) {}

  async search(claim: ClaimToCorroborate, signal: AbortSignal): Promise<SourceFinding[]> {
    const rows = await this.articles.search({
      text: claim.text,
      language: claim.language,
      excludeUrl: claim.article?.url,
      limit: this.options.candidates,
    });
    const extra = claim.newReporting;
    if (extra && extra.url !== claim.article?.url && !rows.some((row) => row.url === extra.url)) {
      const row = await this.articles.scoreOne({ text: claim.text, language: claim.language, url: extra.url });
      if (row) rows.push(row);
    }
    const retrievedAt = (this.options.now?.() ?? new Date()).toISOString();
    const findings: SourceFinding[] = [];
    for (const row of rows) {
      // Reading is CPU work (up to 50 articles of up to 200k characters): between articles the job's
      // deadline timer gets its turn, and a passed deadline stops the reading.
      await yieldToTimers();
      signal.throwIfAborted();
      findings.push(...this.read(claim, row, retrievedAt));
    }
    return findings;
  }

  private read(claim: ClaimToCorroborate, row: ArticleCandidate, retrievedAt: string): SourceFinding[] {
    const similarity = Math.round(row.nearDuplicate * 100) / 100;
    const nearDuplicate = row.nearDuplicate >= this.options.nearDuplicateSimilarity;
    return findingInText(
      this.model,
      claim,
      {
        publisher: row.publisher,
        url: row.url,
        text: `${row.title}\n${row.body}`,
        ...(row.postedBy ? { postedBy: row.postedBy } : {}),
      },
      {
        maxPassages: this.options.maxPassagesPerArticle,
        retrievedAt,
        refPrefix: `article:${row.id}`,
        note: nearDuplicate
          ? `near-duplicate of the claim (word similarity ${similarity})`
          : `archive rank ${Math.round(row.rank * 1000) / 1000}`,
      },
    );
  }
}
